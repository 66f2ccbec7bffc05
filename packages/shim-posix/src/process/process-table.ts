/**
 * The shim's side tables: every live or zombie {@link PosixProcess} by pid, every live thread by tid,
 * the init record, and the queries POSIX needs over them (process groups, sessions). Thread ids other
 * than a leader's come from a range above Linux's PID_MAX_LIMIT (2^22) so they never collide with a
 * pid the registry hands out (the registry would need 4 million creations to get there).
 *
 * @module
 */
import { Subject } from "@litebox-ts/core";
import type { PosixProcess } from "./posix-process";
import type { PosixThread } from "./posix-thread";

/** First tid of a non-leader thread. */
export const FIRST_THREAD_ID = 1 << 22;

/** What the shim keeps for PID 1, its own init: a reaper, not a guest program. */
export interface InitRecord {
  /** 1. */
  readonly pid: 1;
  /** Process group 1. */
  readonly pgid: 1;
  /** Session 1. */
  readonly sid: 1;
  /** Notified when one of init's children changes state. */
  readonly childEvents: Subject;
}

/** Processes and threads of one shim. */
export class ProcessTable {
  /** PID 1. */
  readonly init: InitRecord = Object.freeze({ pid: 1, pgid: 1, sid: 1, childEvents: new Subject() });
  readonly #processes = new Map<number, PosixProcess>();
  readonly #threads = new Map<number, PosixThread>();
  #nextTid = FIRST_THREAD_ID;

  /** Adds a process. */
  addProcess(process: PosixProcess): void {
    this.#processes.set(process.id, process);
  }

  /** Removes a process (reaped, or rolled back). */
  removeProcess(process: PosixProcess): void {
    if (this.#processes.get(process.id) === process) this.#processes.delete(process.id);
  }

  /** The process `pid` (running or zombie), if the shim knows it. Init is not a PosixProcess. */
  process(pid: number): PosixProcess | undefined {
    return this.#processes.get(pid);
  }

  /** Every process (running and zombie), by pid. */
  processes(): PosixProcess[] {
    return [...this.#processes.values()].sort((a, b) => a.id - b.id);
  }

  /** Processes of group `pgid` (running and zombie). */
  inGroup(pgid: number): PosixProcess[] {
    return this.processes().filter((p) => p.pgid === pgid);
  }

  /** True if some process (or init) of session `sid` leads or belongs to group `pgid`. */
  groupExistsInSession(pgid: number, sid: number): boolean {
    if (pgid === 1) return sid === 1;
    return this.processes().some((p) => p.pgid === pgid && p.sid === sid && p.state !== "reaped");
  }

  /** Allocates a tid for a non-leader thread. */
  allocateThreadId(): number {
    while (this.#threads.has(this.#nextTid)) this.#nextTid++;
    return this.#nextTid++;
  }

  /** Adds a live thread. */
  addThread(thread: PosixThread): void {
    this.#threads.set(thread.tid, thread);
  }

  /** Removes a thread. */
  removeThread(thread: PosixThread): void {
    if (this.#threads.get(thread.tid) === thread) this.#threads.delete(thread.tid);
  }

  /** The live thread `tid`. */
  thread(tid: number): PosixThread | undefined {
    return this.#threads.get(tid);
  }

  /** Number of live threads. */
  get threadCount(): number {
    return this.#threads.size;
  }
}
