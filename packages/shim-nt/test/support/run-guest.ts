/**
 * Runs NT guest programs (guest/bin/nt/*.elf) on a real platform: a LiteBox over the userland
 * (SharedMemory) or kernel-sim (Isolated) platform, the NT shim with riscv's ELF loader, the core
 * scheduler on a virtual clock, and stdout/stderr collected as transcripts.
 */
import { readFileSync, readdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { LiteBox, Scheduler, VirtualClock, type Provider, type RunReport } from "@litebox-ts/core";
import { KernelSimPlatform } from "@litebox-ts/platform-kernel-sim";
import { UserlandPlatform } from "@litebox-ts/platform-userland";
import { loadElf } from "@litebox-ts/riscv";
import { HostStream, NtShim, OutputCollector, programsFromMap } from "../../src/index";

/** The two real platforms. */
export type PlatformName = "userland" | "kernel-sim";
export const PLATFORMS: readonly PlatformName[] = ["userland", "kernel-sim"];

/** guest/ in the repository. */
export const GUEST_DIR = join(dirname(fileURLToPath(import.meta.url)), "../../../../guest");
/** guest/bin/nt. */
export const NT_BIN = join(GUEST_DIR, "bin/nt");

/** Every NT ELF as "/bin/nt/<name>.elf" → bytes. */
export function ntPrograms(): Map<string, Uint8Array> {
  const programs = new Map<string, Uint8Array>();
  for (const name of readdirSync(NT_BIN).filter((n) => n.endsWith(".elf"))) {
    programs.set(`/bin/nt/${name}`, new Uint8Array(readFileSync(join(NT_BIN, name))));
  }
  return programs;
}

/** A platform instance by name. */
export function makePlatform(name: PlatformName, options: { regionCount?: number; clock?: VirtualClock } = {}): Provider<number> {
  const clock = options.clock ?? new VirtualClock();
  return name === "userland"
    ? new UserlandPlatform({ regionSize: 16 * 1024 * 1024, regionCount: options.regionCount ?? 16, clock })
    : new KernelSimPlatform({ memorySize: 256 * 1024 * 1024, clock });
}

/** What is left in a LiteBox after a run (all zero, PID 1 alone, when nothing leaked). */
export interface Leftovers {
  readonly processes: readonly number[];
  readonly liveEntries: number;
  readonly livePipes: number;
  readonly addressSpaces: number;
  readonly futexWaiters: number;
  readonly threads: number;
}

/** The outcome of one guest run. */
export interface GuestRun {
  readonly stdout: string;
  readonly stderr: string;
  readonly exitCode: number | undefined;
  readonly report: RunReport;
  readonly shim: NtShim<Provider<number>>;
  readonly litebox: LiteBox<Provider<number>>;
  /** What remained once the run completed and the host released its process. */
  readonly leftovers: Leftovers;
}

/** What remains allocated in `litebox` (see {@link Leftovers}). */
export function leftovers(litebox: LiteBox<Provider<number>>, shim: NtShim<Provider<number>>): Leftovers {
  return {
    processes: litebox.processRegistry().processIds(),
    liveEntries: litebox.descriptors().liveEntryCount,
    livePipes: litebox.pipes().livePipeCount,
    addressSpaces: litebox.platform.resourceStats().addressSpaces,
    futexWaiters: litebox.futexManager().waiterCount,
    threads: shim.kernel.threads.size,
  };
}

/** Runs `/bin/nt/<name>.elf` with `args` on `platform` until every thread has exited. */
export async function runNtGuest(
  name: string,
  args: readonly string[],
  platformName: PlatformName,
  options: { programs?: Map<string, Uint8Array>; maxInstructions?: number } = {},
): Promise<GuestRun> {
  const platform = makePlatform(platformName);
  const litebox = new LiteBox(platform);
  const scheduler = new Scheduler({ clock: platform.time, executor: platform });
  const shim = new NtShim(litebox, {
    scheduler,
    programs: programsFromMap(options.programs ?? ntPrograms()),
    loadImage: loadElf,
  });
  const stdout = new OutputCollector();
  const stderr = new OutputCollector();
  const path = `/bin/nt/${name}.elf`;
  const started = shim.start({
    imagePath: path,
    commandLine: [path, ...args].join(" "),
    stdout: new HostStream({ write: stdout.write }),
    stderr: new HostStream({ write: stderr.write }),
  });
  if (!started.ok) throw new Error(`start ${name}: 0x${started.error.toString(16)}`);
  const report = await scheduler.run();
  const exitCode = started.value.exitStatus();
  started.value.release();
  return { stdout: stdout.text(), stderr: stderr.text(), exitCode, report, shim, litebox, leftovers: leftovers(litebox, shim) };
}
