/**
 * ELF32 validation: reads an executable's header and program headers and checks everything the
 * loader relies on before any memory is touched, so a bad file fails `execve` without harming the
 * caller. Every read is bounds-checked first: malformed input always ends in a typed error, never a
 * host exception. Section headers are ignored, as Linux ignores them.
 *
 * @module
 */
import { PAGE_SIZE, Prot, err, ok, type AddressRange, type Protection, type Result } from "@litebox-ts/core";
import {
  ElfFeature,
  ElfFormatCode,
  elfFormatError,
  elfNotSupported,
  type ElfFormatError,
  type ElfNotSupportedError,
} from "./errors";
import {
  ELF32_HEADER_SIZE,
  ELF32_PHDR_SIZE,
  EM_RISCV,
  ElfIdent,
  ElfType,
  RiscvFlag,
  SegmentFlag,
  SegmentType,
} from "./format";

/** Linux refuses program-header tables larger than this (`ELF_MIN_ALIGN`-independent 64 KiB). */
const MAX_PHDR_TABLE_BYTES = 65536;
const PN_XNUM = 0xffff;
const U32_END = 0x1_0000_0000;

/** One `PT_LOAD` segment of a validated image. */
export interface LoadSegment {
  /** Index of its program header. */
  readonly index: number;
  /** First virtual address. */
  readonly vaddr: number;
  /** Bytes of memory (file bytes, then zeros). */
  readonly memsz: number;
  /** Offset of its file bytes. */
  readonly offset: number;
  /** Bytes taken from the file. */
  readonly filesz: number;
  /** Its protection as core {@link Prot} bits. */
  readonly prot: Protection;
}

/** A validated executable: what {@link parseElf} returns and the mapper and stack builder use. */
export interface ElfImage {
  /** The entry point. */
  readonly entry: number;
  /** `e_flags`. */
  readonly flags: number;
  /** The `PT_LOAD` segments with a non-zero size, in file order. */
  readonly segments: readonly LoadSegment[];
  /**
   * Where the program headers are in memory (`AT_PHDR`): inside the loaded segment whose file bytes
   * contain them, as Linux computes it; 0 when no segment contains them.
   */
  readonly phdrAddress: number;
  /** Size of one program header (`AT_PHENT`). */
  readonly phent: number;
  /** Number of program headers (`AT_PHNUM`). */
  readonly phnum: number;
  /** `PT_GNU_STACK` asks for an executable stack (absent: not executable). */
  readonly executableStack: boolean;
  /** Lowest page address of the image. */
  readonly start: number;
  /** Page-aligned end of the highest segment: where the program break starts. */
  readonly end: number;
}

/** The errors {@link parseElf} can return. */
export type ElfParseError = ElfFormatError | ElfNotSupportedError;

function protOf(flags: number): Protection {
  return ((flags & SegmentFlag.R) !== 0 ? Prot.Read : 0)
    | ((flags & SegmentFlag.W) !== 0 ? Prot.Write : 0)
    | ((flags & SegmentFlag.X) !== 0 ? Prot.Exec : 0);
}

/**
 * Validates `bytes` as an ELF32 little-endian RISC-V executable for Linux user mode (static,
 * `ET_EXEC`, soft-float, no compressed instructions) whose segments fit in `range` (default: the
 * whole 32-bit space). Checks run in a fixed order, so each defect has one answer.
 */
