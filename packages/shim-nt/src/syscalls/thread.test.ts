import { describe, expect, it } from "vitest";
import { EventAccess, MemoryType, STILL_ACTIVE, ThreadAccess } from "../abi/constants";
import { NtStatus } from "../abi/status";
import { NtSyscall as S } from "../abi/syscalls";
import { SystemPage, Teb } from "../process/layout";
import { MAXIMUM_SUSPEND_COUNT, type NtThread } from "../process/thread";
import { CODE_BASE, NtTestBed, TERMINATED, createProcessBlock, createProcessResult } from "../testing/test-bed";

function setup() {
  const bed = new NtTestBed();
  const { process, thread } = bed.start();
  const call = (n: number, ...a: number[]) => bed.callSync(thread, n, ...a);
  const newThread = (flags = 1, stackSize = 0, target = 0xffff_ffff): { status: number; handle: number; tid: number; t?: NtThread } => {
    const handle = bed.cell(process);
    const tid = bed.cell(process);
    const block = bed.u32s(process, [flags, stackSize, 0x77, tid, 0]);
    const status = call(S.NtCreateThreadEx, handle, ThreadAccess.ALL_ACCESS, target, CODE_BASE, 0x55, block);
    const t = bed.shim.kernel.threads.get(bed.u32(process, tid));
    return { status, handle: bed.u32(process, handle), tid: bed.u32(process, tid), ...(t ? { t } : {}) };
  };
  return { bed, process, thread, call, newThread };
}

describe("NtCreateThreadEx", () => {
  it("creates a thread with its TEB, stack, start registers and the exit trampoline as return address", () => {
    const { bed, process, thread, newThread } = setup();
    thread.guest!.cpu.setRegister(3, 0x1234); // the caller's gp is the new thread's gp
    const { status, t, tid } = newThread(1, 0);
    expect(status).toBe(NtStatus.SUCCESS);
    const cpu = t!.guest!.cpu;
    expect([cpu.pc, cpu.getRegister(10), cpu.getRegister(11), cpu.getRegister(3), cpu.getRegister(4)]).toEqual([CODE_BASE, 0x55, 0x77, 0x1234, t!.teb]);
    expect(cpu.getRegister(1)).toBe(process.systemPage + SystemPage.ThreadExit);
    expect(cpu.getRegister(2) % 16).toBe(0);
    expect([bed.u32(process, t!.teb + Teb.ThreadId), bed.u32(process, t!.teb + Teb.ProcessId), bed.u32(process, t!.teb + Teb.Self)]).toEqual([tid, process.pid, t!.teb]);
    expect(bed.u32(process, t!.teb + Teb.StackBase) - bed.u32(process, t!.teb + Teb.StackLimit)).toBe(64 * 1024);
    expect(t!.suspendCount).toBe(1);
  });

  it("frees the thread's TEB and stack when it terminates, and takes the process down with the last thread", () => {
    const { bed, process, thread, call, newThread } = setup();
    const before = process.vm.committedBytes;
    const { handle, t } = newThread(0, 128 * 1024);
    expect(process.vm.committedBytes).toBe(before + 128 * 1024 + 4096);
    expect(call(S.NtTerminateThread, handle, 9)).toBe(NtStatus.SUCCESS);
    expect(process.vm.committedBytes).toBe(before);
    expect(t!.exitStatus).toBe(9);
    expect(call(S.NtTerminateThread, handle, 1)).toBe(NtStatus.THREAD_IS_TERMINATING);
    const info = bed.alloc(process, 28);
    expect(call(S.NtQueryInformationThread, handle, 0, info, 28, 0)).toBe(NtStatus.SUCCESS);
    expect(bed.u32(process, info)).toBe(9);
    // The last thread's exit status becomes the process's.
    expect(bed.call(thread, S.NtTerminateThread, 0xffff_fffe, 33)).toBe(TERMINATED);
    expect(process.state).toBe("exited");
    expect(process.exitStatus).toBe(33);
  });

  it("starts threads in another process, and refuses exited processes, bad flags and bad pointers", () => {
    const { bed, process, call, newThread } = setup();
    const block = createProcessBlock(bed, process, { suspended: true });
    call(S.NtCreateUserProcess, block);
    const { process: ph, pid } = createProcessResult(bed, process, block);
    const remote = newThread(1, 0, ph);
    expect(remote.status).toBe(NtStatus.SUCCESS);
    expect(remote.t!.process.pid).toBe(pid);
    expect(newThread(2).status).toBe(NtStatus.INVALID_PARAMETER);
    expect(newThread(1, 0x7fff_ffff).status).toBe(NtStatus.NO_MEMORY);
    expect(call(S.NtCreateThreadEx, 0x1_0000, 0, 0xffff_ffff, CODE_BASE, 0, 0)).toBe(NtStatus.ACCESS_VIOLATION);
    expect(call(S.NtCreateThreadEx, bed.cell(process), 0, 0xffff_ffff, CODE_BASE, 0, 0x10)).toBe(NtStatus.ACCESS_VIOLATION);
    expect(call(S.NtCreateThreadEx, bed.cell(process), 0, 0xffff_ffff, CODE_BASE, 0, bed.u32s(process, [0, 0, 0, 0x1_0000, 0]))).toBe(NtStatus.ACCESS_VIOLATION);
    call(S.NtTerminateProcess, ph, 0);
    expect(newThread(1, 0, ph).status).toBe(NtStatus.PROCESS_IS_TERMINATING);
  });

  it("rolls a thread back when its handle cannot be made", () => {
    const bed = new NtTestBed({ handleLimit: 3 });
    const { process, thread } = bed.start();
    const call = (n: number, ...a: number[]) => bed.callSync(thread, n, ...a);
    const cell = bed.cell(process);
    call(S.NtCreateEvent, cell, EventAccess.ALL_ACCESS, 0, 0, 0);
    call(S.NtCreateEvent, cell, EventAccess.ALL_ACCESS, 0, 0, 0);
    const committed = process.vm.committedBytes;
    expect(call(S.NtCreateThreadEx, cell, 0, 0xffff_ffff, CODE_BASE, 0, 0)).toBe(NtStatus.INSUFFICIENT_RESOURCES);
    expect(process.threads.size).toBe(1);
    expect(bed.shim.kernel.threads.size).toBe(1);
    expect(process.vm.committedBytes).toBe(committed);
  });
});

