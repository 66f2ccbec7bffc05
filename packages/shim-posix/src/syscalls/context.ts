/**
 * What a syscall handler sees: the calling thread and process, the arguments (a0..a5), the process's
 * user memory, the shim, and the way to block (a {@link WaitContext} whose interrupt hook is the
 * thread's latch, so a signal ends the wait).
 *
 * @module
 */
import { WaitContext, type CpuContext, type InterruptSource } from "@litebox-ts/core";
import type { UserMemory } from "../memory/user-memory";
import type { PosixProcess } from "../process/posix-process";
import type { PosixThread } from "../process/posix-thread";
import type { PosixShim } from "../shim/posix-shim";

/** The context of one syscall. */
export class SyscallContext {
  /** The shim. */
  readonly shim: PosixShim;
  /** The calling thread. */
  readonly thread: PosixThread;
  /** The syscall number. */
  readonly number: number;
  /** The syscall's name (for traces). */
  readonly name: string;
  /**
   * What the thread waits on, for deadlock reports; set it before returning a Promise (the
   * dispatcher falls back to the syscall's name).
   */
  waitingOn: string | undefined;

  /** @internal Created by the dispatcher. */
  constructor(shim: PosixShim, thread: PosixThread, number: number, name: string) {
    this.shim = shim;
    this.thread = thread;
    this.number = number;
    this.name = name;
  }

  /** The calling process. */
  get process(): PosixProcess {
    return this.thread.process;
  }

  /** The calling thread's CPU. */
  get cpu(): CpuContext {
    return this.thread.cpu;
  }

  /** The process's user memory (EFAULT for every bad pointer). */
  get memory(): UserMemory {
    return this.shim.memoryOf(this.thread.process);
  }

  /** Argument `index` (0..5) as an unsigned 32-bit number. */
  arg(index: number): number {
    return this.thread.cpu.getRegister(10 + index);
  }

  /** Argument `index` as a signed 32-bit number (fds, pids, signed counts). */
  argSigned(index: number): number {
    return this.thread.cpu.getRegister(10 + index) | 0;
  }

  /** Arguments `low` and `low + 1` as one 64-bit value (rv32 passes 64-bit arguments in register pairs). */
  arg64(low: number): bigint {
    return (BigInt(this.arg(low + 1)) << 32n) | BigInt(this.arg(low));
  }

  /** The thread's interrupt hook (fired when a signal is sent to it, or it is killed). */
  get interrupt(): InterruptSource {
    return this.thread.guest.interruptLatch;
  }

  /** A wait context on the platform's clock with the thread's interrupt hook and an optional absolute deadline (ns). */
  waitContext(deadline?: number): WaitContext {
    const time = this.shim.litebox.platform.time;
    return new WaitContext(time, deadline === undefined ? { interrupt: this.interrupt } : { interrupt: this.interrupt, deadline });
  }
}
