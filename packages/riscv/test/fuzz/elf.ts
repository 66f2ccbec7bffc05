/**
 * A minimal ELF32 little-endian RISC-V executable writer and reader for tests: PT_LOAD segments
 * only, no sections. Each segment's file offset is page-aligned, which keeps `p_offset ≡ p_vaddr
 * (mod p_align)` as Linux and qemu require.
 */

/** One loadable segment. */
export interface Segment {
  /** Guest address (page-aligned). */
  readonly vaddr: number;
  /** Initial contents (file size). */
  readonly data: Uint8Array;
  /** Size in memory (≥ data length; the rest is zero). */
  readonly memsz: number;
  /** `PF_R | PF_W | PF_X` as a string such as "r-x". */
  readonly flags: string;
}

const PAGE = 0x1000;

function pflags(flags: string): number {
  return (flags.includes("r") ? 4 : 0) | (flags.includes("w") ? 2 : 0) | (flags.includes("x") ? 1 : 0);
}

/** Builds an ET_EXEC ELF32 for EM_RISCV (soft-float ABI) with the given segments. */
export function writeElf(entry: number, segments: readonly Segment[]): Uint8Array {
  let offset = PAGE;
  const placed = segments.map((s) => {
    const at = offset;
    offset += Math.ceil(Math.max(s.data.length, 1) / PAGE) * PAGE;
    return at;
  });
  const out = new Uint8Array(offset);
  const v = new DataView(out.buffer);
  out.set([0x7f, 0x45, 0x4c, 0x46, 1, 1, 1, 0]);
  v.setUint16(16, 2, true); // ET_EXEC
  v.setUint16(18, 243, true); // EM_RISCV
  v.setUint32(20, 1, true);
  v.setUint32(24, entry, true);
  v.setUint32(28, 52, true); // e_phoff
  v.setUint32(32, 0, true);
  v.setUint32(36, 0, true); // e_flags: soft-float, no RVC
  v.setUint16(40, 52, true);
  v.setUint16(42, 32, true);
  v.setUint16(44, segments.length, true);
  v.setUint16(46, 40, true);
  segments.forEach((s, i) => {
    const ph = 52 + i * 32;
    v.setUint32(ph, 1, true); // PT_LOAD
    v.setUint32(ph + 4, placed[i]!, true);
    v.setUint32(ph + 8, s.vaddr, true);
    v.setUint32(ph + 12, s.vaddr, true);
    v.setUint32(ph + 16, s.data.length, true);
    v.setUint32(ph + 20, s.memsz, true);
    v.setUint32(ph + 24, pflags(s.flags), true);
    v.setUint32(ph + 28, PAGE, true);
    out.set(s.data, placed[i]!);
  });
  return out;
}

/** A PT_LOAD segment as read back from an ELF file. */
export interface LoadSegment {
  /** Guest address. */
  readonly vaddr: number;
  /** File bytes. */
  readonly data: Uint8Array;
  /** Size in memory. */
  readonly memsz: number;
  /** PF_* bits (4 R, 2 W, 1 X). */
  readonly flags: number;
}

/** Reads the entry point and PT_LOAD segments of a well-formed ELF32 (tests only: no validation). */
export function readElf(file: Uint8Array): { entry: number; segments: LoadSegment[] } {
  const v = new DataView(file.buffer, file.byteOffset, file.byteLength);
  const entry = v.getUint32(24, true);
  const phoff = v.getUint32(28, true);
  const phnum = v.getUint16(44, true);
  const segments: LoadSegment[] = [];
  for (let i = 0; i < phnum; i++) {
    const ph = phoff + i * 32;
    if (v.getUint32(ph, true) !== 1) continue;
    const offset = v.getUint32(ph + 4, true);
    segments.push({
      vaddr: v.getUint32(ph + 8, true),
      data: file.subarray(offset, offset + v.getUint32(ph + 16, true)),
      memsz: v.getUint32(ph + 20, true),
      flags: v.getUint32(ph + 24, true),
    });
  }
  return { entry, segments };
}
