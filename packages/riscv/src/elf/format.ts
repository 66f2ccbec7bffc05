/**
 * ELF32 constants the loader needs: header and program-header layout, segment types and flags, the
 * RISC-V `e_flags` bits, and the auxiliary-vector types of Linux's initial stack. Values are those of
 * the System V gABI, the RISC-V ELF psABI and Linux's `include/uapi/linux/auxvec.h`.
 *
 * @module
 */

/** Size of an ELF32 file header. */
export const ELF32_HEADER_SIZE = 52;
/** Size of an ELF32 program header. */
export const ELF32_PHDR_SIZE = 32;
/** `EM_RISCV`. */
export const EM_RISCV = 243;

/** Values of `e_ident[EI_CLASS]`, `e_ident[EI_DATA]` and `e_ident[EI_OSABI]` the loader accepts. */
export const ElfIdent = {
  /** `ELFCLASS32`. */
  Class32: 1,
  /** `ELFDATA2LSB`: little-endian. */
  DataLsb: 1,
  /** `EV_CURRENT`. */
  VersionCurrent: 1,
  /** `ELFOSABI_SYSV` (what GNU ld writes for a static executable). */
  OsAbiSysv: 0,
  /** `ELFOSABI_GNU` / `ELFOSABI_LINUX`. */
  OsAbiLinux: 3,
} as const;

/** Values of `e_type`. */
export const ElfType = {
  /** Relocatable object. */
  Rel: 1,
  /** Executable at fixed addresses. */
  Exec: 2,
  /** Shared object or position-independent executable. */
  Dyn: 3,
  /** Core dump. */
  Core: 4,
} as const;

/** Values of `p_type` the loader looks at (others are ignored). */
export const SegmentType = {
  /** Unused entry. */
  Null: 0,
  /** Loadable segment. */
  Load: 1,
  /** Dynamic-linking information. */
  Dynamic: 2,
  /** Path of the program interpreter (dynamic linker). */
  Interp: 3,
  /** The program-header table itself. */
  Phdr: 6,
  /** Thread-local storage template. */
  Tls: 7,
  /** GNU: the stack's permissions. */
  GnuStack: 0x6474e551,
  /** RISC-V: the attributes section (not loaded). */
  RiscvAttributes: 0x70000003,
} as const;

/** Bits of `p_flags`. */
export const SegmentFlag = {
  /** Executable. */
  X: 1,
  /** Writable. */
  W: 2,
  /** Readable. */
  R: 4,
} as const;

/** Bits of a RISC-V `e_flags` (psABI). */
export const RiscvFlag = {
  /** Uses compressed instructions. */
  Rvc: 0x1,
  /** Mask of the floating-point ABI field. */
  FloatAbiMask: 0x6,
  /** Soft-float ABI: the only one accepted. */
  FloatAbiSoft: 0x0,
  /** Single-float ABI (`ilp32f`). */
  FloatAbiSingle: 0x2,
  /** Double-float ABI (`ilp32d`). */
  FloatAbiDouble: 0x4,
  /** Quad-float ABI. */
  FloatAbiQuad: 0x6,
  /** The RV32E base (16 registers, `ilp32e`). */
  Rve: 0x8,
  /** Total store ordering (RVTSO): stronger than our hart needs; accepted. */
  Tso: 0x10,
} as const;

/** Auxiliary-vector entry types (Linux `AT_*`). */
export const AuxvType = {
  /** End of the vector. */
  Null: 0,
  /** Address of the program headers in memory. */
  Phdr: 3,
  /** Size of one program header. */
  Phent: 4,
  /** Number of program headers. */
  Phnum: 5,
  /** Page size. */
  Pagesz: 6,
  /** Base address of the interpreter (0: none). */
  Base: 7,
  /** Flags (0). */
  Flags: 8,
  /** Entry point of the program. */
  Entry: 9,
  /** Real user id. */
  Uid: 11,
  /** Effective user id. */
  Euid: 12,
  /** Real group id. */
  Gid: 13,
  /** Effective group id. */
  Egid: 14,
  /** Address of the platform string. */
  Platform: 15,
  /** Hardware capabilities: one bit per single-letter ISA extension on RISC-V. */
  Hwcap: 16,
  /** Clock ticks per second (`times`). */
  Clktck: 17,
  /** Secure mode (setuid-like exec). */
  Secure: 23,
  /** Address of 16 random bytes. */
  Random: 25,
  /** Address of the executable's file name. */
  Execfn: 31,
  /** Address of the vDSO's ELF header. */
  SysinfoEhdr: 33,
} as const;

/** `AT_HWCAP` for RV32IMA: the bits of the letters I, M and A (`1 << (letter - 'A')`). */
export const HWCAP_RV32IMA = (1 << 8) | (1 << 12) | (1 << 0);
