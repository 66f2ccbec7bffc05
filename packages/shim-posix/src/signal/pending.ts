/**
 * A set of pending signals with their queued `siginfo`s — Linux's `struct sigpending` — one per
 * thread (tkill, tgkill, faults) and one per process (kill). Standard signals (1..31) coalesce: a
 * second one while the first is pending is dropped. Real-time signals (32..64) queue, each with its
 * own siginfo, delivered first-in first-out within a number. The next signal taken is the lowest
 * unblocked number, except that pending synchronous signals (SIGSEGV, SIGBUS, SIGILL, SIGTRAP, SIGFPE,
 * SIGSYS) among 1..32 go first, as the kernel's `next_signal` decides.
 *
 * The bit set is mirrored into the process core's plain `pending` / `sharedPending` fields through
 * `onChange`, so those stay the truth for anyone who reads them.
 *
 * @module
 */
import { Signal } from "../abi/signals";
import { signalBit } from "../process/signal-state";
import type { SignalInfo } from "../process/signal-seam";

/** Signals 1..32: the kernel's first sigset word, where synchronous signals take precedence. */
const FIRST_WORD = 0xffff_ffffn;

/** Signals that fault handling raises; taken before any other pending signal of the first word. */
export const SYNCHRONOUS_MASK =
  signalBit(Signal.SIGSEGV) |
  signalBit(Signal.SIGBUS) |
  signalBit(Signal.SIGILL) |
  signalBit(Signal.SIGTRAP) |
  signalBit(Signal.SIGFPE) |
  signalBit(Signal.SIGSYS);

/** The lowest signal number in `set` (0 for an empty set). */
export function lowestSignal(set: bigint): number {
  if (set === 0n) return 0;
  let n = 1;
  let s = set;
  while ((s & 0xffff_ffffn) === 0n) {
    s >>= 32n;
    n += 32;
  }
  while ((s & 1n) === 0n) {
    s >>= 1n;
    n++;
  }
  return n;
}

/** The signal the kernel takes next from `pending` under `blocked` (0: none). */
export function nextSignal(pending: bigint, blocked: bigint): number {
  const ready = pending & ~blocked;
  let first = ready & FIRST_WORD;
  if (first !== 0n) {
    if ((first & SYNCHRONOUS_MASK) !== 0n) first &= SYNCHRONOUS_MASK;
    return lowestSignal(first);
  }
  return lowestSignal(ready);
}

/** Pending signals with queued siginfos; see the module documentation. */
export class PendingSignals {
  #set = 0n;
  readonly #queue: SignalInfo[] = [];
  readonly #onChange: (set: bigint) => void;

  /** @param onChange - called with the new bit set after every change (the process core's mirror). */
  constructor(onChange: (set: bigint) => void = () => {}) {
    this.#onChange = onChange;
  }

  /** The pending set (bit n-1 = signal n). */
  get set(): bigint {
    return this.#set;
  }

  /** Queued siginfos (for diagnostics and tests), oldest first. */
  get queued(): readonly SignalInfo[] {
    return this.#queue;
  }

  /** True when `signal` is pending. */
  has(signal: number): boolean {
    return (this.#set & signalBit(signal)) !== 0n;
  }

  /**
   * Adds `info`. A standard signal already pending is dropped (false). Past `queueLimit` queued
   * siginfos the signal is still marked pending but its information is lost, as the kernel does
   * when it cannot allocate a queue entry for a signal sent by kill.
   */
  add(info: SignalInfo, queueLimit: number): boolean {
    const bit = signalBit(info.signo);
    if (info.signo < Signal.SIGRTMIN && (this.#set & bit) !== 0n) return false;
    if (this.#queue.length < queueLimit) this.#queue.push(info);
    this.#update(this.#set | bit);
    return true;
  }

  /** Takes the next signal not in `blocked` (with its siginfo), or undefined. */
  take(blocked: bigint): SignalInfo | undefined {
    const signo = nextSignal(this.#set, blocked);
    return signo === 0 ? undefined : this.#collect(signo);
  }

  /**
   * Takes the oldest queued synchronous signal raised by the kernel (a fault: si_code > 0), the way
   * `dequeue_synchronous_signal` lets a fault's own signal go before anything else.
   */
  takeSynchronous(blocked: bigint): SignalInfo | undefined {
    if ((this.#set & ~blocked & SYNCHRONOUS_MASK & FIRST_WORD) === 0n) return undefined;
    const index = this.#queue.findIndex((q) => q.code > 0 && (signalBit(q.signo) & SYNCHRONOUS_MASK) !== 0n);
    if (index < 0) return undefined;
    return this.#collect(this.#queue[index]!.signo);
  }

  /** Removes every pending signal in `mask` and its queued siginfos. */
  flush(mask: bigint): void {
    if ((this.#set & mask) === 0n) return;
    for (let i = this.#queue.length - 1; i >= 0; i--) {
      if ((signalBit(this.#queue[i]!.signo) & mask) !== 0n) this.#queue.splice(i, 1);
    }
    this.#update(this.#set & ~mask);
  }

  /** Removes everything. */
  clear(): void {
    this.#queue.length = 0;
    this.#update(0n);
  }

  /** Dequeues `signo`: its oldest siginfo (or a bare one), clearing the bit when no other remains. */
  #collect(signo: number): SignalInfo {
    const index = this.#queue.findIndex((q) => q.signo === signo);
    let info: SignalInfo = { signo, code: 0 };
    if (index >= 0) {
      info = this.#queue[index]!;
      this.#queue.splice(index, 1);
    }
    if (!this.#queue.some((q) => q.signo === signo)) this.#update(this.#set & ~signalBit(signo));
    return info;
  }

  #update(set: bigint): void {
    this.#set = set;
    this.#onChange(set);
  }
}
