/**
 * Loading and running the committed C guests (guest/bin) on a platform: the ELF loader into a new
 * address space, one CPU, the core's Scheduler and the test shim; and the same program under
 * qemu-riscv32 (Debian package `qemu-user`) as the oracle.
 */
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { AddressSpaceKind, Scheduler, type CpuContext, type Provider, type RunReport } from "@litebox-ts/core";
import { loadElf } from "@litebox-ts/riscv";
import { testProcess, testShim, type TestProcess } from "./test-shim";

/** The folder of the committed guest ELFs. */
export const GUEST_BIN = new URL("../../../../guest/bin/", import.meta.url);

/** hello and the compute programs, with small arguments so a test stays quick. */
export const GUESTS: ReadonlyArray<{ readonly name: string; readonly args: readonly string[] }> = [
  { name: "hello", args: [] },
  { name: "crc32", args: ["64"] },
  { name: "sha256", args: ["32"] },
  { name: "qsort", args: ["20000"] },
  { name: "matmul", args: ["40"] },
  { name: "bytecode-vm", args: ["1"] },
];

/** The bytes of `guest/bin/<name>.elf`. */
export function guestElf(name: string): Uint8Array {
  return new Uint8Array(readFileSync(new URL(`${name}.elf`, GUEST_BIN)));
}

/** A guest loaded into a new space of a platform. */
export interface LoadedGuest {
  /** Its address space. */
  readonly space: unknown;
  /** Its CPU, at the entry point with the initial stack pointer. */
  readonly cpu: CpuContext;
  /** The end of the image (the program break's start). */
  readonly brk: number;
}

/**
 * Loads `elf` with `argv` into a new address space of `platform`. On a SharedMemory platform the image
 * goes at its linked (low) addresses, which the platform re-bases into the space's region.
 */
export function loadGuest(platform: Provider<unknown>, elf: Uint8Array, argv: readonly string[]): LoadedGuest {
  const created = platform.createAddressSpace();
  if (!created.ok) throw new Error(`createAddressSpace: ${created.error}`);
  const space = created.value;
  const range = platform.addressSpaceRange(space);
  if (!range.ok) throw new Error(`addressSpaceRange: ${range.error}`);
  const target = platform.addressSpaceKind === AddressSpaceKind.SharedMemory
    ? { start: 0, end: range.value.end - range.value.start }
    : range.value;
  const loaded = loadElf(elf, { pages: platform, memory: platform, space, range: target }, { argv, stackSize: 256 * 1024 });
  if (!loaded.ok) throw new Error(`loadElf: ${JSON.stringify(loaded.error)}`);
  const cpu = platform.createCpu(space);
  if (!cpu.ok) throw new Error(`createCpu: ${cpu.error}`);
  cpu.value.pc = loaded.value.entry;
  cpu.value.setRegister(2, loaded.value.sp);
  return { space, cpu: cpu.value, brk: loaded.value.brk };
}

/** What a guest run produced. */
export interface GuestRun {
  /** Bytes written to fd 1 and 2. */
  readonly stdout: Uint8Array;
  /** Exit status, or undefined if it did not exit. */
  readonly exitCode: number | undefined;
  /** How the scheduler's run ended. */
  readonly report: RunReport;
  /** Instructions the guest retired. */
  readonly instructions: number;
  /** Host milliseconds of the run. */
  readonly ms: number;
}

/** Loads and runs `guest/bin/<name>.elf` with `args` on `platform` under the Scheduler and the test shim. */
export async function runGuestOn(platform: Provider<unknown>, name: string, args: readonly string[], quantum = 1_000_000): Promise<GuestRun> {
  const guest = loadGuest(platform, guestElf(name), [name, ...args]);
  const state: TestProcess = testProcess(name, guest.space, { brk: guest.brk });
  const scheduler = new Scheduler({ clock: platform.time, quantum, executor: platform });
  scheduler.spawn(guest.cpu, guest.space, testShim(platform), state);
  const t0 = performance.now();
  const report = await scheduler.run();
  const ms = performance.now() - t0;
  const destroyed = platform.destroyAddressSpace(guest.space);
  if (!destroyed.ok) throw new Error(`destroyAddressSpace: ${destroyed.error}`);
  return { stdout: Uint8Array.from(state.output), exitCode: state.exitCode, report, instructions: guest.cpu.instructionCount, ms };
}

/** The qemu-riscv32 binary (Debian package `qemu-user`). */
export const QEMU = "qemu-riscv32";

/** Whether qemu-riscv32 runs here. */
export function qemuAvailable(): boolean {
  const r = spawnSync(QEMU, ["--version"], { encoding: "utf8" });
  return r.status === 0;
}

/** Runs `guest/bin/<name>.elf` under qemu-riscv32 (no C extension, like the hart). */
export function runQemu(name: string, args: readonly string[]): { stdout: Uint8Array; exitCode: number | undefined } {
  const file = new URL(`${name}.elf`, GUEST_BIN).pathname;
  const r = spawnSync(QEMU, ["-cpu", "rv32,c=false", file, ...args], { maxBuffer: 1 << 26, timeout: 120_000 });
  if (r.error) throw r.error;
  return { stdout: new Uint8Array(r.stdout), exitCode: r.status ?? undefined };
}

/**
 * Loads every guest into its own address space of one platform and runs them all as concurrent
 * processes under one Scheduler (`seed`: randomised quanta and thread choice).
 */
export async function runGuestsTogether(
  platform: Provider<unknown>,
  guests: ReadonlyArray<{ readonly name: string; readonly args: readonly string[] }>,
  options: { readonly seed?: number; readonly quantum?: number } = {},
): Promise<{ report: RunReport; runs: Array<{ stdout: Uint8Array; exitCode: number | undefined }> }> {
  const scheduler = new Scheduler({ clock: platform.time, quantum: options.quantum ?? 20_000, executor: platform, ...(options.seed === undefined ? {} : { seed: options.seed }) });
  const shim = testShim(platform);
  const loaded = guests.map((g) => {
    const guest = loadGuest(platform, guestElf(g.name), [g.name, ...g.args]);
    const state = testProcess(g.name, guest.space, { brk: guest.brk });
    scheduler.spawn(guest.cpu, guest.space, shim, state);
    return { guest, state };
  });
  const report = await scheduler.run();
  for (const { guest } of loaded) {
    const destroyed = platform.destroyAddressSpace(guest.space);
    if (!destroyed.ok) throw new Error(`destroyAddressSpace: ${destroyed.error}`);
  }
  return { report, runs: loaded.map(({ state }) => ({ stdout: Uint8Array.from(state.output), exitCode: state.exitCode })) };
}
