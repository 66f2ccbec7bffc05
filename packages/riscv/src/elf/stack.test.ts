import { PAGE_SIZE, PageError, Prot, SeededRandom, TestPlatform, InvariantViolation } from "@litebox-ts/core";
import { describe, expect, it } from "vitest";
import { AuxvType, HWCAP_RV32IMA } from "./format";
import { parseElf, type ElfImage } from "./parse";
import { DEFAULT_STACK_SIZE, MAX_ARG_STRLEN, buildInitialStack, type InitialStackOptions } from "./stack";
import type { LoadTarget } from "./target";
import { Phdr, VALID, setPhdr, validElf } from "./test-elf";

const RANGE_SIZE = 64 * 1024 * 1024;

function setup(bytes = validElf()): { platform: TestPlatform; target: LoadTarget<number>; image: ElfImage } {
  const platform = new TestPlatform({ rangeSize: RANGE_SIZE });
  const space = platform.createAddressSpace();
  const range = space.ok ? platform.addressSpaceRange(space.value) : undefined;
  const parsed = parseElf(bytes);
  if (!space.ok || !range?.ok || !parsed.ok) throw new Error("setup");
  return { platform, target: { pages: platform, memory: platform, space: space.value, range: range.value }, image: parsed.value };
}

/** Reads the stack back the way crt0 and a libc do: argc, argv, envp, auxv, then the strings. */
function readBack(platform: TestPlatform, space: number, sp: number) {
  const u32 = (a: number): number => {
    const r = platform.readU32(space, a);
    if (!r.ok) throw new Error(`fault at ${a}`);
    return r.value;
  };
  const str = (a: number): string => {
    const r = platform.readCString(space, a, 4096);
    if (!r.ok || r.value === undefined) throw new Error(`bad string at ${a}`);
    return new TextDecoder().decode(r.value);
  };
  const argc = u32(sp);
  const argv: string[] = [];
  for (let i = 0; i < argc; i++) argv.push(str(u32(sp + 4 + 4 * i)));
  expect(u32(sp + 4 + 4 * argc)).toBe(0);
  let at = sp + 8 + 4 * argc;
  const envp: string[] = [];
  for (; u32(at) !== 0; at += 4) envp.push(str(u32(at)));
  at += 4;
  const auxv: [number, number][] = [];
  for (;; at += 8) {
    auxv.push([u32(at), u32(at + 4)]);
    if (u32(at) === AuxvType.Null) break;
  }
  return { argc, argv, envp, auxv, aux: new Map(auxv), str, u32 };
}

