// Real guests from guest/bin on the platform, through the riscv loader and a few-syscall harness
// (write, exit_group; everything else -ENOSYS). The oracle is qemu-riscv32 when the host has it; the
// same guest on the riscv package's flat memory otherwise.
import { execFileSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { FlatMemory, Hart, loadElf, type LoadTarget } from "@litebox-ts/riscv";
import { platform, value } from "./kernel-sim.test-helper";

const BIN = fileURLToPath(new URL("../../../guest/bin/", import.meta.url));
const QEMU = "/usr/bin/qemu-riscv32";
const ENOSYS = -38;
const decoder = new TextDecoder();

interface Outcome {
  readonly stdout: string;
  readonly status: number;
  readonly instructions: number;
}

/** Runs `hart` with write(1/2) and exit_group served; `read` copies guest bytes. */
function serve(hart: Hart, read: (address: number, length: number) => Uint8Array): Outcome {
  let stdout = "";
  for (;;) {
    const stop = hart.run(50_000_000);
    if (stop.kind !== "ecall") throw new Error(`guest stopped: ${JSON.stringify(stop)}`);
    const nr = hart.getRegister(17);
    const a0 = hart.getRegister(10);
    if (nr === 94 || nr === 93) return { stdout, status: a0 & 0xff, instructions: hart.instructionCount };
    let result = ENOSYS;
    if (nr === 64 && (a0 === 1 || a0 === 2)) {
      const length = hart.getRegister(12);
      stdout += decoder.decode(read(hart.getRegister(11), length));
      result = length;
    }
    hart.setRegister(10, result);
    hart.pc += 4;
  }
}

function onKernelSim(elf: Uint8Array, argv: string[]): Outcome & { stats: () => unknown } {
  const p = platform({ memorySize: 32 * 1024 * 1024 });
  const space = value(p.createAddressSpace());
  const loaded = value(loadElf(elf, { pages: p, memory: p, space, range: value(p.addressSpaceRange(space)) }, { argv }));
  const hart = value(p.createCpu(space));
  hart.pc = loaded.entry;
  hart.setRegister(2, loaded.sp);
  const outcome = serve(hart, (address, length) => {
    const out = new Uint8Array(length);
    expect(p.readBytes(space, address, out)).toBeUndefined();
    return out;
  });
  value(p.destroyAddressSpace(space));
  return { ...outcome, stats: () => p.resourceStats() };
}

function onFlat(elf: Uint8Array, argv: string[]): Outcome {
  const memory = new FlatMemory({ size: 64 * 1024 * 1024 });
  const flat: LoadTarget<0>["pages"] & LoadTarget<0>["memory"] = {
    mapPages: (_s, a, l, prot) => memory.map(a, l, prot),
    protectPages: (_s, a, l, prot) => memory.protect(a, l, prot),
    unmapPages: (_s, a, l) => memory.unmap(a, l),
    writeBytes: (_s, a, src, o) => memory.writeBytes(a, src, o),
  };
  const loaded = value(loadElf(elf, { pages: flat, memory: flat, space: 0, range: memory.range }, { argv }));
  const hart = new Hart(memory);
  hart.pc = loaded.entry;
  hart.setRegister(2, loaded.sp);
  return serve(hart, (address, length) => {
    const out = new Uint8Array(length);
    expect(memory.readBytes(address, out)).toBeUndefined();
    return out;
  });
}

function oracle(name: string, argv: string[]): { stdout: string; status: number } | undefined {
  if (!existsSync(QEMU)) return undefined;
  try {
    return { stdout: execFileSync(QEMU, [BIN + name, ...argv.slice(1)], { encoding: "utf8" }), status: 0 };
  } catch (e) {
    const failure = e as { status: number; stdout: string };
    return { stdout: failure.stdout, status: failure.status };
  }
}

describe("real guests on kernel-sim", () => {
  for (const [name, argv] of [["hello.elf", ["hello"]], ["crc32.elf", ["crc32", "64"]], ["sha256.elf", ["sha256", "64"]]] as const) {
    it(`${name} ${argv.slice(1).join(" ")}: same output and status as qemu-riscv32 (or the flat hart), nothing leaked`, () => {
      const elf = new Uint8Array(readFileSync(BIN + name));
      const got = onKernelSim(elf, [...argv]);
      const expected = oracle(name, [...argv]) ?? onFlat(elf, [...argv]);
      expect(got.stdout).toBe(expected.stdout);
      expect(got.status).toBe(expected.status);
      expect(got.stdout.length).toBeGreaterThan(0);
      expect(got.stats()).toMatchObject({ addressSpaces: 0, counters: { framesInUse: 0, asidsInUse: 0 } });
      // The two memory models retire the same instructions.
      expect(got.instructions).toBe(onFlat(elf, [...argv]).instructions);
    });
  }
});
