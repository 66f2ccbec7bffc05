/**
 * ppoll_time64(2), built on the core's readiness events and `WaitContext`. Linux's order and
 * answers: a bad timeout pointer is EFAULT and an invalid timespec EINVAL; a sigmask with a size other
 * than 8 is EINVAL; more fds than RLIMIT_NOFILE is EINVAL; an unreadable array EFAULT. Each entry's
 * revents is `ready & (events | POLLERR | POLLHUP)` (POLLNVAL for a closed number, nothing for a
 * negative one), with POLLRDNORM / POLLWRNORM alongside POLLIN / POLLOUT as pipes report them; an
 * object without readiness is always readable and writable. revents are written back for every entry
 * whatever the outcome, and the remaining time is written back to the timespec (as
 * poll_select_finish does). A signal ends the wait with ERESTARTNOHAND (EINTR for the guest unless
 * restarted). The temporary sigmask is installed for the call and restored after it — or, when the
 * call was interrupted, left for the signal layer to restore after delivery (`thread.savedMask`).
 *
 * @module
 */
import { WOULD_BLOCK, isWaitFailure, type Pollable } from "@litebox-ts/core";
import { Rlimit } from "../abi/constants";
import { Errno } from "../abi/errno";
import { PollfdLayout, Timespec64Layout } from "../abi/layouts";
import { KERNEL_SIGSET_SIZE, Signal } from "../abi/signals";
import { StructBuffer, StructReader } from "../memory/user-memory";
import { signalBit } from "../process/signal-state";
import { setSignalMask } from "../signal/process-core-hooks";
import type { SyscallContext } from "./context";

const POLLIN = 0x001;
const POLLOUT = 0x004;
const POLLERR = 0x008;
const POLLHUP = 0x010;
const POLLNVAL = 0x020;
const POLLRDNORM = 0x040;
const POLLWRNORM = 0x100;
const ALWAYS_READY = POLLIN | POLLOUT | POLLRDNORM | POLLWRNORM;
const NS = 1_000_000_000n;

interface PollEntry {
  readonly fd: number;
  readonly events: number;
  readonly pollable: Pollable | undefined;
  readonly open: boolean;
}

function revents(entry: PollEntry): number {
  if (entry.fd < 0) return 0;
  if (!entry.open) return POLLNVAL;
  let ready = entry.pollable ? entry.pollable.pollEvents() : ALWAYS_READY;
  if (ready & POLLIN) ready |= POLLRDNORM;
  if (ready & POLLOUT) ready |= POLLWRNORM;
  return ready & (entry.events | POLLERR | POLLHUP);
}

function ppoll(ctx: SyscallContext): number | Promise<number> {
  const fdsAt = ctx.arg(0);
  const nfds = ctx.arg(1);
  const tsp = ctx.arg(2);
  const sigmask = ctx.arg(3);
  const sigsetsize = ctx.arg(4);
  const memory = ctx.memory;
  const clock = ctx.shim.platform.time;
  let deadline: number | undefined;
  let zeroTimeout = false;
  if (tsp !== 0) {
    const raw = memory.readBytes(tsp, Timespec64Layout.SIZE);
    if (!raw.ok) return -raw.error;
    const r = new StructReader(raw.value);
    const sec = r.i64(Timespec64Layout.tv_sec);
    // A native rv32 kernel keeps the low 32 bits of tv_nsec (its `long`).
    const nsec = BigInt(r.i32(Timespec64Layout.tv_nsec));
    if (sec < 0n || nsec < 0n || nsec >= NS) return -Errno.EINVAL;
    zeroTimeout = sec === 0n && nsec === 0n;
    const total = sec * NS + nsec;
    deadline = total > BigInt(Number.MAX_SAFE_INTEGER) ? undefined : clock.now() + Number(total);
  }
  const thread = ctx.thread;
  let newMask: bigint | undefined;
  if (sigmask !== 0) {
    if (sigsetsize !== KERNEL_SIGSET_SIZE) return -Errno.EINVAL;
    const mask = memory.readU64(sigmask);
    if (!mask.ok) return -mask.error;
    newMask = mask.value & ~(signalBit(Signal.SIGKILL) | signalBit(Signal.SIGSTOP));
  }
  if (nfds > ctx.process.limits.soft(Rlimit.RLIMIT_NOFILE)) return -Errno.EINVAL;
  const raw = memory.readBytes(fdsAt, nfds * PollfdLayout.SIZE);
  if (!raw.ok) return -raw.error;
  const reader = new StructReader(raw.value);
  const files = ctx.process.files;
  const entries: PollEntry[] = [];
  for (let i = 0; i < nfds; i++) {
    const fd = reader.i32(i * PollfdLayout.SIZE + PollfdLayout.fd);
    const events = reader.u16(i * PollfdLayout.SIZE + PollfdLayout.events);
    const entry = fd >= 0 ? files.entry(fd) : undefined;
    const open = entry?.ok === true;
    const pollable = entry?.ok ? ctx.shim.fileOps.lookup(entry.value).pollable?.(entry.value) : undefined;
    entries.push({ fd, events, pollable, open });
  }
  if (newMask !== undefined) {
    thread.savedMask = thread.signalMask;
    // Through the signal layer: a pending signal the new mask lets in must end the wait at once.
    setSignalMask(ctx.shim, thread, newMask);
  }

  const results = new Uint16Array(nfds);
  const attempt = (): number | typeof WOULD_BLOCK => {
    let count = 0;
    for (let i = 0; i < nfds; i++) {
      const r = revents(entries[i]!);
      results[i] = r;
      if (r !== 0) count++;
    }
    return count > 0 || zeroTimeout ? count : WOULD_BLOCK;
  };
  const finish = (result: number): number => {
    if (result !== -Errno.ERESTARTNOHAND && thread.savedMask !== undefined) {
      thread.signalMask = thread.savedMask;
      thread.savedMask = undefined;
    }
    const out = new StructBuffer(nfds * PollfdLayout.SIZE).set(0, raw.value);
    for (let i = 0; i < nfds; i++) out.u16(i * PollfdLayout.SIZE + PollfdLayout.revents, results[i]!);
    const written = memory.writeBytes(fdsAt, out.bytes);
    if (!written.ok) return -written.error;
    if (tsp !== 0 && !zeroTimeout && deadline !== undefined) {
      const left = BigInt(Math.max(0, deadline - clock.now()));
      const ts = new StructBuffer(Timespec64Layout.SIZE).u64(Timespec64Layout.tv_sec, left / NS).u64(Timespec64Layout.tv_nsec, left % NS);
      if (!memory.writeBytes(tsp, ts.bytes).ok && result === -Errno.ERESTARTNOHAND) return -Errno.EINTR;
    }
    return result;
  };
  const pollables = entries.filter((e) => e.pollable !== undefined).map((e) => ({ pollable: e.pollable!, interest: e.events | POLLERR | POLLHUP }));
  const waited = ctx.waitContext(deadline).waitOnEvents(pollables, attempt);
  const settle = (r: number | { _tag: string }): number => {
    if (!isWaitFailure(r)) return finish(r as number);
    if (r._tag === "WaitTimedOut") {
      results.fill(0);
      return finish(0);
    }
    return finish(-Errno.ERESTARTNOHAND);
  };
  if (waited instanceof Promise) {
    ctx.waitingOn = `ppoll on ${nfds} descriptor(s) (pid ${ctx.process.id} tid ${thread.tid})`;
    return waited.then(settle);
  }
  return settle(waited);
}

/** The poll handlers. */
export const POLL_SYSCALLS = { ppoll } as const;
