/**
 * The POSIX clocks over the scheduler's clock (the platform's `TimeProvider`): deterministic with
 * the virtual clock, the host's monotonic time with the real one.
 *
 * - CLOCK_MONOTONIC, CLOCK_MONOTONIC_RAW and CLOCK_BOOTTIME are the platform clock plus a fixed
 *   uptime at its zero, {@link BOOT_UPTIME_NS} (one minute): as on any real machine, a program never
 *   starts at uptime 0, so an absolute deadline like one second after boot is in the past. They tick
 *   at the rate of the hart's `time` CSR, which counts from the platform clock's zero. Nothing
 *   suspends, so boot time equals monotonic time.
 * - CLOCK_REALTIME (and CLOCK_TAI, whose offset is 0 until set, as on Linux) is a fixed epoch —
 *   2024-01-01T00:00:00Z, {@link REALTIME_EPOCH_SECONDS} — plus the platform clock: runs are
 *   reproducible, dates are plausible. clock_settime is not offered.
 * - The *_COARSE clocks move in ticks of {@link COARSE_TICK_NS} (HZ = 250), as Linux's do.
 * - CPU-time clocks (CLOCK_PROCESS_CPUTIME_ID, CLOCK_THREAD_CPUTIME_ID and the per-pid/per-thread
 *   clocks of clock_getcpuclockid) count retired instructions at the scheduler's nominal
 *   {@link NS_PER_INSTRUCTION} ns each — with the virtual clock that is exactly the time the thread
 *   ran; with the real clock it is a model.
 * - The alarm clocks need an RTC device, which this machine has none of: EINVAL to read, EOPNOTSUPP
 *   to sleep on (Linux without an RTC). Posix-clock descriptors (CLOCKFD) do not exist: EINVAL.
 *
 * @module
 */
import { ClockId } from "../abi/constants";
import { ProcessExtension, ThreadExtension } from "../process/extensions";
import type { PosixProcess } from "../process/posix-process";
import type { PosixThread } from "../process/posix-thread";
import type { PosixShim } from "../shim/posix-shim";
import type { SyscallContext, } from "../syscalls/context";
import type { SyscallResult } from "../syscalls/table";
import { NS_PER_SECOND, type Timespec } from "./timespec";

/** Seconds since the Unix epoch at the platform clock's zero (2024-01-01T00:00:00Z). */
export const REALTIME_EPOCH_SECONDS = 1_704_067_200;
/** CLOCK_MONOTONIC at the platform clock's zero: the machine booted a minute before. */
export const BOOT_UPTIME_NS = 60 * 1_000_000_000;
/** Length of a scheduler tick (HZ = 250): the resolution of the coarse clocks. */
export const COARSE_TICK_NS = 4_000_000;
/** Nominal nanoseconds per retired instruction (the scheduler's default rate). */
export const NS_PER_INSTRUCTION = 10;

/** What a clock id names. A closed set. */
export type ClockSpec =
  /** Wall-clock time (REALTIME, REALTIME_COARSE, TAI). */
  | { readonly kind: "realtime"; readonly coarse: boolean; readonly sleeps: boolean }
  /** Time since boot (MONOTONIC, MONOTONIC_RAW, MONOTONIC_COARSE, BOOTTIME). */
  | { readonly kind: "monotonic"; readonly coarse: boolean; readonly sleeps: boolean }
  /** CPU time of a process or a thread; `pid` 0 means the caller's; `which`: 0 PROF, 1 VIRT, 2 SCHED. */
  | { readonly kind: "cpu"; readonly thread: boolean; readonly pid: number; readonly which: number }
  /** REALTIME_ALARM, BOOTTIME_ALARM: no RTC here. */
  | { readonly kind: "alarm" }
  /** A posix-clock descriptor (CLOCKFD): none exist. */
  | { readonly kind: "fd" };

/** `clockid_to_kclock`: what `id` names, or `undefined` for an invalid id (EINVAL). */
export function decodeClock(id: number): ClockSpec | undefined {
  if (id < 0) {
    if ((id & 7) === 3) return { kind: "fd" };
    return { kind: "cpu", thread: (id & 4) !== 0, pid: ~(id >> 3), which: id & 3 };
  }
  switch (id) {
    case ClockId.CLOCK_REALTIME:
    case ClockId.CLOCK_TAI:
      return { kind: "realtime", coarse: false, sleeps: true };
    case ClockId.CLOCK_REALTIME_COARSE:
      return { kind: "realtime", coarse: true, sleeps: false };
    case ClockId.CLOCK_MONOTONIC:
    case ClockId.CLOCK_BOOTTIME:
      return { kind: "monotonic", coarse: false, sleeps: true };
    case ClockId.CLOCK_MONOTONIC_RAW:
      return { kind: "monotonic", coarse: false, sleeps: false };
    case ClockId.CLOCK_MONOTONIC_COARSE:
      return { kind: "monotonic", coarse: true, sleeps: false };
    case ClockId.CLOCK_PROCESS_CPUTIME_ID:
      return { kind: "cpu", thread: false, pid: 0, which: 2 };
    case ClockId.CLOCK_THREAD_CPUTIME_ID:
      return { kind: "cpu", thread: true, pid: 0, which: 2 };
    case ClockId.CLOCK_REALTIME_ALARM:
    case ClockId.CLOCK_BOOTTIME_ALARM:
      return { kind: "alarm" };
    default:
      return undefined;
  }
}

