/**
 * The loader's errors: one closed union, {@link ElfLoadError}, of four tagged kinds. A shim maps them
 * to errno explicitly: format and not-supported errors to `ENOEXEC`, map errors to `ENOMEM`, an
 * oversized argument list to `E2BIG`.
 *
 * @module
 */
import type { MemoryFault, PageError } from "@litebox-ts/core";

/** Ways an ELF file can be malformed or unacceptable for a RISC-V rv32 Linux executable. */
export const ElfFormatCode = {
  /** Shorter than an ELF32 header. */
  TooShort: "TooShort",
  /** `e_ident` does not start with `\x7fELF`. */
  BadMagic: "BadMagic",
  /** Not `ELFCLASS32`. */
  BadClass: "BadClass",
  /** Not little-endian. */
  BadDataEncoding: "BadDataEncoding",
  /** `EI_VERSION` or `e_version` is not 1. */
  BadVersion: "BadVersion",
  /** OS ABI neither System V nor Linux. */
  BadOsAbi: "BadOsAbi",
  /** `e_type` is not an executable (relocatable object, core dump, unknown). */
  BadType: "BadType",
  /** `e_machine` is not `EM_RISCV`. */
  BadMachine: "BadMachine",
  /** `e_ehsize` is smaller than an ELF32 header. */
  BadHeaderSize: "BadHeaderSize",
  /** `e_phentsize` is not 32. */
  BadProgramHeaderSize: "BadProgramHeaderSize",
  /** `e_phnum` is 0: nothing to load. */
  NoProgramHeaders: "NoProgramHeaders",
  /** The program-header table is larger than 64 KiB (Linux's limit), or uses extended numbering. */
  TooManyProgramHeaders: "TooManyProgramHeaders",
  /** The program-header table does not lie inside the file. */
  ProgramHeadersOutsideFile: "ProgramHeadersOutsideFile",
  /** No `PT_LOAD` segment. */
  NoLoadSegment: "NoLoadSegment",
  /** A segment's `p_filesz` exceeds its `p_memsz`. */
  FileSizeExceedsMemorySize: "FileSizeExceedsMemorySize",
  /** A segment's file bytes `[p_offset, p_offset + p_filesz)` are not inside the file. */
  SegmentOutsideFile: "SegmentOutsideFile",
  /** `p_vaddr + p_memsz` (rounded to pages) passes 2^32. */
  SegmentAddressOverflow: "SegmentAddressOverflow",
  /** A segment's pages are not inside the target's address range. */
  SegmentOutsideAddressSpace: "SegmentOutsideAddressSpace",
  /** `p_vaddr` and `p_offset` differ modulo the page size, or `p_align` is not a power of two. */
  SegmentMisaligned: "SegmentMisaligned",
  /** Two segments claim the same bytes of memory. */
  SegmentsOverlap: "SegmentsOverlap",
  /** The entry point is not inside an executable segment. */
  EntryNotExecutable: "EntryNotExecutable",
  /** The entry point is not 4-byte aligned (no compressed instructions: IALIGN is 32). */
  EntryMisaligned: "EntryMisaligned",
} as const;
/** {@inheritDoc (ElfFormatCode:variable)} */
export type ElfFormatCode = (typeof ElfFormatCode)[keyof typeof ElfFormatCode];

/** A malformed or unacceptable ELF file. */
export interface ElfFormatError {
  /** Discriminant. */
  readonly _tag: "ElfFormatError";
  /** What is wrong. */
  readonly code: ElfFormatCode;
  /** The index of the offending program header, for segment errors. */
  readonly segment?: number;
}

/** Well-formed executables this loader (or the RV32IMA hart) does not run. */
export const ElfFeature = {
  /** `PT_INTERP`: a dynamically linked executable (no dynamic linker here). */
  Dynamic: "Dynamic",
  /** `ET_DYN` without an interpreter: a static position-independent executable. */
  StaticPie: "StaticPie",
  /** A hard-float ABI (`ilp32f`, `ilp32d`, quad): the hart has no F/D/Q. */
  FloatAbi: "FloatAbi",
  /** The RV32E base ABI. */
  Rve: "Rve",
  /** Compressed instructions (`EF_RISCV_RVC`): the hart is RV32IMA without C. */
  Compressed: "Compressed",
} as const;
/** {@inheritDoc (ElfFeature:variable)} */
export type ElfFeature = (typeof ElfFeature)[keyof typeof ElfFeature];

/** A well-formed executable that needs something unsupported. */
export interface ElfNotSupportedError {
  /** Discriminant. */
  readonly _tag: "ElfNotSupported";
  /** What it needs. */
  readonly feature: ElfFeature;
}

/** Mapping or filling memory failed (the platform's page error, or a fault writing into a page). */
export interface ElfMapError {
  /** Discriminant. */
  readonly _tag: "ElfMapError";
  /** The first address of the operation that failed. */
  readonly address: number;
  /** The platform's answer. */
  readonly cause: PageError | MemoryFault;
}

/** Ways the initial stack cannot be built. */
export const InitialStackCode = {
  /** argv + envp do not fit the argument limit, or one string exceeds 128 KiB (Linux: E2BIG). */
  ArgumentListTooLong: "ArgumentListTooLong",
  /** The stack does not fit inside the address range below its top. */
  StackOutOfRange: "StackOutOfRange",
  /** The stack's pages would overlap the image's. */
  StackOverlapsImage: "StackOverlapsImage",
} as const;
/** {@inheritDoc (InitialStackCode:variable)} */
export type InitialStackCode = (typeof InitialStackCode)[keyof typeof InitialStackCode];

/** The initial stack could not be laid out. */
export interface InitialStackError {
  /** Discriminant. */
  readonly _tag: "InitialStackError";
  /** Why. */
  readonly code: InitialStackCode;
}

/** Everything {@link loadElf} can answer instead of a loaded image: a closed union. */
export type ElfLoadError = ElfFormatError | ElfNotSupportedError | ElfMapError | InitialStackError;

/** Builds an {@link ElfFormatError}. */
export function elfFormatError(code: ElfFormatCode, segment?: number): ElfFormatError {
  return segment === undefined ? { _tag: "ElfFormatError", code } : { _tag: "ElfFormatError", code, segment };
}

/** Builds an {@link ElfNotSupportedError}. */
export function elfNotSupported(feature: ElfFeature): ElfNotSupportedError {
  return { _tag: "ElfNotSupported", feature };
}

/** Builds an {@link ElfMapError}. */
export function elfMapError(address: number, cause: PageError | MemoryFault): ElfMapError {
  return { _tag: "ElfMapError", address: address >>> 0, cause };
}

/** Builds an {@link InitialStackError}. */
export function initialStackError(code: InitialStackCode): InitialStackError {
  return { _tag: "InitialStackError", code };
}