describe("suspension", () => {
  it("counts suspensions, parks the thread from its next entry, and resumes it at zero", async () => {
    const { bed, process, call, newThread } = setup();
    const { handle, t } = newThread(1);
    const prev = bed.cell(process);
    expect(call(S.NtSuspendThread, handle, prev)).toBe(NtStatus.SUCCESS);
    expect([bed.u32(process, prev), t!.suspendCount]).toEqual([1, 2]);
    expect(call(S.NtResumeThread, handle, prev)).toBe(NtStatus.SUCCESS);
    expect(bed.u32(process, prev)).toBe(2);
    let resumed: string | undefined;
    void t!.waitForResume().then((a) => (resumed = a));
    call(S.NtResumeThread, handle, 0);
    await bed.settle();
    expect(resumed).toBe("resume");
    expect(call(S.NtResumeThread, handle, prev)).toBe(NtStatus.SUCCESS);
    expect(bed.u32(process, prev)).toBe(0);
    t!.suspendCount = MAXIMUM_SUSPEND_COUNT;
    expect(call(S.NtSuspendThread, handle, 0)).toBe(NtStatus.SUSPEND_COUNT_EXCEEDED);
    t!.suspendCount = 0;
    call(S.NtTerminateThread, handle, 0);
    expect(call(S.NtSuspendThread, handle, 0)).toBe(NtStatus.THREAD_IS_TERMINATING);
  });

  it("parks a thread that suspends itself until another resumes it, and a suspended one is released by termination", async () => {
    const { bed, thread, newThread, call } = setup();
    const other = newThread(0);
    const pending = bed.call(other.t!, S.NtSuspendThread, 0xffff_fffe, 0);
    expect(pending).toBeInstanceOf(Promise);
    let result: unknown;
    void (pending as Promise<unknown>).then((r) => (result = r));
    await bed.settle();
    expect(result).toBeUndefined();
    bed.callSync(thread, S.NtResumeThread, other.handle, 0);
    await bed.settle();
    expect(result).toBe(NtStatus.SUCCESS);
    const third = newThread(1);
    let ended: string | undefined;
    void third.t!.waitForResume().then((a) => (ended = a));
    call(S.NtTerminateThread, third.handle, 0);
    await bed.settle();
    expect(ended).toBe("terminate");
  });
});

