/**
 * User APCs and alerts. An APC queued to a thread runs when the thread is in (or enters) an alertable
 * wait, or calls NtTestAlert: the shim saves the thread's registers (with a0 = the status the
 * interrupted call returns), points pc at the APC routine with its three arguments in a0..a2 and ra
 * at the system page's NtContinue trampoline, and NtContinue restores the saved registers — after
 * running the next queued APC, if any. An alert (NtAlertThread) ends an alertable wait with
 * STATUS_ALERTED, or the next one if none is in progress.
 *
 * @module
 */
import type { InterruptSource } from "@litebox-ts/core";
import { NtStatus } from "../abi/status";
import { SystemPage } from "../process/layout";
import type { NtThread } from "../process/thread";
import { REGISTERS_SET, type SyscallResult } from "./context";

/** An interrupt source that fires when any of `sources` does. */
export function anyInterrupt(...sources: InterruptSource[]): InterruptSource {
  return {
    isPending: () => sources.some((s) => s.isPending()),
    subscribe: (onInterrupt) => {
      const undo = sources.map((s) => s.subscribe(onInterrupt));
      return () => undo.forEach((u) => u());
    },
  };
}

/** Re-arms or clears a thread's alert latch from its pending alert and APCs. */
export function refreshAlertLatch(thread: NtThread): void {
  if (thread.alerted || thread.apcQueue.length > 0) thread.alertLatch.interrupt();
  else thread.alertLatch.clear();
}

/** Sets up the next queued APC; `result` is what the interrupted call returns once the APCs are done. */
export function deliverApc(thread: NtThread, result: NtStatus, save: boolean): SyscallResult {
  const apc = thread.apcQueue.shift();
  const cpu = thread.guest?.cpu;
  if (apc === undefined || cpu === undefined) return result;
  if (save) {
    const registers = Array.from({ length: 32 }, (_, i) => cpu.getRegister(i));
    registers[10] = result >>> 0;
    thread.savedContexts.push({ registers, pc: (cpu.pc + 4) >>> 0 });
  }
  const base = thread.savedContexts[thread.savedContexts.length - 1];
  const sp = base ? base.registers[2]! : cpu.getRegister(2);
  cpu.pc = apc.routine;
  cpu.setRegister(10, apc.arguments[0]);
  cpu.setRegister(11, apc.arguments[1]);
  cpu.setRegister(12, apc.arguments[2]);
  cpu.setRegister(1, thread.process.systemPage + SystemPage.ApcReturn);
  // Below the interrupted frame, 16-byte aligned; RISC-V has no red zone to skip.
  cpu.setRegister(2, ((sp - 16) & ~15) >>> 0);
  refreshAlertLatch(thread);
  return REGISTERS_SET;
}

/** NtContinue after an APC: the next APC, or the saved registers back. */
export function continueAfterApc(thread: NtThread): SyscallResult {
  if (thread.savedContexts.length === 0) return NtStatus.INVALID_PARAMETER;
  if (thread.apcQueue.length > 0) return deliverApc(thread, NtStatus.USER_APC, false);
  const saved = thread.savedContexts.pop()!;
  const cpu = thread.guest!.cpu;
  for (let i = 1; i < 32; i++) cpu.setRegister(i, saved.registers[i]!);
  cpu.pc = saved.pc;
  return REGISTERS_SET;
}
