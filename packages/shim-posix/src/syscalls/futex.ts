/**
 * futex_time64 (rv32 has no time32 `futex`): FUTEX_WAIT, FUTEX_WAKE, FUTEX_WAIT_BITSET,
 * FUTEX_WAKE_BITSET, FUTEX_REQUEUE, FUTEX_CMP_REQUEUE and FUTEX_WAKE_OP, private or shared, with
 * FUTEX_CLOCK_REALTIME for the bitset wait — Linux's `kernel/futex` semantics and error order:
 *
 * 1. the timeout of a waiting op is read (EFAULT) and checked (EINVAL) first: relative for
 *    FUTEX_WAIT, absolute on CLOCK_MONOTONIC (or CLOCK_REALTIME) for FUTEX_WAIT_BITSET;
 * 2. FUTEX_CLOCK_REALTIME with another op is ENOSYS, as is every unknown op, FUTEX_FD and the PI ops
 *    (this kernel is built without CONFIG_FUTEX_PI);
 * 3. a bitset of 0 is EINVAL, then the key: a misaligned word is EINVAL, a word outside the space is
 *    EFAULT, and a shared op on an unmapped or unreadable page is EFAULT (`get_user_pages`);
 * 4. waits compare the word after queueing (EAGAIN when it differs, EFAULT when unreadable), end
 *    with 0 when woken, ETIMEDOUT at the deadline, or a restart code when a signal interrupts:
 *    `ERESTARTSYS` without a timeout, `ERESTART_RESTARTBLOCK` with one (the restart block waits on
 *    to the same absolute deadline, as `futex_wait_restart` does).
 *
 * FUTEX_WAKE wakes at least one waiter even for a count of 0 or a negative count (Linux checks the
 * count after waking), so the core's strict `wake` gets `max(count, 1)`. Keys come from the shim's
 * futex-key resolver (`mm/futex-keys.ts`): a shared futex on MAP_SHARED memory wakes across
 * processes, a private one never does.
 *
 * @module
 */
import { FUTEX_BITSET_MATCH_ANY, PAGE_SIZE, Prot, err, memoryFault, type FutexKey, type FutexWaitOutcome, type Result, type MemoryFault } from "@litebox-ts/core";
import { FutexOp } from "../abi/constants";
import { Errno } from "../abi/errno";
import { Sys } from "../abi/syscall-numbers";
import type { ShimInstaller } from "../shim/installer";
import { THREAD_TIME, platformNow, platformTimeOf } from "../time/clocks";
import { deadlineAt, readValidTimespec, timespecNs } from "../time/timespec";
import type { SyscallContext } from "./context";
import type { SyscallResult } from "./table";

const CMD_MASK = ~(FutexOp.FUTEX_PRIVATE_FLAG | FutexOp.FUTEX_CLOCK_REALTIME);

/** `futex_cmd_has_timeout`. */
function hasTimeout(cmd: number): boolean {
  return (
    cmd === FutexOp.FUTEX_WAIT ||
    cmd === FutexOp.FUTEX_LOCK_PI ||
    cmd === FutexOp.FUTEX_LOCK_PI2 ||
    cmd === FutexOp.FUTEX_WAIT_BITSET ||
    cmd === FutexOp.FUTEX_WAIT_REQUEUE_PI
  );
}

/** What one futex call works with. */
interface FutexCall {
  readonly ctx: SyscallContext;
  /** Not FUTEX_PRIVATE_FLAG. */
  readonly shared: boolean;
}

/**
 * `get_futex_key`: the key of the word at `address`, or -errno. `write` asks for a writable page
 * (FUTEX_WAKE_OP's second word), as `FUTEX_WRITE` does for shared keys.
 */
function keyOf(call: FutexCall, address: number, write = false): FutexKey | number {
  const { ctx, shared } = call;
  if ((address & 3) !== 0) return -Errno.EINVAL;
  if (!ctx.memory.inRange(address, 4)) return -Errno.EFAULT;
  if (shared) {
    // README M5: a read-only private page is accepted (Linux refuses read-only anonymous pages).
    const page = ctx.shim.platform.queryPage(ctx.process.space.id, (address >>> 0) - ((address >>> 0) % PAGE_SIZE));
    const prot = page.ok ? page.value?.prot : undefined;
    if (prot === undefined || (prot & Prot.Read) === 0 || (write && (prot & Prot.Write) === 0)) return -Errno.EFAULT;
  }
  return ctx.shim.futexKey(ctx.process, address, shared);
}