describe("NtOpenThread / NtQueryInformationThread", () => {
  it("opens by id and reports the basic information, with access checks", () => {
    const { bed, process, thread, call } = setup();
    const cell = bed.cell(process);
    expect(call(S.NtOpenThread, cell, ThreadAccess.QUERY_LIMITED_INFORMATION, 0, thread.tid)).toBe(NtStatus.SUCCESS);
    const info = bed.alloc(process, 28);
    const len = bed.cell(process);
    expect(call(S.NtQueryInformationThread, bed.u32(process, cell), 0, info, 28, len)).toBe(NtStatus.SUCCESS);
    expect([0, 4, 8, 12].map((o) => bed.u32(process, info + o))).toEqual([STILL_ACTIVE, thread.teb, process.pid, thread.tid]);
    expect(bed.u32(process, len)).toBe(28);
    expect(call(S.NtOpenThread, cell, ThreadAccess.TERMINATE, 0, thread.tid)).toBe(NtStatus.SUCCESS);
    expect(call(S.NtQueryInformationThread, bed.u32(process, cell), 0, info, 28, 0)).toBe(NtStatus.ACCESS_DENIED);
    expect(call(S.NtQueryInformationThread, 0xffff_fffe, 1, info, 28, 0)).toBe(NtStatus.INVALID_INFO_CLASS);
    expect(call(S.NtQueryInformationThread, 0xffff_fffe, 0, info, 27, 0)).toBe(NtStatus.INFO_LENGTH_MISMATCH);
    expect(call(S.NtQueryInformationThread, 0xffff_fffe, 0, 0x1_0000, 28, 0)).toBe(NtStatus.ACCESS_VIOLATION);
    expect(call(S.NtQueryInformationThread, 0xffff_ffff, 0, info, 28, 0)).toBe(NtStatus.OBJECT_TYPE_MISMATCH);
    expect(call(S.NtOpenThread, cell, 0, 0, 0)).toBe(NtStatus.INVALID_CID);
    expect(call(S.NtOpenThread, cell, 0, 0, 999_999)).toBe(NtStatus.INVALID_CID);
    expect(call(S.NtOpenThread, 0x1_0000, 0, 0, thread.tid)).toBe(NtStatus.ACCESS_VIOLATION);
  });
});

describe("alerts and user APCs", () => {
  it("runs a queued APC at NtTestAlert: registers saved, routine called with its arguments, NtContinue restores", () => {
    const { bed, process, thread, call } = setup();
    const cpu = thread.guest!.cpu;
    expect(call(S.NtQueueApcThread, 0xffff_fffe, 0x1_0400, 1, 2, 3)).toBe(NtStatus.SUCCESS);
    expect(call(S.NtQueueApcThread, 0xffff_fffe, 0x1_0800, 4, 5, 6)).toBe(NtStatus.SUCCESS);
    cpu.setRegister(20, 0xabcd); // s4: must survive the APCs
    const sp = cpu.getRegister(2);
    expect(bed.call(thread, S.NtTestAlert)).toBe(1); // a0 = the first APC's first argument
    expect([cpu.pc, cpu.getRegister(11), cpu.getRegister(12)]).toEqual([0x1_0400, 2, 3]);
    expect(cpu.getRegister(1)).toBe(process.systemPage + SystemPage.ApcReturn);
    expect(cpu.getRegister(2)).toBeLessThan(sp);
    cpu.setRegister(20, 0); // the routine clobbers s4
    // The routine returns through the trampoline: NtContinue runs the next APC…
    cpu.setRegister(17, S.NtContinue);
    expect(bed.shim.syscall(thread.guest!)).toBe("resume");
    expect([cpu.pc, cpu.getRegister(10)]).toEqual([0x1_0800, 4]);
    // …then restores the interrupted context, with NtTestAlert's status in a0.
    cpu.setRegister(17, S.NtContinue);
    bed.shim.syscall(thread.guest!);
    expect([cpu.pc, cpu.getRegister(10), cpu.getRegister(20), cpu.getRegister(2)]).toEqual([CODE_BASE + 4, NtStatus.SUCCESS, 0xabcd, sp]);
    expect(call(S.NtContinue)).toBe(NtStatus.INVALID_PARAMETER); // nothing to continue
  });

  it("reports a pending alert once, and refuses APCs without a routine or for terminated threads", () => {
    const { call, newThread } = setup();
    expect(call(S.NtAlertThread, 0xffff_fffe)).toBe(NtStatus.SUCCESS);
    expect(call(S.NtTestAlert)).toBe(NtStatus.ALERTED);
    expect(call(S.NtTestAlert)).toBe(NtStatus.SUCCESS);
    expect(call(S.NtQueueApcThread, 0xffff_fffe, 0, 0, 0, 0)).toBe(NtStatus.INVALID_PARAMETER);
    const other = newThread(1);
    call(S.NtTerminateThread, other.handle, 0);
    expect(call(S.NtQueueApcThread, other.handle, 0x1_0400, 0, 0, 0)).toBe(NtStatus.THREAD_IS_TERMINATING);
    expect(call(S.NtAlertThread, other.handle)).toBe(NtStatus.THREAD_IS_TERMINATING);
    expect(call(S.NtAlertThread, 0x400)).toBe(NtStatus.INVALID_HANDLE);
  });
});

describe("memory of terminated threads", () => {
  it("keeps releasing per-thread memory across many threads", () => {
    const { process, call, newThread } = setup();
    const committed = process.vm.committedBytes;
    for (let i = 0; i < 50; i++) {
      const t = newThread(0);
      call(S.NtTerminateThread, t.handle, 0);
      call(S.NtClose, t.handle);
    }
    expect(process.vm.committedBytes).toBe(committed);
    expect(process.vm.query(process.vm.range.end - 1)?.state).toBe(MemoryType.COMMIT); // the initial stack is untouched
  });
});