export function parseElf(bytes: Uint8Array, range: AddressRange = { start: 0, end: U32_END }): Result<ElfImage, ElfParseError> {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const length = bytes.byteLength;
  const fail = (code: ElfFormatCode, segment?: number): Result<never, ElfParseError> => err(elfFormatError(code, segment));

  if (length >= 4 && !(bytes[0] === 0x7f && bytes[1] === 0x45 && bytes[2] === 0x4c && bytes[3] === 0x46)) {
    return fail(ElfFormatCode.BadMagic);
  }
  if (length < ELF32_HEADER_SIZE) return fail(ElfFormatCode.TooShort);
  if (bytes[4] !== ElfIdent.Class32) return fail(ElfFormatCode.BadClass);
  if (bytes[5] !== ElfIdent.DataLsb) return fail(ElfFormatCode.BadDataEncoding);
  if (bytes[6] !== ElfIdent.VersionCurrent) return fail(ElfFormatCode.BadVersion);
  if (bytes[7] !== ElfIdent.OsAbiSysv && bytes[7] !== ElfIdent.OsAbiLinux) return fail(ElfFormatCode.BadOsAbi);

  const type = view.getUint16(16, true);
  if (type !== ElfType.Exec && type !== ElfType.Dyn) return fail(ElfFormatCode.BadType);
  if (view.getUint16(18, true) !== EM_RISCV) return fail(ElfFormatCode.BadMachine);
  if (view.getUint32(20, true) !== ElfIdent.VersionCurrent) return fail(ElfFormatCode.BadVersion);
  const entry = view.getUint32(24, true);
  const phoff = view.getUint32(28, true);
  const flags = view.getUint32(36, true);
  const ehsize = view.getUint16(40, true);
  const phentsize = view.getUint16(42, true);
  const phnum = view.getUint16(44, true);

  if ((flags & RiscvFlag.FloatAbiMask) !== RiscvFlag.FloatAbiSoft) return err(elfNotSupported(ElfFeature.FloatAbi));
  if ((flags & RiscvFlag.Rve) !== 0) return err(elfNotSupported(ElfFeature.Rve));
  if ((flags & RiscvFlag.Rvc) !== 0) return err(elfNotSupported(ElfFeature.Compressed));
  if (ehsize < ELF32_HEADER_SIZE) return fail(ElfFormatCode.BadHeaderSize);
  if (phentsize !== ELF32_PHDR_SIZE) return fail(ElfFormatCode.BadProgramHeaderSize);
  if (phnum === 0) return fail(ElfFormatCode.NoProgramHeaders);
  if (phnum === PN_XNUM || phnum * ELF32_PHDR_SIZE > MAX_PHDR_TABLE_BYTES) return fail(ElfFormatCode.TooManyProgramHeaders);
  if (phoff + phnum * ELF32_PHDR_SIZE > length) return fail(ElfFormatCode.ProgramHeadersOutsideFile);

  // Interpreter first: a dynamic executable is "not supported", whatever else it contains.
  for (let i = 0; i < phnum; i++) {
    if (view.getUint32(phoff + i * ELF32_PHDR_SIZE, true) === SegmentType.Interp) return err(elfNotSupported(ElfFeature.Dynamic));
  }
  if (type === ElfType.Dyn) return err(elfNotSupported(ElfFeature.StaticPie));

  const segments: LoadSegment[] = [];
  let executableStack = false;
  let phdrAddress = 0;
  let phdrFound = false;
  for (let i = 0; i < phnum; i++) {
    const at = phoff + i * ELF32_PHDR_SIZE;
    const pType = view.getUint32(at, true);
    const pFlags = view.getUint32(at + 24, true);
    if (pType === SegmentType.GnuStack) executableStack = (pFlags & SegmentFlag.X) !== 0;
    if (pType !== SegmentType.Load) continue;
    const offset = view.getUint32(at + 4, true);
    const vaddr = view.getUint32(at + 8, true);
    const filesz = view.getUint32(at + 16, true);
    const memsz = view.getUint32(at + 20, true);
    const align = view.getUint32(at + 28, true);
    if (filesz > memsz) return fail(ElfFormatCode.FileSizeExceedsMemorySize, i);
    if (offset + filesz > length) return fail(ElfFormatCode.SegmentOutsideFile, i);
    if ((align & (align - 1)) !== 0) return fail(ElfFormatCode.SegmentMisaligned, i);
    // File pages are mapped (copied) page by page: the file offset and the address must agree
    // within the page, or the copy would not be what an mmap of the file gives.
    if (filesz > 0 && (vaddr % PAGE_SIZE) !== (offset % PAGE_SIZE)) return fail(ElfFormatCode.SegmentMisaligned, i);
    if (memsz === 0) continue;
    const pageStart = vaddr - (vaddr % PAGE_SIZE);
    const end = vaddr + memsz;
    const pageEnd = Math.ceil(end / PAGE_SIZE) * PAGE_SIZE;
    if (pageEnd > U32_END) return fail(ElfFormatCode.SegmentAddressOverflow, i);
    if (pageStart < range.start || pageEnd > range.end) return fail(ElfFormatCode.SegmentOutsideAddressSpace, i);
    if (!phdrFound && offset <= phoff && phoff < offset + filesz) {
      phdrFound = true;
      phdrAddress = phoff - offset + vaddr;
    }
    segments.push({ index: i, vaddr, memsz, offset, filesz, prot: protOf(pFlags) });
  }
  if (segments.length === 0) return fail(ElfFormatCode.NoLoadSegment);

  const sorted = [...segments].sort((a, b) => a.vaddr - b.vaddr);
  for (let k = 1; k < sorted.length; k++) {
    const prev = sorted[k - 1]!;
    const cur = sorted[k]!;
    if (cur.vaddr < prev.vaddr + prev.memsz) return fail(ElfFormatCode.SegmentsOverlap, Math.max(prev.index, cur.index));
  }

  const home = segments.find((s) => (s.prot & Prot.Exec) !== 0 && entry >= s.vaddr && entry < s.vaddr + s.memsz);
  if (home === undefined) return fail(ElfFormatCode.EntryNotExecutable);
  if (entry % 4 !== 0) return fail(ElfFormatCode.EntryMisaligned);

  // Sorted and disjoint: the first segment starts lowest and the last ends highest.
  const first = sorted[0]!;
  const last = sorted[sorted.length - 1]!;
  return ok({
    entry,
    flags,
    segments,
    phdrAddress,
    phent: phentsize,
    phnum,
    executableStack,
    start: first.vaddr - (first.vaddr % PAGE_SIZE),
    end: Math.ceil((last.vaddr + last.memsz) / PAGE_SIZE) * PAGE_SIZE,
  });
}
