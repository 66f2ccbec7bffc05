import { Prot } from "@litebox-ts/core";
import { describe, expect, it } from "vitest";
import { ElfFeature, ElfFormatCode, type ElfFormatCode as Code, type ElfFeature as Feature } from "./errors";
import { ElfType, SegmentFlag, SegmentType } from "./format";
import { parseElf } from "./parse";
import { Ehdr, Phdr, VALID, setHeader, setPhdr, validElf } from "./test-elf";

const RANGE = { start: 0x1000, end: 0x400_0000 };

describe("parseElf on a valid executable", () => {
  it("reports entry, segments with core protections, AT_PHDR and the image bounds", () => {
    const r = parseElf(validElf(), RANGE);
    expect(r).toEqual({
      ok: true,
      value: {
        entry: VALID.entry,
        flags: 0,
        segments: [
          { index: 0, vaddr: 0x10000, memsz: 0x200, offset: 0, filesz: 0x200, prot: Prot.Read | Prot.Exec },
          { index: 1, vaddr: 0x11200, memsz: 0x2000, offset: 0x200, filesz: 0x40, prot: Prot.Read | Prot.Write },
        ],
        phdrAddress: 0x10000 + VALID.phoff,
        phent: 32,
        phnum: 3,
        executableStack: false,
        start: 0x10000,
        end: 0x14000,
      },
    });
  });

  it("accepts the Linux OS ABI, the TSO flag and unknown segment types", () => {
    const bytes = setHeader(setHeader(validElf(), Ehdr.OsAbi, 3), Ehdr.Flags, 0x10);
    setPhdr(bytes, 2, Phdr.Type, SegmentType.RiscvAttributes);
    expect(parseElf(bytes, RANGE).ok).toBe(true);
  });

  it("honours PT_GNU_STACK's X flag", () => {
    const bytes = setPhdr(validElf(), 2, Phdr.Flags, SegmentFlag.R | SegmentFlag.W | SegmentFlag.X);
    const r = parseElf(bytes, RANGE);
    expect(r.ok && r.value.executableStack).toBe(true);
  });

  it("gives AT_PHDR 0 when no loaded segment holds the program headers", () => {
    // Text now starts at file offset 0x100 (vaddr moved to keep the page congruence).
    const bytes = setPhdr(setPhdr(setPhdr(setPhdr(validElf(), 0, Phdr.Offset, 0x100), 0, Phdr.Vaddr, 0x10100), 0, Phdr.Filesz, 0x100), 0, Phdr.Memsz, 0x100);
    const r = parseElf(bytes, RANGE);
    expect(r.ok && r.value.phdrAddress).toBe(0);
    expect(r.ok && r.value.start).toBe(0x10000);
  });

  it("skips zero-sized PT_LOAD segments and accepts a zero p_align", () => {
    const bytes = setPhdr(setPhdr(validElf(), 2, Phdr.Type, SegmentType.Load), 2, Phdr.Align, 0);
    const r = parseElf(bytes, RANGE);
    expect(r.ok && r.value.segments.map((s) => s.index)).toEqual([0, 1]);
  });

  it("allows two segments on one page when their bytes do not overlap", () => {
    // Data moved right after text, on the same page (offset 0x200 ≡ vaddr 0x10200).
    const bytes = setPhdr(validElf(), 1, Phdr.Vaddr, 0x10200);
    const r = parseElf(bytes, RANGE);
    expect(r.ok && r.value.end).toBe(0x13000);
  });

  it("defaults to the whole 32-bit range", () => {
    const bytes = setPhdr(setPhdr(validElf(), 1, Phdr.Vaddr, 0xfff0_0200), 1, Phdr.Memsz, 0x1000);
    expect(parseElf(bytes).ok).toBe(true);
    expect(parseElf(bytes, RANGE)).toEqual({ ok: false, error: { _tag: "ElfFormatError", code: "SegmentOutsideAddressSpace", segment: 1 } });
  });
});

type Expected = { readonly code: Code; readonly segment?: number } | { readonly feature: Feature };

