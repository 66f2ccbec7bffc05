/**
 * Time syscalls: clock_gettime64, clock_getres_time64, clock_nanosleep_time64, and restart_syscall
 * (rv32 is time64-only: there is no nanosleep, gettimeofday or time32 clock call — see
 * `ABSENT_ON_RV32`; the SDK's nanosleep is clock_nanosleep on CLOCK_REALTIME).
 *
 * clock_nanosleep follows `hrtimer_nanosleep`: EINVAL for an unknown clock, EOPNOTSUPP for clocks
 * that cannot be slept on (MONOTONIC_RAW, the coarse clocks, the thread CPU clock), EFAULT / EINVAL
 * for the request; a relative sleep cut short by a signal writes the remaining time (unless none is
 * left: then it answers 0) and returns `ERESTART_RESTARTBLOCK` with a restart block that sleeps to the
 * same expiry; an absolute sleep returns `ERESTARTNOHAND` (restarted as it is). Process CPU-time
 * clocks cannot be slept on here (EOPNOTSUPP; Linux sleeps until the process has used that much CPU
 * time) — a deliberate difference listed in the README.
 *
 * @module
 */
import { WOULD_BLOCK, isWaitFailure, type WaitFailure } from "@litebox-ts/core";
import { ClockId, TIMER_ABSTIME } from "../abi/constants";
import { Errno } from "../abi/errno";
import { Sys } from "../abi/syscall-numbers";
import type { ShimInstaller } from "../shim/installer";
import {
  COARSE_TICK_NS,
  PROCESS_TIME,
  THREAD_TIME,
  clockReading,
  cpuClockTarget,
  cpuTimeNs,
  decodeClock,
  platformNow,
  platformTimeOf,
  timespecOfNs,
} from "../time/clocks";
import { NS_PER_SECOND, deadlineAt, readValidTimespec, timespecNs, writeTimespec, type Timespec } from "../time/timespec";
import type { SyscallContext } from "./context";
import type { SyscallResult } from "./table";

function clockGettime(ctx: SyscallContext): number {
  const spec = decodeClock(ctx.argSigned(0));
  if (spec === undefined) return -Errno.EINVAL;
  let reading: Timespec;
  switch (spec.kind) {
    case "realtime":
    case "monotonic":
      reading = clockReading(spec.kind, spec.coarse, platformNow(ctx.shim));
      break;
    case "cpu": {
      const target = cpuClockTarget(ctx, spec, true);
      if (target === undefined) return -Errno.EINVAL;
      reading = timespecOfNs(cpuTimeNs(target));
      break;
    }
    case "alarm":
    case "fd":
      return -Errno.EINVAL;
  }
  return writeTimespec(ctx.memory, ctx.arg(1), reading).ok ? 0 : -Errno.EFAULT;
}

function clockGetres(ctx: SyscallContext): number {
  const spec = decodeClock(ctx.argSigned(0));
  if (spec === undefined) return -Errno.EINVAL;
  let resolution: number;
  switch (spec.kind) {
    case "realtime":
    case "monotonic":
      resolution = spec.coarse ? COARSE_TICK_NS : 1;
      break;
    case "cpu":
      if (cpuClockTarget(ctx, spec, false) === undefined) return -Errno.EINVAL;
      // The scheduler clock counts nanoseconds; the tick-based PROF/VIRT clocks count ticks.
      resolution = spec.which === 2 ? 1 : COARSE_TICK_NS;
      break;
    case "alarm":
    case "fd":
      return -Errno.EINVAL;
  }
  const address = ctx.arg(1);
  if (address === 0) return 0;
  return writeTimespec(ctx.memory, address, timespecOfNs(resolution)).ok ? 0 : -Errno.EFAULT;
}

/**
 * Sleeps until the platform-clock `deadline` (undefined: forever). Relative sleeps (`rem` given or
 * not) get a restart block and the remaining time; absolute ones restart as they are.
 */
