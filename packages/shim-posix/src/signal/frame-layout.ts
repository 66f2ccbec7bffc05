/**
 * The riscv Linux signal frame as an rv32 guest sees it: byte offsets of `struct rt_sigframe`
 * (`arch/riscv/kernel/signal.c`: a `siginfo` followed by a `ucontext`), `struct ucontext`
 * (`arch/riscv/include/uapi/asm/ucontext.h`: flags, link, `stack_t`, the signal mask, padding that
 * rounds the mask up to 1024 bits, then the machine context) and `struct sigcontext`
 * (`uapi/asm/sigcontext.h`: `user_regs_struct` — pc then x1..x31 — followed by a union of the
 * floating-point state and the extension-descriptor header, 16-byte aligned).
 *
 * The hart is RV32IMA: no F/D/Q and no V. The kernel then saves no floating-point state, writes a
 * zero `sc_extdesc.reserved` word and an END context header (magic 0, size 0), and rt_sigreturn
 * insists on both. The frame needs no room for vector state, so its size is `sizeof(struct
 * rt_sigframe)` rounded up to 16.
 *
 * @module
 */

/** `struct sigcontext` (the `uc_mcontext` of a ucontext): 656 bytes, 16-byte aligned. */
export const SigcontextLayout = {
  SIZE: 656,
  /** `sc_regs.pc`: where the interrupted code resumes. */
  pc: 0,
  /** `sc_regs` field of register x1..x31 is at `4 · n` (x0 is not saved: its slot is the pc). */
  regsSize: 128,
  /** `sc_fpregs` (union `__riscv_fp_state`, 528 bytes, 16-byte aligned). */
  sc_fpregs: 128,
  /** `sc_extdesc.reserved`: zero on delivery, must be zero at rt_sigreturn. */
  extdescReserved: 128 + 516,
  /** `sc_extdesc.hdr.magic`: the first extension context header (END_MAGIC = 0 here). */
  extdescMagic: 128 + 520,
  /** `sc_extdesc.hdr.size` (END_HDR_SIZE = 0). */
  extdescSize: 128 + 524,
  /** Size of the floating-point union (the largest member, the Q state, 16-aligned). */
  fpUnionSize: 528,
} as const;

/** riscv `struct ucontext`: 816 bytes, 16-byte aligned (because of the sigcontext). */
export const UcontextLayout = {
  SIZE: 816,
  uc_flags: 0,
  uc_link: 4,
  /** A `stack_t` (ss_sp, ss_flags, ss_size: 12 bytes). */
  uc_stack: 8,
  /** The kernel `sigset_t` (8 bytes) restored by rt_sigreturn. */
  uc_sigmask: 20,
  /** `__unused[1024 / 8 - sizeof(sigset_t)]`: 120 bytes of padding after the mask. */
  unused: 28,
  /** The machine context, 16-byte aligned (28 + 120 = 148 rounds up to 160). */
  uc_mcontext: 160,
} as const;

/** riscv `struct rt_sigframe` (MMU kernels: no trampoline words on the stack): 944 bytes. */
export const RtSigframeLayout = {
  SIZE: 944,
  /** The `siginfo_t` (128 bytes); a1 of the handler points here. */
  info: 0,
  /** The ucontext; a2 of the handler points here. */
  uc: 128,
} as const;

/** Stack alignment the kernel applies to the frame address. */
export const FRAME_ALIGNMENT = 16;

/** Extension context magic numbers (`uapi/asm/sigcontext.h`). */
export const ContextMagic = {
  /** Terminates the extension list. */
  END_MAGIC: 0,
  /** Vector state (never produced here: the hart has no V extension). */
  RISCV_V_MAGIC: 0x5346_5457,
} as const;

/**
 * The sigreturn trampoline the kernel's vDSO provides and the shim maps itself:
 * `li a7, 139` (`addi x17, x0, __NR_rt_sigreturn`) then `ecall`.
 */
export const SIGRETURN_TRAMPOLINE_CODE: readonly number[] = [
  // addi x17, x0, 139: imm 139 << 20 | rs1 0 | funct3 0 | rd 17 << 7 | opcode 0x13
  ((139 << 20) | (17 << 7) | 0x13) >>> 0,
  // ecall
  0x0000_0073,
];