/** A restartable continuation of an interrupted call (Linux's `restart_block.fn`). */
export type RestartFunction = (ctx: SyscallContext) => SyscallResult | Promise<SyscallResult>;

/** Per-thread time state: the restart block. */
export interface ThreadTime {
  /** What restart_syscall runs (set by a relative sleep or timed futex wait cut short by a signal). */
  restart: RestartFunction | undefined;
}

/** Per-process time state: CPU time of the threads that already exited. */
export interface ProcessTime {
  /** Instructions retired by exited threads (exec's and exit's casualties). */
  exitedInstructions: number;
}

/** The per-process time state (a fork child starts at zero CPU time; execve keeps it). */
export const PROCESS_TIME = new ProcessExtension<ProcessTime>({
  name: "time",
  create: () => ({ exitedInstructions: 0 }),
});

/** The per-thread time state; an exiting thread's CPU time moves to its process. */
export const THREAD_TIME = new ThreadExtension<ThreadTime>({
  name: "time",
  create: () => ({ restart: undefined }),
  // The old image's restart block would name its memory.
  exec: () => ({ restart: undefined }),
  exit: (_state, thread) => {
    thread.process.ext(PROCESS_TIME).exitedInstructions += thread.cpu.instructionCount;
  },
});

/** CPU time of `thread` in ns. */
export function threadCpuNs(thread: PosixThread): number {
  return thread.cpu.instructionCount * NS_PER_INSTRUCTION;
}

/** CPU time of `process` (live and exited threads) in ns. */
export function processCpuNs(process: PosixProcess): number {
  let instructions = process.ext(PROCESS_TIME).exitedInstructions;
  for (const t of process.threads) instructions += t.cpu.instructionCount;
  return instructions * NS_PER_INSTRUCTION;
}

/** The timespec of a non-negative nanosecond count. */
export function timespecOfNs(ns: number): Timespec {
  const whole = Math.floor(ns);
  return { sec: BigInt(Math.floor(whole / NS_PER_SECOND)), nsec: whole % NS_PER_SECOND };
}

/** The platform clock now, in ns (what deadlines are measured on). */
export function platformNow(shim: PosixShim): number {
  return shim.platform.time.now();
}

/** The reading of a wall-clock or monotonic clock when the platform clock says `now`. */
export function clockReading(kind: "realtime" | "monotonic", coarse: boolean, now: number): Timespec {
  const t = timespecOfNs(coarse ? now - (now % COARSE_TICK_NS) : now);
  if (kind === "realtime") return { sec: t.sec + BigInt(REALTIME_EPOCH_SECONDS), nsec: t.nsec };
  return { sec: t.sec + BigInt(BOOT_UPTIME_NS / 1_000_000_000), nsec: t.nsec };
}

const EPOCH_NS = BigInt(REALTIME_EPOCH_SECONDS) * 1_000_000_000n;

/** The platform-clock time of the absolute time `ns` on a wall-clock or monotonic clock. */
export function platformTimeOf(kind: "realtime" | "monotonic", ns: bigint): bigint {
  return ns - (kind === "realtime" ? EPOCH_NS : BigInt(BOOT_UPTIME_NS));
}

/** What a CPU clock measures, resolved for the caller: a thread, a process, init (PID 1), or nothing (EINVAL). */
export type CpuClockTarget =
  | { readonly kind: "thread"; readonly thread: PosixThread }
  | { readonly kind: "process"; readonly process: PosixProcess }
  | { readonly kind: "init" };

/**
 * `pid_for_clock`: the thread or process a CPU clock of `ctx`'s caller measures. Thread clocks must
 * name a thread of the caller's process; process clocks a process (for reads, the caller's own tid
 * names its process too).
 */
export function cpuClockTarget(
  ctx: SyscallContext,
  spec: Extract<ClockSpec, { kind: "cpu" }>,
  gettime: boolean,
): CpuClockTarget | undefined {
  if (spec.which >= 3) return undefined;
  const self = ctx.thread;
  if (spec.pid === 0) return spec.thread ? { kind: "thread", thread: self } : { kind: "process", process: self.process };
  const table = ctx.shim.processes;
  if (spec.thread) {
    const thread = table.thread(spec.pid);
    return thread !== undefined && thread.process === self.process ? { kind: "thread", thread } : undefined;
  }
  if (gettime && spec.pid === self.tid) return { kind: "process", process: self.process };
  if (spec.pid === 1) return { kind: "init" };
  const process = table.process(spec.pid);
  return process !== undefined && process.state !== "reaped" ? { kind: "process", process } : undefined;
}

/** CPU time of a resolved target, in ns (init runs no guest code). */
export function cpuTimeNs(target: CpuClockTarget): number {
  switch (target.kind) {
    case "thread":
      return threadCpuNs(target.thread);
    case "process":
      return processCpuNs(target.process);
    case "init":
      return 0;
  }
}
