import { describe, expect, it } from "vitest";
import { PAGE_SIZE, Prot } from "../platform/memory";
import { EBREAK, ECALL, NOP, TestCpu } from "./test-cpu";
import { TestPlatform } from "./test-platform";

const BASE = 0x10000;

function program(...words: number[]): { platform: TestPlatform; space: number; cpu: TestCpu } {
  const platform = new TestPlatform();
  const space = platform.createAddressSpace();
  if (!space.ok) throw new Error("no space");
  platform.mapPages(space.value, BASE, PAGE_SIZE, Prot.Read | Prot.Exec);
  words.forEach((w, i) => platform.writeBytes(space.value, BASE + 4 * i, le(w), { force: true }));
  const cpu = platform.createCpu(space.value);
  if (!cpu.ok) throw new Error("no cpu");
  cpu.value.pc = BASE;
  return { platform, space: space.value, cpu: cpu.value as TestCpu };
}

function le(word: number): Uint8Array {
  const b = new Uint8Array(4);
  new DataView(b.buffer).setUint32(0, word, true);
  return b;
}

describe("TestCpu", () => {
  it("retires nops until the budget runs out", () => {
    const { cpu } = program(NOP, NOP, NOP, ECALL);
    expect(cpu.run(2)).toEqual({ kind: "budget" });
    expect(cpu.pc).toBe(BASE + 8);
    expect(cpu.instructionCount).toBe(2);
  });

  it("stops on ecall and ebreak without retiring them, pc on the instruction", () => {
    const { cpu } = program(NOP, ECALL, EBREAK);
    expect(cpu.run(100)).toEqual({ kind: "ecall" });
    expect(cpu.pc).toBe(BASE + 4);
    expect(cpu.instructionCount).toBe(1);
    cpu.pc += 4;
    expect(cpu.run(100)).toEqual({ kind: "ebreak" });
    expect(cpu.pc).toBe(BASE + 8);
  });

  it("reports other words as illegal", () => {
    const { cpu } = program(0x00a00513);
    expect(cpu.run(1)).toEqual({ kind: "illegal", word: 0x00a00513 });
  });

  it("raises an instruction fetch fault (cause 12) on unmapped or non-executable pages", () => {
    const { platform, space, cpu } = program(NOP);
    cpu.pc = BASE + PAGE_SIZE;
    expect(cpu.run(1)).toEqual({ kind: "fault", address: BASE + PAGE_SIZE, access: "execute", cause: 12 });
    platform.protectPages(space, BASE, PAGE_SIZE, Prot.Read);
    cpu.pc = BASE;
    expect(cpu.run(1)).toEqual({ kind: "fault", address: BASE, access: "execute", cause: 12 });
  });

  it("reports a misaligned pc (cause 0)", () => {
    const { cpu } = program(NOP);
    cpu.pc = BASE + 2;
    expect(cpu.run(1)).toEqual({ kind: "misaligned", address: BASE + 2, access: "execute", cause: 0 });
  });

  it("fetches from the space its thread was moved to (execve), and faults once that space is gone", () => {
    const { platform, space, cpu } = program(NOP);
    const other = platform.createAddressSpace();
    if (!other.ok) throw new Error("no space");
    platform.mapPages(other.value, BASE, PAGE_SIZE, Prot.Read | Prot.Exec);
    platform.writeBytes(other.value, BASE, le(ECALL), { force: true });
    platform.setCurrentCpu(cpu);
    platform.activateAddressSpace(other.value);
    platform.setCurrentCpu(undefined);
    expect(cpu.run(1)).toEqual({ kind: "ecall" });
    platform.destroyAddressSpace(other.value);
    expect(cpu.run(1)).toEqual({ kind: "fault", address: BASE, access: "execute", cause: 12 });
    expect(platform.cpuAddressSpace(cpu)).toBeUndefined();
    expect(space).toBe(1);
  });

  it("keeps x0 zero, stores registers as u32 and copies registers and pc", () => {
    const { cpu } = program();
    cpu.setRegister(0, 5);
    cpu.setRegister(10, -1);
    cpu.setRegister(32, 1);
    expect(cpu.getRegister(0)).toBe(0);
    expect(cpu.getRegister(10)).toBe(0xffff_ffff);
    expect(cpu.getRegister(32)).toBe(0);
    const copy = new TestCpu({ fetchInstruction: () => ({ ok: true, value: NOP }) });
    copy.copyRegistersFrom(cpu);
    expect(copy.getRegister(10)).toBe(0xffff_ffff);
    expect(copy.pc).toBe(BASE);
    copy.deschedule();
    expect(copy.run(3)).toEqual({ kind: "budget" });
  });
});