/** Reads the futex word through the caller's own mapping. */
function wordReader(ctx: SyscallContext, address: number): () => Result<number, MemoryFault> {
  return () => {
    const word = ctx.memory.readU32(address);
    return word.ok ? word : err(memoryFault(address, "read", "unmapped"));
  };
}

/** FUTEX_WAIT / FUTEX_WAIT_BITSET. `deadline` is on the platform clock; `timed` says a timeout was given. */
function wait(
  call: FutexCall,
  address: number,
  expected: number,
  bitset: number,
  deadline: number | undefined,
  timed: boolean,
): SyscallResult | Promise<SyscallResult> {
  const { ctx } = call;
  if (bitset === 0) return -Errno.EINVAL;
  const key = keyOf(call, address);
  if (typeof key === "number") return key;
  const outcome = ctx.shim.litebox.futexManager().wait(key.discriminator, key.address, expected >>> 0, {
    readWord: wordReader(ctx, address),
    interrupt: ctx.interrupt,
    bitset: bitset >>> 0,
    ...(deadline === undefined ? {} : { deadline }),
  });
  const finish = (r: FutexWaitOutcome): SyscallResult => {
    if (r.ok) return 0;
    switch (r.error._tag) {
      case "InvalidArgument":
        return -Errno.EINVAL;
      case "ValueMismatch":
        return -Errno.EAGAIN;
      case "MemoryFault":
        return -Errno.EFAULT;
      case "WaitTimedOut":
        return -Errno.ETIMEDOUT;
      case "WaitInterrupted":
        if (!timed) return -Errno.ERESTARTSYS;
        ctx.thread.ext(THREAD_TIME).restart = (again) => wait({ ctx: again, shared: call.shared }, address, expected, bitset, deadline, true);
        return -Errno.ERESTART_RESTARTBLOCK;
    }
  };
  if (!(outcome instanceof Promise)) return finish(outcome);
  ctx.waitingOn = `futex wait on 0x${(address >>> 0).toString(16)} (pid ${ctx.process.id} tid ${ctx.thread.tid})`;
  return outcome.then(finish);
}

/** FUTEX_WAKE / FUTEX_WAKE_BITSET: at least one waiter for any count (Linux counts after waking). */
function wake(call: FutexCall, address: number, count: number, bitset: number): number {
  if (bitset === 0) return -Errno.EINVAL;
  const key = keyOf(call, address);
  if (typeof key === "number") return key;
  const n = count | 0;
  const woken = call.ctx.shim.litebox.futexManager().wake(key.discriminator, key.address, n <= 0 ? 1 : n, bitset >>> 0);
  return woken.ok ? woken.value : -Errno.EINVAL;
}

/** FUTEX_REQUEUE / FUTEX_CMP_REQUEUE (`compare` set): wakes, then moves waiters to the second word. */
function requeue(call: FutexCall, address: number, wakeCount: number, requeueCount: number, target: number, compare?: number): number {
  const nrWake = wakeCount | 0;
  const nrRequeue = requeueCount | 0;
  if (nrWake < 0 || nrRequeue < 0) return -Errno.EINVAL;
  const from = keyOf(call, address);
  if (typeof from === "number") return from;
  const to = keyOf(call, target);
  if (typeof to === "number") return to;
  const cmp = compare === undefined ? undefined : { expected: compare >>> 0, readWord: wordReader(call.ctx, address) };
  const moved = call.ctx.shim.litebox.futexManager().requeue(from.discriminator, from.address, nrWake, nrRequeue, to, cmp);
  if (moved.ok) return moved.value;
  switch (moved.error._tag) {
    case "InvalidArgument":
      return -Errno.EINVAL;
    case "ValueMismatch":
      return -Errno.EAGAIN;
    case "MemoryFault":
      return -Errno.EFAULT;
  }
}

/** Sign-extends a 12-bit field. */
function signExtend12(value: number): number {
  return (value << 20) >> 20;
}

/**
 * FUTEX_WAKE_OP: `*uaddr2 = op(*uaddr2, oparg)` (SET, ADD, OR, ANDN, XOR; the shift flag makes the
 * argument `1 << oparg`), wake on the first word, and on the second too if the old value passes the
 * comparison. An unknown op is ENOSYS before the write; an unknown comparison is ENOSYS after it.
 */
