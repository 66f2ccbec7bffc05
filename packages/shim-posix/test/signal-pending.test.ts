/**
 * Pending sets and queues (`PendingSignals`, `nextSignal`): standard signals coalesce, real-time ones
 * queue in order, the lowest unblocked number goes first except that synchronous signals of the first
 * word take precedence, fault signals raised by the kernel are taken before anything, flushing drops
 * the siginfos, and the mirror callback sees every change.
 */
import { describe, expect, it } from "vitest";
import { SiCode, Signal, signalBit } from "../src/index";
import { PendingSignals, SYNCHRONOUS_MASK, lowestSignal, nextSignal } from "../src/signal/pending";

const user = (signo: number, pid = 1) => ({ signo, code: SiCode.SI_USER, pid });

describe("nextSignal", () => {
  it("takes the lowest unblocked signal", () => {
    expect(nextSignal(signalBit(50) | signalBit(41) | signalBit(Signal.SIGUSR2), 0n)).toBe(Signal.SIGUSR2);
    expect(nextSignal(signalBit(50) | signalBit(41), 0n)).toBe(41);
    expect(nextSignal(signalBit(64), 0n)).toBe(64);
    expect(nextSignal(0n, 0n)).toBe(0);
  });

  it("skips blocked signals", () => {
    expect(nextSignal(signalBit(Signal.SIGUSR1) | signalBit(40), signalBit(Signal.SIGUSR1))).toBe(40);
    expect(nextSignal(signalBit(40), signalBit(40))).toBe(0);
  });

  it("prefers synchronous signals within signals 1..32", () => {
    expect(nextSignal(signalBit(Signal.SIGHUP) | signalBit(Signal.SIGSEGV), 0n)).toBe(Signal.SIGSEGV);
    expect(nextSignal(signalBit(Signal.SIGINT) | signalBit(Signal.SIGSYS), 0n)).toBe(Signal.SIGSYS);
    expect(nextSignal(signalBit(Signal.SIGILL) | signalBit(Signal.SIGTRAP) | signalBit(Signal.SIGSEGV), 0n)).toBe(Signal.SIGILL);
    expect(nextSignal(signalBit(Signal.SIGHUP) | signalBit(Signal.SIGSEGV), signalBit(Signal.SIGSEGV))).toBe(Signal.SIGHUP);
    expect(SYNCHRONOUS_MASK & signalBit(Signal.SIGUSR1)).toBe(0n);
  });

  it("lowestSignal finds bits in either word", () => {
    expect(lowestSignal(signalBit(1))).toBe(1);
    expect(lowestSignal(signalBit(33) | signalBit(64))).toBe(33);
    expect(lowestSignal(0n)).toBe(0);
  });
});

describe("PendingSignals", () => {
  it("coalesces a standard signal and keeps the first siginfo", () => {
    const seen: bigint[] = [];
    const p = new PendingSignals((s) => seen.push(s));
    expect(p.add(user(Signal.SIGUSR1, 10), 100)).toBe(true);
    expect(p.add(user(Signal.SIGUSR1, 11), 100)).toBe(false);
    expect(p.queued).toHaveLength(1);
    expect(p.take(0n)).toEqual(user(Signal.SIGUSR1, 10));
    expect(p.take(0n)).toBeUndefined();
    expect(seen).toEqual([signalBit(Signal.SIGUSR1), 0n]);
  });

  it("queues real-time signals, FIFO within a number, lowest number first", () => {
    const p = new PendingSignals();
    for (const [signo, pid] of [[50, 1], [41, 2], [41, 3], [40, 4], [41, 5]] as const) p.add(user(signo, pid), 100);
    const order: Array<[number, number | undefined]> = [];
    for (let info = p.take(0n); info; info = p.take(0n)) order.push([info.signo, info.pid]);
    expect(order).toEqual([[40, 4], [41, 2], [41, 3], [41, 5], [50, 1]]);
    expect(p.set).toBe(0n);
  });

  it("keeps a real-time signal pending while more of it are queued", () => {
    const p = new PendingSignals();
    p.add(user(45), 100);
    p.add(user(45), 100);
    p.take(0n);
    expect(p.has(45)).toBe(true);
    p.take(0n);
    expect(p.has(45)).toBe(false);
  });

  it("past the queue limit marks the signal pending without a siginfo (a bare one is delivered)", () => {
    const p = new PendingSignals();
    expect(p.add(user(40, 9), 0)).toBe(true);
    expect(p.has(40)).toBe(true);
    expect(p.queued).toHaveLength(0);
    expect(p.take(0n)).toEqual({ signo: 40, code: 0 });
  });

  it("takes a kernel-raised synchronous signal before everything, but not one sent by a user", () => {
    const p = new PendingSignals();
    p.add(user(Signal.SIGHUP), 100);
    p.add({ signo: Signal.SIGBUS, code: SiCode.BUS_ADRALN, addr: 3 }, 100);
    expect(p.takeSynchronous(0n)).toEqual({ signo: Signal.SIGBUS, code: SiCode.BUS_ADRALN, addr: 3 });
    const q = new PendingSignals();
    q.add(user(Signal.SIGSEGV), 100);
    expect(q.takeSynchronous(0n)).toBeUndefined();
    expect(q.takeSynchronous(signalBit(Signal.SIGSEGV))).toBeUndefined();
    expect(q.take(0n)?.signo).toBe(Signal.SIGSEGV);
  });

  it("flush removes signals and their siginfos; clear removes everything", () => {
    const p = new PendingSignals();
    p.add(user(40), 100);
    p.add(user(40), 100);
    p.add(user(Signal.SIGTERM), 100);
    p.flush(signalBit(40));
    expect(p.set).toBe(signalBit(Signal.SIGTERM));
    expect(p.queued.map((q) => q.signo)).toEqual([Signal.SIGTERM]);
    p.flush(signalBit(Signal.SIGCHLD));
    expect(p.set).toBe(signalBit(Signal.SIGTERM));
    p.clear();
    expect(p.set).toBe(0n);
    expect(p.queued).toHaveLength(0);
  });
});