/** The malformed corpus: each case derives a file from the valid one and names its one error. */
const corpus: readonly (readonly [name: string, make: () => Uint8Array, expected: Expected])[] = [
  ["empty file", () => new Uint8Array(0), { code: ElfFormatCode.TooShort }],
  ["truncated header", () => validElf().subarray(0, 40), { code: ElfFormatCode.TooShort }],
  ["three bytes of magic", () => validElf().subarray(0, 3), { code: ElfFormatCode.TooShort }],
  ["bad magic", () => setHeader(validElf(), 1, 0x46), { code: ElfFormatCode.BadMagic }],
  ["a shell script", () => new TextEncoder().encode("#!/bin/sh\necho hi\n"), { code: ElfFormatCode.BadMagic }],
  ["ELFCLASS64", () => setHeader(validElf(), Ehdr.Class, 2), { code: ElfFormatCode.BadClass }],
  ["ELFCLASSNONE", () => setHeader(validElf(), Ehdr.Class, 0), { code: ElfFormatCode.BadClass }],
  ["big-endian", () => setHeader(validElf(), Ehdr.Data, 2), { code: ElfFormatCode.BadDataEncoding }],
  ["EI_VERSION 0", () => setHeader(validElf(), Ehdr.IdentVersion, 0), { code: ElfFormatCode.BadVersion }],
  ["e_version 2", () => setHeader(validElf(), Ehdr.Version, 2), { code: ElfFormatCode.BadVersion }],
  ["FreeBSD OS ABI", () => setHeader(validElf(), Ehdr.OsAbi, 9), { code: ElfFormatCode.BadOsAbi }],
  ["ET_REL", () => setHeader(validElf(), Ehdr.Type, ElfType.Rel), { code: ElfFormatCode.BadType }],
  ["ET_CORE", () => setHeader(validElf(), Ehdr.Type, ElfType.Core), { code: ElfFormatCode.BadType }],
  ["ET_NONE", () => setHeader(validElf(), Ehdr.Type, 0), { code: ElfFormatCode.BadType }],
  ["x86-64 machine", () => setHeader(validElf(), Ehdr.Machine, 62), { code: ElfFormatCode.BadMachine }],
  ["single-float ABI", () => setHeader(validElf(), Ehdr.Flags, 0x2), { feature: ElfFeature.FloatAbi }],
  ["double-float ABI", () => setHeader(validElf(), Ehdr.Flags, 0x4), { feature: ElfFeature.FloatAbi }],
  ["quad-float ABI", () => setHeader(validElf(), Ehdr.Flags, 0x6), { feature: ElfFeature.FloatAbi }],
  ["RV32E", () => setHeader(validElf(), Ehdr.Flags, 0x8), { feature: ElfFeature.Rve }],
  ["compressed instructions", () => setHeader(validElf(), Ehdr.Flags, 0x1), { feature: ElfFeature.Compressed }],
  ["e_ehsize too small", () => setHeader(validElf(), Ehdr.Ehsize, 40), { code: ElfFormatCode.BadHeaderSize }],
  ["e_phentsize of ELF64", () => setHeader(validElf(), Ehdr.Phentsize, 56), { code: ElfFormatCode.BadProgramHeaderSize }],
  ["no program headers", () => setHeader(validElf(), Ehdr.Phnum, 0), { code: ElfFormatCode.NoProgramHeaders }],
  ["PN_XNUM extended numbering", () => setHeader(validElf(), Ehdr.Phnum, 0xffff), { code: ElfFormatCode.TooManyProgramHeaders }],
  ["a 96 KB program-header table", () => setHeader(validElf(), Ehdr.Phnum, 3000), { code: ElfFormatCode.TooManyProgramHeaders }],
  ["phnum past the file", () => setHeader(validElf(), Ehdr.Phnum, 20), { code: ElfFormatCode.ProgramHeadersOutsideFile }],
  ["phoff past the file", () => setHeader(validElf(), Ehdr.Phoff, 0x1000), { code: ElfFormatCode.ProgramHeadersOutsideFile }],
  ["phoff near 2^32", () => setHeader(validElf(), Ehdr.Phoff, 0xffff_fff0), { code: ElfFormatCode.ProgramHeadersOutsideFile }],
  ["PT_INTERP", () => setPhdr(validElf(), 2, Phdr.Type, SegmentType.Interp), { feature: ElfFeature.Dynamic }],
  ["ET_DYN with an interpreter", () => setPhdr(setHeader(validElf(), Ehdr.Type, ElfType.Dyn), 2, Phdr.Type, SegmentType.Interp), { feature: ElfFeature.Dynamic }],
  ["static PIE (ET_DYN)", () => setHeader(validElf(), Ehdr.Type, ElfType.Dyn), { feature: ElfFeature.StaticPie }],
  ["no PT_LOAD", () => setPhdr(setPhdr(validElf(), 0, Phdr.Type, SegmentType.Tls), 1, Phdr.Type, 4), { code: ElfFormatCode.NoLoadSegment }],
  ["only empty PT_LOADs", () => setPhdr(setPhdr(setPhdr(setPhdr(validElf(), 0, Phdr.Memsz, 0), 0, Phdr.Filesz, 0), 1, Phdr.Memsz, 0), 1, Phdr.Filesz, 0), { code: ElfFormatCode.NoLoadSegment }],
  ["filesz > memsz", () => setPhdr(validElf(), 1, Phdr.Filesz, 0x3000), { code: ElfFormatCode.FileSizeExceedsMemorySize, segment: 1 }],
  ["segment offset past the file", () => setPhdr(validElf(), 1, Phdr.Offset, 0x1200), { code: ElfFormatCode.SegmentOutsideFile, segment: 1 }],
  ["segment bytes run past the file", () => setPhdr(validElf(), 1, Phdr.Filesz, 0x100), { code: ElfFormatCode.SegmentOutsideFile, segment: 1 }],
  ["offset + filesz wraps 2^32", () => setPhdr(setPhdr(validElf(), 1, Phdr.Offset, 0xffff_f200), 1, Phdr.Vaddr, 0x11200), { code: ElfFormatCode.SegmentOutsideFile, segment: 1 }],
  ["segment outside the address space", () => setPhdr(validElf(), 1, Phdr.Vaddr, 0x8000_0200), { code: ElfFormatCode.SegmentOutsideAddressSpace, segment: 1 }],
  ["segment in page zero", () => setPhdr(validElf(), 0, Phdr.Vaddr, 0), { code: ElfFormatCode.SegmentOutsideAddressSpace, segment: 0 }],
  ["absurd memsz", () => setPhdr(validElf(), 1, Phdr.Memsz, 0x7fff_ffff), { code: ElfFormatCode.SegmentOutsideAddressSpace, segment: 1 }],
  ["vaddr + memsz overflows 32 bits", () => setPhdr(setPhdr(validElf(), 1, Phdr.Vaddr, 0xffff_f200), 1, Phdr.Memsz, 0x2000), { code: ElfFormatCode.SegmentAddressOverflow, segment: 1 }],
  ["memsz 0xffffffff", () => setPhdr(validElf(), 1, Phdr.Memsz, 0xffff_ffff), { code: ElfFormatCode.SegmentAddressOverflow, segment: 1 }],
  ["vaddr not congruent to offset", () => setPhdr(validElf(), 1, Phdr.Vaddr, 0x11204), { code: ElfFormatCode.SegmentMisaligned, segment: 1 }],
  ["p_align not a power of two", () => setPhdr(validElf(), 0, Phdr.Align, 0x1800), { code: ElfFormatCode.SegmentMisaligned, segment: 0 }],
  ["overlapping segments", () => setPhdr(setPhdr(validElf(), 0, Phdr.Memsz, 0x300), 1, Phdr.Vaddr, 0x10200), { code: ElfFormatCode.SegmentsOverlap, segment: 1 }],
  ["one segment inside another", () => setPhdr(setPhdr(validElf(), 0, Phdr.Memsz, 0x4000), 0, Phdr.Filesz, 0x200), { code: ElfFormatCode.SegmentsOverlap, segment: 1 }],
  ["entry outside every segment", () => setHeader(validElf(), Ehdr.Entry, 0x20000), { code: ElfFormatCode.EntryNotExecutable }],
  ["entry in the data segment", () => setHeader(validElf(), Ehdr.Entry, 0x11200), { code: ElfFormatCode.EntryNotExecutable }],
  ["entry just past the text", () => setHeader(validElf(), Ehdr.Entry, 0x10200), { code: ElfFormatCode.EntryNotExecutable }],
  ["entry not 4-byte aligned", () => setHeader(validElf(), Ehdr.Entry, 0x10102), { code: ElfFormatCode.EntryMisaligned }],
];

