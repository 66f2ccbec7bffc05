import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { SYSCALL_TABLE } from "../syscalls/table";
import { NtStatus, isNtStatus, ntError, ntSuccess } from "./status";
import { NT_SYSCALL_NAMES, NtSyscall } from "./syscalls";

const ntH = readFileSync(fileURLToPath(new URL("../../../../guest/sdk/include/nt.h", import.meta.url)), "utf8");

describe("the syscall table", () => {
  it("numbers the calls 1..n without gaps or repeats, each with one handler", () => {
    const numbers = Object.values(NtSyscall).sort((a, b) => a - b);
    expect(numbers).toEqual(Array.from({ length: numbers.length }, (_, i) => i + 1));
    expect([...SYSCALL_TABLE.keys()].sort((a, b) => a - b)).toEqual(numbers);
    for (const [name, number] of Object.entries(NtSyscall)) expect(NT_SYSCALL_NAMES.get(number)).toBe(name);
  });

  it("matches nt.h, the guests' copy of the numbers", () => {
    const fromHeader = new Map([...ntH.matchAll(/NR_(Nt\w+) = (\d+)/g)].map((m) => [m[1]!, Number(m[2])]));
    expect(Object.fromEntries(fromHeader)).toEqual({ ...NtSyscall });
  });

  it("has nt.h's NTSTATUS values equal to the shim's", () => {
    const fromHeader = [...ntH.matchAll(/#define STATUS_(\w+) \(\(NTSTATUS\)0x([0-9A-F]+)L\)/g)].map((m) => [m[1]!, parseInt(m[2]!, 16)] as const);
    expect(fromHeader.length).toBeGreaterThan(40);
    for (const [name, value] of fromHeader) expect([name, (NtStatus as Record<string, number>)[name]]).toEqual([name, value]);
    // …and every status the shim can return is in the header.
    const named = new Set(fromHeader.map(([n]) => n));
    for (const name of Object.keys(NtStatus)) if (name !== "WAIT_63") expect(named.has(name)).toBe(true);
  });
});

describe("NTSTATUS helpers", () => {
  it("classify severities", () => {
    expect(ntSuccess(NtStatus.SUCCESS)).toBe(true);
    expect(ntSuccess(NtStatus.TIMEOUT)).toBe(true);
    expect(ntSuccess(NtStatus.BUFFER_OVERFLOW)).toBe(false);
    expect(ntError(NtStatus.BUFFER_OVERFLOW)).toBe(false);
    expect(ntError(NtStatus.ACCESS_VIOLATION)).toBe(true);
    expect(ntSuccess(NtStatus.ACCESS_VIOLATION)).toBe(false);
  });

  it("recognise exactly the closed set (wait indices 0..63 included)", () => {
    expect(isNtStatus(NtStatus.WAIT_0 + 63)).toBe(true);
    expect(isNtStatus(64)).toBe(false);
    expect(isNtStatus(NtStatus.PIPE_CLOSING)).toBe(true);
    expect(isNtStatus(0xc000_0999)).toBe(false);
    expect(isNtStatus(1.5)).toBe(false);
  });
});