describe("buildInitialStack", () => {
  it("lays out argc, argv, envp and auxv as the psABI and Linux do, at the top of the range", () => {
    const { platform, target, image } = setup();
    const options: InitialStackOptions = {
      argv: ["/bin/prog", "one", "two words", "ünï"],
      envp: ["HOME=/", "PATH=/bin"],
      execfn: "/bin/prog",
      random: (d) => d.set(Array.from({ length: 16 }, (_, i) => 0xa0 + i)),
    };
    const r = buildInitialStack(target, image, options);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const s = r.value;
    expect(s.sp % 16).toBe(0);
    expect(s.stackTop).toBe(target.range.end);
    expect(s.stackBase).toBe(target.range.end - DEFAULT_STACK_SIZE);
    const back = readBack(platform, target.space, s.sp);
    expect(back.argc).toBe(4);
    expect(back.argv).toEqual(options.argv);
    expect(back.envp).toEqual(options.envp);
    expect(s.argvAddress).toBe(s.sp + 4);
    expect(s.envpAddress).toBe(s.sp + 4 + 5 * 4);
    expect(s.auxvAddress).toBe(s.envpAddress + 3 * 4);
    expect(back.auxv.map(([t]) => t)).toEqual([
      AuxvType.Hwcap, AuxvType.Pagesz, AuxvType.Clktck, AuxvType.Phdr, AuxvType.Phent, AuxvType.Phnum, AuxvType.Base,
      AuxvType.Flags, AuxvType.Entry, AuxvType.Uid, AuxvType.Euid, AuxvType.Gid, AuxvType.Egid, AuxvType.Secure,
      AuxvType.Random, AuxvType.Execfn, AuxvType.Null,
    ]);
    expect(back.aux.get(AuxvType.Hwcap)).toBe(HWCAP_RV32IMA);
    expect(back.aux.get(AuxvType.Pagesz)).toBe(PAGE_SIZE);
    expect(back.aux.get(AuxvType.Clktck)).toBe(100);
    expect(back.aux.get(AuxvType.Phdr)).toBe(0x10000 + VALID.phoff);
    expect(back.aux.get(AuxvType.Phent)).toBe(32);
    expect(back.aux.get(AuxvType.Phnum)).toBe(3);
    expect(back.aux.get(AuxvType.Entry)).toBe(VALID.entry);
    expect(back.aux.get(AuxvType.Secure)).toBe(0);
    expect(back.aux.get(AuxvType.Random)).toBe(s.randomAddress);
    const random = new Uint8Array(16);
    platform.readBytes(target.space, s.randomAddress, random);
    expect([...random]).toEqual(Array.from({ length: 16 }, (_, i) => 0xa0 + i));
    expect(back.str(back.aux.get(AuxvType.Execfn)!)).toBe("/bin/prog");
    expect(s.execfnAddress).toBe(back.aux.get(AuxvType.Execfn));
    // Linux's order of the string area: argv strings lowest, then envp, then execfn, then a zero word.
    const argv0 = back.u32(s.argvAddress);
    const env0 = back.u32(s.envpAddress);
    expect(argv0).toBeLessThan(env0);
    expect(env0).toBeLessThan(s.execfnAddress);
    expect(s.execfnAddress + "/bin/prog".length + 1).toBe(s.stackTop - 4);
    expect(back.u32(s.stackTop - 4)).toBe(0);
    expect(s.randomAddress + 16).toBeLessThanOrEqual(argv0);
    expect(s.randomAddress % 16).toBe(0);
    // Mapped read-write, not executable (the image's PT_GNU_STACK has no X).
    expect(platform.queryPage(target.space, s.stackBase)).toEqual({ ok: true, value: { prot: Prot.Read | Prot.Write, shared: false } });
    expect(platform.queryPage(target.space, s.stackBase - PAGE_SIZE)).toEqual({ ok: true, value: undefined });
  });

  it("defaults: no environment, execfn = argv[0], a fixed-seed AT_RANDOM, credentials 0", () => {
    const { platform, target, image } = setup();
    const r = buildInitialStack(target, image, { argv: ["prog"] });
    if (!r.ok) throw new Error("failed");
    const back = readBack(platform, target.space, r.value.sp);
    expect(back.envp).toEqual([]);
    expect(back.str(back.aux.get(AuxvType.Execfn)!)).toBe("prog");
    for (const t of [AuxvType.Uid, AuxvType.Euid, AuxvType.Gid, AuxvType.Egid, AuxvType.Base, AuxvType.Flags]) expect(back.aux.get(t)).toBe(0);
    const random = new Uint8Array(16);
    platform.readBytes(target.space, r.value.randomAddress, random);
    expect(random).toEqual(new SeededRandom(0).fill(new Uint8Array(16)));
  });

  it("handles an empty argv and byte-string arguments", () => {
    const { platform, target, image } = setup();
    const r = buildInitialStack(target, image, { argv: [], envp: [new Uint8Array([0x41, 0xff, 0x42])] });
    if (!r.ok) throw new Error("failed");
    const back = readBack(platform, target.space, r.value.sp);
    expect(back.argc).toBe(0);
    const env = platform.readCString(target.space, back.u32(r.value.envpAddress), 16);
    expect(env).toEqual({ ok: true, value: new Uint8Array([0x41, 0xff, 0x42]) });
    expect(back.str(back.aux.get(AuxvType.Execfn)!)).toBe("");
  });

  it("passes credentials, AT_SECURE, hwcap, clock ticks, a platform string and extra auxv pairs", () => {
    const { platform, target, image } = setup();
    const r = buildInitialStack(target, image, {
      argv: ["p"],
      credentials: { uid: 1000, euid: 1001, gid: 100, egid: 101 },
      secure: true,
      hwcap: 0x1234,
      clockTicks: 250,
      platform: "riscv32",
      extraAuxv: [[AuxvType.SysinfoEhdr, 0x3f00_0000]],
    });
    if (!r.ok) throw new Error("failed");
    const back = readBack(platform, target.space, r.value.sp);
    expect(back.auxv[0]).toEqual([AuxvType.SysinfoEhdr, 0x3f00_0000]);
    expect([AuxvType.Uid, AuxvType.Euid, AuxvType.Gid, AuxvType.Egid].map((t) => back.aux.get(t))).toEqual([1000, 1001, 100, 101]);
    expect(back.aux.get(AuxvType.Secure)).toBe(1);
    expect(back.aux.get(AuxvType.Hwcap)).toBe(0x1234);
    expect(back.aux.get(AuxvType.Clktck)).toBe(250);
    expect(back.auxv.at(-2)?.[0]).toBe(AuxvType.Platform);
    expect(back.str(back.aux.get(AuxvType.Platform)!)).toBe("riscv32");
    expect(back.aux.get(AuxvType.Platform)!).toBeGreaterThan(r.value.randomAddress);
  });

  it("maps an executable stack when PT_GNU_STACK asks for it", () => {
    const { platform, target, image } = setup(setPhdr(validElf(), 2, Phdr.Flags, 7));
    const r = buildInitialStack(target, image, { argv: ["p"] });
    if (!r.ok) throw new Error("failed");
    expect(platform.queryPage(target.space, r.value.sp)).toEqual({ ok: true, value: { prot: Prot.Read | Prot.Write | Prot.Exec, shared: false } });
  });

  it("honours stackTop and stackSize (rounded up to pages)", () => {
    const { platform, target, image } = setup();
    const r = buildInitialStack(target, image, { argv: ["p"], stackTop: 0x200_0000, stackSize: 5000 });
    if (!r.ok) throw new Error("failed");
    expect(r.value.stackBase).toBe(0x200_0000 - 2 * PAGE_SIZE);
    expect(r.value.sp).toBeLessThan(0x200_0000);
    expect(platform.mappings(target.space)).toEqual({ ok: true, value: [{ start: 0x200_0000 - 2 * PAGE_SIZE, end: 0x200_0000, prot: Prot.Read | Prot.Write }] });
  });

  it("works above 2^31 (no sign trouble in alignment)", () => {
    const { target, image } = setup();
    const high = { ...target, range: { start: 0x1000, end: 0xc000_0000 } };
    const written: number[] = [];
    const probe: LoadTarget<number> = {
      ...high,
      pages: { mapPages: () => ({ ok: true, value: undefined }), protectPages: () => ({ ok: true, value: undefined }), unmapPages: () => ({ ok: true, value: undefined }) },
      memory: { writeBytes: (_s, a) => { written.push(a); return undefined; } },
    };
    const r = buildInitialStack(probe, image, { argv: ["p"] });
    expect(r.ok && r.value.sp > 0xbff0_0000 && r.value.sp % 16 === 0).toBe(true);
    expect(written).toEqual([r.ok ? r.value.sp : -1]);
  });

  describe("errors", () => {
    it("ArgumentListTooLong for one string over 128 KiB", () => {
      const { platform, target, image } = setup();
      const long = "x".repeat(MAX_ARG_STRLEN);
      expect(buildInitialStack(target, image, { argv: ["p", long] })).toEqual({ ok: false, error: { _tag: "InitialStackError", code: "ArgumentListTooLong" } });
      expect(buildInitialStack(target, image, { argv: ["p"], envp: [long] }).ok).toBe(false);
      expect(buildInitialStack(target, image, { argv: ["p"], execfn: long }).ok).toBe(false);
      expect(platform.mappedPages).toBe(0);
      expect(buildInitialStack(target, image, { argv: ["p", long.slice(1)] }).ok).toBe(true);
    });

    it("ArgumentListTooLong past the argument limit (default a quarter of the stack), nothing mapped", () => {
      const { platform, target, image } = setup();
      const many = Array.from({ length: 100 }, () => "y".repeat(99));
      expect(buildInitialStack(target, image, { argv: many, stackSize: 32 * 1024 })).toEqual({ ok: false, error: { _tag: "InitialStackError", code: "ArgumentListTooLong" } });
      expect(buildInitialStack(target, image, { argv: many, maxArgumentBytes: 10_000 }).ok).toBe(false);
      expect(platform.mappedPages).toBe(0);
      expect(buildInitialStack(target, image, { argv: many, maxArgumentBytes: 10_408 }).ok).toBe(true);
    });

    it("ArgumentListTooLong when a raised limit leaves less than a page of stack", () => {
      const { target, image } = setup();
      const r = buildInitialStack(target, image, { argv: ["z".repeat(6000)], stackSize: 8192, maxArgumentBytes: 1 << 20 });
      expect(r).toEqual({ ok: false, error: { _tag: "InitialStackError", code: "ArgumentListTooLong" } });
    });

    it("StackOutOfRange when the stack leaves the range", () => {
      const { target, image } = setup();
      const e = { ok: false, error: { _tag: "InitialStackError", code: "StackOutOfRange" } };
      expect(buildInitialStack(target, image, { argv: ["p"], stackTop: target.range.end + PAGE_SIZE })).toEqual(e);
      expect(buildInitialStack(target, image, { argv: ["p"], stackSize: RANGE_SIZE })).toEqual(e);
    });

    it("StackOverlapsImage when the stack would cover the image", () => {
      const { target, image } = setup();
      expect(buildInitialStack(target, image, { argv: ["p"], stackTop: 0x12000, stackSize: 0x4000 })).toEqual({ ok: false, error: { _tag: "InitialStackError", code: "StackOverlapsImage" } });
      expect(buildInitialStack(target, image, { argv: ["p"], stackTop: 0x10000, stackSize: 0x4000 }).ok).toBe(true);
    });

    it("ElfMapError when the platform cannot map or write the stack, nothing left mapped", () => {
      const { platform, target, image } = setup();
      platform.failOnCall("mapPages");
      expect(buildInitialStack(target, image, { argv: ["p"] })).toEqual({
        ok: false, error: { _tag: "ElfMapError", address: target.range.end - DEFAULT_STACK_SIZE, cause: PageError.NoMemory },
      });
      const faulty = { ...target, memory: { writeBytes: () => ({ _tag: "MemoryFault", address: 5, access: "write", reason: "unmapped" } as const) } };
      const r = buildInitialStack(faulty, image, { argv: ["p"] });
      expect(r.ok ? undefined : r.error._tag).toBe("ElfMapError");
      expect(platform.mappedPages).toBe(0);
    });

    it("throws InvariantViolation for a misaligned stack top or a bad size (caller bugs)", () => {
      const { target, image } = setup();
      expect(() => buildInitialStack(target, image, { argv: [], stackTop: 0x1000_0004 })).toThrow(InvariantViolation);
      expect(() => buildInitialStack(target, image, { argv: [], stackSize: 0 })).toThrow(InvariantViolation);
      expect(() => buildInitialStack(target, image, { argv: [], stackSize: 1.5 })).toThrow(InvariantViolation);
    });
  });
});