describe("parseElf rejects the malformed corpus, each file with its own typed error", () => {
  it("has at least 20 distinct cases covering every format code and feature", () => {
    expect(corpus.length).toBeGreaterThanOrEqual(20);
    const codes = new Set(corpus.map(([, , e]) => ("code" in e ? e.code : e.feature)));
    for (const code of Object.values(ElfFormatCode)) expect(codes, code).toContain(code);
    for (const feature of Object.values(ElfFeature)) expect(codes, feature).toContain(feature);
  });

  it.each(corpus)("%s", (_name, make, expected) => {
    const r = parseElf(make(), RANGE);
    const error = "code" in expected
      ? { _tag: "ElfFormatError", code: expected.code, ...(expected.segment === undefined ? {} : { segment: expected.segment }) }
      : { _tag: "ElfNotSupported", feature: expected.feature };
    expect(r).toEqual({ ok: false, error });
  });

  it("reads a file that is a view into a larger buffer at an offset", () => {
    const big = new Uint8Array(VALID.fileSize + 13);
    big.set(validElf(), 13);
    expect(parseElf(big.subarray(13), RANGE).ok).toBe(true);
    expect(parseElf(big.subarray(13, 13 + 40), RANGE)).toEqual({ ok: false, error: { _tag: "ElfFormatError", code: "TooShort" } });
  });
});