function wakeOp(call: FutexCall, address: number, count: number, target: number, count2: number, encoded: number): number {
  const from = keyOf(call, address);
  if (typeof from === "number") return from;
  const to = keyOf(call, target, true);
  if (typeof to === "number") return to;
  const { ctx } = call;
  const op = (encoded >>> 28) & 7;
  const cmp = (encoded >>> 24) & 15;
  let oparg = signExtend12((encoded >>> 12) & 0xfff);
  const cmparg = signExtend12(encoded & 0xfff);
  if ((encoded & 0x8000_0000) !== 0) oparg = 1 << (oparg & 31);
  if (op > 4) return -Errno.ENOSYS;
  if (!ctx.memory.isWritable(target, 4)) return -Errno.EFAULT;
  const read = ctx.memory.readU32(target);
  if (!read.ok) return -Errno.EFAULT;
  const old = read.value | 0;
  const next = [oparg, old + oparg, old | oparg, old & ~oparg, old ^ oparg][op]!;
  if (!ctx.memory.writeU32(target, next >>> 0).ok) return -Errno.EFAULT;
  let passes: boolean;
  switch (cmp) {
    case 0:
      passes = old === cmparg;
      break;
    case 1:
      passes = old !== cmparg;
      break;
    case 2:
      passes = old < cmparg;
      break;
    case 3:
      passes = old >= cmparg;
      break;
    case 4:
      passes = old <= cmparg;
      break;
    case 5:
      passes = old > cmparg;
      break;
    default:
      return -Errno.ENOSYS;
  }
  const manager = ctx.shim.litebox.futexManager();
  const first = count | 0;
  let woken = manager.wake(from.discriminator, from.address, first <= 0 ? 1 : first, FUTEX_BITSET_MATCH_ANY);
  let total = woken.ok ? woken.value : 0;
  if (passes) {
    const second = count2 | 0;
    woken = manager.wake(to.discriminator, to.address, second <= 0 ? 1 : second, FUTEX_BITSET_MATCH_ANY);
    total += woken.ok ? woken.value : 0;
  }
  return total;
}

function futex(ctx: SyscallContext): SyscallResult | Promise<SyscallResult> {
  const address = ctx.arg(0);
  const op = ctx.arg(1);
  const val = ctx.arg(2);
  const timeout = ctx.arg(3);
  const address2 = ctx.arg(4);
  const val3 = ctx.arg(5);
  const cmd = op & CMD_MASK;
  const realtime = (op & FutexOp.FUTEX_CLOCK_REALTIME) !== 0;
  let deadline: number | undefined;
  const timed = timeout !== 0 && hasTimeout(cmd);
  if (timed) {
    const ts = readValidTimespec(ctx.memory, timeout);
    if (!ts.ok) return -ts.error;
    const ns = timespecNs(ts.value);
    if (cmd === FutexOp.FUTEX_WAIT) deadline = deadlineAt(BigInt(platformNow(ctx.shim)) + ns);
    else deadline = deadlineAt(platformTimeOf(realtime || cmd === FutexOp.FUTEX_LOCK_PI ? "realtime" : "monotonic", ns));
  }
  if (realtime && cmd !== FutexOp.FUTEX_WAIT_BITSET && cmd !== FutexOp.FUTEX_WAIT_REQUEUE_PI && cmd !== FutexOp.FUTEX_LOCK_PI2) {
    return -Errno.ENOSYS;
  }
  const call: FutexCall = { ctx, shared: (op & FutexOp.FUTEX_PRIVATE_FLAG) === 0 };
  ctx.thread.ext(THREAD_TIME).restart = undefined;
  switch (cmd) {
    case FutexOp.FUTEX_WAIT:
      return wait(call, address, val, FUTEX_BITSET_MATCH_ANY, deadline, timed);
    case FutexOp.FUTEX_WAIT_BITSET:
      return wait(call, address, val, val3, deadline, timed);
    case FutexOp.FUTEX_WAKE:
      return wake(call, address, val, FUTEX_BITSET_MATCH_ANY);
    case FutexOp.FUTEX_WAKE_BITSET:
      return wake(call, address, val, val3);
    case FutexOp.FUTEX_REQUEUE:
      return requeue(call, address, val, timeout, address2);
    case FutexOp.FUTEX_CMP_REQUEUE:
      return requeue(call, address, val, timeout, address2, val3);
    case FutexOp.FUTEX_WAKE_OP:
      return wakeOp(call, address, val, address2, timeout, val3);
    default:
      // FUTEX_FD (removed), the PI operations (README M5: no CONFIG_FUTEX_PI), unknown operations.
      return -Errno.ENOSYS;
  }
}

/** Installs futex_time64 and the MAP_SHARED-aware futex keys. */
export function installFutexSyscalls(installer: ShimInstaller): void {
  installer.syscall(Sys.futex_time64, "futex_time64", futex);
}
