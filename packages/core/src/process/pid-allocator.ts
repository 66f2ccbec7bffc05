/**
 * The registry's PID counter (RFC §1.3: "an atomic PID counter"). PIDs increase monotonically; after
 * 2^32 − 1 the counter wraps and from then on skips 0, PID 1 (reserved for the init process, so
 * `ProcessId.INIT` always names init) and every PID still in the process table, so a PID is never
 * handed out twice while a process — running or exited — still holds it.
 *
 * @module
 */
import { InvariantViolation } from "../util/invariant";
import { ProcessId } from "./process-id";

/** The first PID handed to a non-init process. */
export const FIRST_CHILD_PID = 2;

/** A wrapping, collision-skipping PID counter. Internal to the registry. */
export class PidAllocator {
  #next: number;

  /** @param next - the first candidate PID, an integer in [2, 2^32 − 1] (default 2). */
  constructor(next: number = FIRST_CHILD_PID) {
    this.#next = PidAllocator.#check(next);
  }

  /** The next candidate (the counter's current value). */
  get next(): number {
    return this.#next;
  }

  /** Moves the counter to `next` (tests use this to reach the wrap-around quickly). */
  set next(next: number) {
    this.#next = PidAllocator.#check(next);
  }

  /**
   * Returns the first candidate, from the counter on, for which `isTaken` is false, and moves the
   * counter past it. Terminates as long as fewer than 2^32 − 2 PIDs are taken (a JS `Map` holds far
   * fewer entries than that).
   */
  allocate(isTaken: (pid: ProcessId) => boolean): ProcessId {
    let candidate = this.#next;
    while (isTaken(candidate as ProcessId)) candidate = PidAllocator.#after(candidate);
    this.#next = PidAllocator.#after(candidate);
    return candidate as ProcessId;
  }

  static #after(pid: number): number {
    return pid >= ProcessId.MAX ? FIRST_CHILD_PID : pid + 1;
  }

  static #check(next: number): number {
    if (!Number.isInteger(next) || next < FIRST_CHILD_PID || next > ProcessId.MAX) {
      throw new InvariantViolation("InvalidArgument", `PID counter value ${next} is not an integer in [2, 2^32 - 1]`);
    }
    return next;
  }
}