function sleepUntil(ctx: SyscallContext, deadline: number | undefined, absolute: boolean, rem: number): SyscallResult | Promise<SyscallResult> {
  const time = ctx.shim.platform.time;
  if (deadline !== undefined && time.now() >= deadline) return 0;
  const waited = ctx.waitContext(deadline).wait(
    (): 0 | typeof WOULD_BLOCK => WOULD_BLOCK,
    () => () => undefined,
  );
  const finish = (outcome: 0 | WaitFailure): SyscallResult => {
    if (!isWaitFailure(outcome) || outcome._tag === "WaitTimedOut") return 0;
    if (absolute) return -Errno.ERESTARTNOHAND;
    const left = deadline === undefined ? undefined : deadline - time.now();
    if (left !== undefined && left <= 0) return 0;
    if (rem !== 0) {
      const remaining = left === undefined ? { sec: 0x7fff_ffff_ffff_ffffn, nsec: NS_PER_SECOND - 1 } : timespecOfNs(left);
      if (!writeTimespec(ctx.memory, rem, remaining).ok) return -Errno.EFAULT;
    }
    ctx.thread.ext(THREAD_TIME).restart = (again) => sleepUntil(again, deadline, false, rem);
    return -Errno.ERESTART_RESTARTBLOCK;
  };
  if (!(waited instanceof Promise)) return finish(waited);
  ctx.waitingOn = `clock_nanosleep (pid ${ctx.process.id} tid ${ctx.thread.tid})`;
  return waited.then(finish);
}

function clockNanosleep(ctx: SyscallContext): SyscallResult | Promise<SyscallResult> {
  const spec = decodeClock(ctx.argSigned(0));
  if (spec === undefined) return -Errno.EINVAL;
  const sleepable = (spec.kind === "realtime" || spec.kind === "monotonic") && spec.sleeps;
  if (!sleepable && spec.kind !== "cpu" && spec.kind !== "alarm") return -Errno.EOPNOTSUPP;
  // CLOCK_THREAD_CPUTIME_ID has no nsleep at all (the per-thread clocks of other ids do, and refuse later).
  if (ctx.argSigned(0) === ClockId.CLOCK_THREAD_CPUTIME_ID) return -Errno.EOPNOTSUPP;
  const request = readValidTimespec(ctx.memory, ctx.arg(2));
  if (!request.ok) return -request.error;
  const flags = ctx.arg(1);
  const absolute = (flags & TIMER_ABSTIME) !== 0;
  if (spec.kind === "alarm") return -Errno.EOPNOTSUPP; // no RTC device
  if (spec.kind === "cpu") {
    if (spec.thread && (spec.pid === 0 || spec.pid === ctx.thread.tid)) return -Errno.EINVAL;
    if (cpuClockTarget(ctx, spec, false) === undefined) return -Errno.EINVAL;
    return -Errno.EOPNOTSUPP; // deliberate difference (README M6): no sleeping on CPU time
  }
  ctx.thread.ext(THREAD_TIME).restart = undefined;
  const ns = timespecNs(request.value);
  let deadline: number | undefined;
  if (absolute) deadline = deadlineAt(platformTimeOf(spec.kind, ns));
  else deadline = deadlineAt(BigInt(platformNow(ctx.shim)) + ns);
  return sleepUntil(ctx, deadline, absolute, absolute ? 0 : ctx.arg(3));
}

function restartSyscall(ctx: SyscallContext): SyscallResult | Promise<SyscallResult> {
  const state = ctx.thread.ext(THREAD_TIME);
  const restart = state.restart;
  state.restart = undefined;
  // do_no_restart_syscall: nothing to restart is EINTR.
  return restart === undefined ? -Errno.EINTR : restart(ctx);
}

/** Installs clock_gettime64, clock_getres_time64, clock_nanosleep_time64 and restart_syscall. */
export function installTimeSyscalls(installer: ShimInstaller): void {
  installer.processExtension(PROCESS_TIME);
  installer.threadExtension(THREAD_TIME);
  installer.syscall(Sys.clock_gettime64, "clock_gettime64", clockGettime);
  installer.syscall(Sys.clock_getres_time64, "clock_getres_time64", clockGetres);
  installer.syscall(Sys.clock_nanosleep_time64, "clock_nanosleep_time64", clockNanosleep);
  installer.syscall(Sys.restart_syscall, "restart_syscall", restartSyscall);
}
