import type { ProcessId } from "@litebox-ts/core";
import { describe, expect, it } from "vitest";
import { JobAccess, JobInformationClass as C, JobLimit, ProcessAccess } from "../abi/constants";
import { NtStatus } from "../abi/status";
import { NtSyscall as S } from "../abi/syscalls";
import { NtTestBed, TERMINATED, createProcessBlock, createProcessResult, type CreateProcessFields } from "../testing/test-bed";
import { NtJob } from "./job";
import { placeChild } from "./placement";

function setup() {
  const bed = new NtTestBed();
  const { process, thread } = bed.start();
  const call = (n: number, ...a: number[]) => bed.callSync(thread, n, ...a);
  const job = (access: number = JobAccess.ALL_ACCESS): number => {
    const cell = bed.cell(process);
    expect(call(S.NtCreateJobObject, cell, access, 0)).toBe(NtStatus.SUCCESS);
    return bed.u32(process, cell);
  };
  const child = (fields: CreateProcessFields = {}) => {
    const block = createProcessBlock(bed, process, fields);
    const status = call(S.NtCreateUserProcess, block);
    const out = createProcessResult(bed, process, block);
    return { status, ...out, object: bed.shim.kernel.processes.get(out.pid as ProcessId) };
  };
  const limits = (j: number, flags: number, activeLimit = 0, cls: number = C.JobObjectExtendedLimitInformation) => {
    const size = cls === C.JobObjectExtendedLimitInformation ? 112 : 48;
    const bytes = new Uint8Array(size);
    new DataView(bytes.buffer).setUint32(16, flags, true);
    new DataView(bytes.buffer).setUint32(28, activeLimit, true);
    return call(S.NtSetInformationJobObject, j, cls, bed.alloc(process, size, bytes), size);
  };
  const inJob = (p: number, j: number) => call(S.NtIsProcessInJob, p, j);
  return { bed, process, thread, call, job, child, limits, inJob };
}

describe("placeChild", () => {
  it("follows the breakaway rules of nested jobs", () => {
    const noop = () => {};
    const outer = new NtJob(noop);
    const inner = new NtJob(noop);
    inner.parent = outer;
    expect(placeChild(undefined, true)).toEqual({ ok: true, value: undefined });
    expect(placeChild(inner, false)).toEqual({ ok: true, value: inner });
    expect(placeChild(inner, true)).toEqual({ ok: false, error: NtStatus.ACCESS_DENIED });
    inner.limitFlags = JobLimit.BREAKAWAY_OK;
    expect(placeChild(inner, true)).toEqual({ ok: true, value: outer });
    outer.limitFlags = JobLimit.BREAKAWAY_OK;
    expect(placeChild(inner, true)).toEqual({ ok: true, value: undefined });
    expect(placeChild(inner, false)).toEqual({ ok: true, value: inner });
    inner.limitFlags = JobLimit.SILENT_BREAKAWAY_OK;
    outer.limitFlags = 0;
    expect(placeChild(inner, false)).toEqual({ ok: true, value: outer });
    outer.limitFlags = JobLimit.ACTIVE_PROCESS;
    outer.activeProcessLimit = 0;
    expect(placeChild(inner, false)).toEqual({ ok: false, error: NtStatus.QUOTA_EXCEEDED });
  });
});

describe("assignment and nesting", () => {
  it("nests an empty job under the process's job, moves a process down into a child job, and refuses unrelated ones", () => {
    const { bed, call, job, child, inJob } = setup();
    const outer = job();
    const a = child();
    expect(call(S.NtAssignProcessToJobObject, outer, a.process)).toBe(NtStatus.SUCCESS);
    const inner = job();
    expect(call(S.NtAssignProcessToJobObject, inner, a.process)).toBe(NtStatus.SUCCESS); // empty: nested under outer
    const innerJob = (bed.shim.kernel.processes.get(a.pid as ProcessId)!).job!;
    expect(innerJob.parent?.subtree().includes(innerJob)).toBe(true);
    expect([inJob(a.process, outer), inJob(a.process, inner), inJob(a.process, 0)]).toEqual([NtStatus.PROCESS_IN_JOB, NtStatus.PROCESS_IN_JOB, NtStatus.PROCESS_IN_JOB]);
    // A second process joins outer, then moves down into inner (a child job of its job).
    const b = child();
    call(S.NtAssignProcessToJobObject, outer, b.process);
    expect(call(S.NtAssignProcessToJobObject, inner, b.process)).toBe(NtStatus.SUCCESS);
    expect(inJob(b.process, inner)).toBe(NtStatus.PROCESS_IN_JOB);
    // outer counted each process once, though both also joined inner.
    const outerJob = innerJob.parent!;
    expect([outerJob.totalProcesses, outerJob.active.size, innerJob.totalProcesses]).toEqual([2, 2, 2]);
    const other = job();
    const c = child();
    call(S.NtAssignProcessToJobObject, other, c.process);
    expect(call(S.NtAssignProcessToJobObject, other, a.process)).toBe(NtStatus.ACCESS_DENIED); // unrelated, not empty
    expect(call(S.NtAssignProcessToJobObject, outer, a.process)).toBe(NtStatus.SUCCESS); // already in its chain
    expect(inJob(c.process, outer)).toBe(NtStatus.PROCESS_NOT_IN_JOB);
  });

  it("checks access on both handles, and refuses exited processes", () => {
    const { bed, process, call, job, child } = setup();
    const j = job(JobAccess.QUERY);
    const a = child();
    expect(call(S.NtAssignProcessToJobObject, j, a.process)).toBe(NtStatus.ACCESS_DENIED);
    const k = job();
    const weak = bed.cell(process);
    call(S.NtOpenProcess, weak, ProcessAccess.TERMINATE, 0, a.pid);
    expect(call(S.NtAssignProcessToJobObject, k, bed.u32(process, weak))).toBe(NtStatus.ACCESS_DENIED);
    expect(call(S.NtAssignProcessToJobObject, a.process, a.process)).toBe(NtStatus.OBJECT_TYPE_MISMATCH);
    call(S.NtTerminateProcess, a.process, 0);
    expect(call(S.NtAssignProcessToJobObject, k, a.process)).toBe(NtStatus.ACCESS_DENIED);
    expect(call(S.NtIsProcessInJob, a.process, j)).toBe(NtStatus.PROCESS_NOT_IN_JOB);
    expect(call(S.NtIsProcessInJob, a.process, job(JobAccess.ASSIGN_PROCESS))).toBe(NtStatus.ACCESS_DENIED);
    expect(call(S.NtIsProcessInJob, 0x400, 0)).toBe(NtStatus.INVALID_HANDLE);
    const weakest = bed.cell(process);
    call(S.NtOpenProcess, weakest, 0, 0, a.pid);
    expect(call(S.NtIsProcessInJob, bed.u32(process, weakest), 0)).toBe(NtStatus.ACCESS_DENIED);
    call(S.NtOpenProcess, weakest, ProcessAccess.QUERY_INFORMATION, 0, a.pid);
    expect(call(S.NtIsProcessInJob, bed.u32(process, weakest), 0)).toBe(NtStatus.PROCESS_NOT_IN_JOB);
  });

  it("enforces the active-process limit on assignment (terminating the process) and on creation", () => {
    const { bed, thread, call, job, child, limits } = setup();
    const j = job();
    expect(limits(j, JobLimit.ACTIVE_PROCESS, 1, C.JobObjectBasicLimitInformation)).toBe(NtStatus.SUCCESS);
    const a = child();
    const b = child();
    expect(call(S.NtAssignProcessToJobObject, j, a.process)).toBe(NtStatus.SUCCESS);
    expect(call(S.NtAssignProcessToJobObject, j, b.process)).toBe(NtStatus.QUOTA_EXCEEDED);
    expect(b.object!.state).toBe("exited");
    expect(b.object!.exitStatus).toBe(NtStatus.QUOTA_EXCEEDED);
    limits(j, JobLimit.ACTIVE_PROCESS, 2, C.JobObjectBasicLimitInformation);
    expect(call(S.NtAssignProcessToJobObject, j, 0xffff_ffff)).toBe(NtStatus.SUCCESS);
    expect(child().status).toBe(NtStatus.QUOTA_EXCEEDED);
    limits(j, JobLimit.ACTIVE_PROCESS, 1, C.JobObjectBasicLimitInformation);
    // Assigning yourself to a full job ends you.
    const full = job();
    limits(full, JobLimit.ACTIVE_PROCESS, 0, C.JobObjectBasicLimitInformation);
    expect(bed.call(thread, S.NtAssignProcessToJobObject, full, 0xffff_ffff)).toBe(TERMINATED);
  });
});

describe("termination, kill-on-close and accounting", () => {
  it("terminates every member, nested jobs included, and signals the job and its children", () => {
    const { bed, call, job, child } = setup();
    const outer = job();
    const inner = job();
    const a = child();
    const b = child();
    call(S.NtAssignProcessToJobObject, outer, a.process);
    call(S.NtAssignProcessToJobObject, outer, b.process);
    call(S.NtAssignProcessToJobObject, inner, b.process);
    expect(call(S.NtTerminateJobObject, outer, 55)).toBe(NtStatus.SUCCESS);
    expect([a.object!.exitStatus, b.object!.exitStatus]).toEqual([55, 55]);
    const innerJob = b.object!.job!;
    expect([innerJob.isSignalled(), innerJob.parent!.isSignalled()]).toEqual([true, true]);
    expect(call(S.NtTerminateJobObject, outer, 1)).toBe(NtStatus.SUCCESS); // nothing left: still fine
    expect(call(S.NtTerminateJobObject, job(JobAccess.QUERY), 1)).toBe(NtStatus.ACCESS_DENIED);
    expect(bed.shim.kernel.processes.size).toBeGreaterThan(0);
  });

  it("terminating your own job ends the calling thread", () => {
    const { bed, thread, call, job } = setup();
    const j = job();
    call(S.NtAssignProcessToJobObject, j, 0xffff_ffff);
    expect(bed.call(thread, S.NtTerminateJobObject, j, 8)).toBe(TERMINATED);
    expect(thread.process.exitStatus).toBe(8);
  });

  it("kills the members when the last handle of a KILL_ON_JOB_CLOSE job closes", () => {
    const { call, job, child, limits } = setup();
    const j = job();
    expect(limits(j, JobLimit.KILL_ON_JOB_CLOSE)).toBe(NtStatus.SUCCESS);
    const a = child();
    call(S.NtAssignProcessToJobObject, j, a.process);
    expect(a.object!.state).toBe("running");
    call(S.NtClose, j);
    expect(a.object!.state).toBe("exited");
  });

  it("reports accounting, limits and the process-id list with exact lengths and BUFFER_OVERFLOW for a short list", () => {
    const { bed, process, call, job, child, limits } = setup();
    const j = job();
    const a = child();
    const b = child();
    call(S.NtAssignProcessToJobObject, j, a.process);
    call(S.NtAssignProcessToJobObject, j, b.process);
    call(S.NtTerminateProcess, a.process, 0);
    const buf = bed.alloc(process, 112);
    const len = bed.cell(process);
    expect(call(S.NtQueryInformationJobObject, j, C.JobObjectBasicAccountingInformation, buf, 48, len)).toBe(NtStatus.SUCCESS);
    expect([32, 36, 40, 44].map((o) => bed.u32(process, buf + o))).toEqual([0, 2, 1, 0]);
    expect(bed.u32(process, len)).toBe(48);
    expect(call(S.NtQueryInformationJobObject, j, C.JobObjectBasicProcessIdList, buf, 16, len)).toBe(NtStatus.SUCCESS);
    expect([bed.u32(process, buf), bed.u32(process, buf + 4), bed.u32(process, buf + 8), bed.u32(process, len)]).toEqual([1, 1, b.pid, 12]);
    call(S.NtAssignProcessToJobObject, j, 0xffff_ffff);
    expect(call(S.NtQueryInformationJobObject, j, C.JobObjectBasicProcessIdList, buf, 12, len)).toBe(NtStatus.BUFFER_OVERFLOW);
    expect([bed.u32(process, buf), bed.u32(process, buf + 4), bed.u32(process, len)]).toEqual([2, 1, 12]);
    expect(call(S.NtQueryInformationJobObject, j, C.JobObjectBasicProcessIdList, buf, 7, len)).toBe(NtStatus.INFO_LENGTH_MISMATCH);
    limits(j, JobLimit.ACTIVE_PROCESS | JobLimit.KILL_ON_JOB_CLOSE, 5);
    expect(call(S.NtQueryInformationJobObject, j, C.JobObjectExtendedLimitInformation, buf, 112, 0)).toBe(NtStatus.SUCCESS);
    expect([bed.u32(process, buf + 16), bed.u32(process, buf + 28)]).toEqual([JobLimit.ACTIVE_PROCESS | JobLimit.KILL_ON_JOB_CLOSE, 5]);
    expect(call(S.NtQueryInformationJobObject, j, C.JobObjectBasicLimitInformation, buf, 48, 0)).toBe(NtStatus.SUCCESS);
    for (const [cls, wrong] of [[1, 47], [2, 49], [9, 111]] as const) {
      expect(call(S.NtQueryInformationJobObject, j, cls, buf, wrong, 0)).toBe(NtStatus.INFO_LENGTH_MISMATCH);
    }
    expect(call(S.NtQueryInformationJobObject, j, 5, buf, 48, 0)).toBe(NtStatus.INVALID_INFO_CLASS);
    expect(call(S.NtQueryInformationJobObject, j, 1, 0x1_0000, 48, 0)).toBe(NtStatus.ACCESS_VIOLATION);
    expect(call(S.NtQueryInformationJobObject, j, 1, buf, 48, 0x1_0000)).toBe(NtStatus.ACCESS_VIOLATION);
    expect(call(S.NtQueryInformationJobObject, job(JobAccess.ASSIGN_PROCESS), 1, buf, 48, 0)).toBe(NtStatus.ACCESS_DENIED);
  });

  it("accepts only the limit flags it enforces, in the classes that carry them", () => {
    const { bed, process, call, job, limits } = setup();
    const j = job();
    expect(limits(j, JobLimit.KILL_ON_JOB_CLOSE, 0, C.JobObjectBasicLimitInformation)).toBe(NtStatus.INVALID_PARAMETER);
    expect(limits(j, 0x1_0000)).toBe(NtStatus.INVALID_PARAMETER);
    expect(limits(j, 0x1)).toBe(NtStatus.NOT_SUPPORTED); // a working-set limit: valid, not implemented
    expect(call(S.NtSetInformationJobObject, j, 3, bed.alloc(process, 48), 48)).toBe(NtStatus.INVALID_INFO_CLASS);
    expect(call(S.NtSetInformationJobObject, j, 2, bed.alloc(process, 48), 47)).toBe(NtStatus.INFO_LENGTH_MISMATCH);
    expect(call(S.NtSetInformationJobObject, j, 9, bed.alloc(process, 112), 48)).toBe(NtStatus.INFO_LENGTH_MISMATCH);
    expect(call(S.NtSetInformationJobObject, j, 2, 0x1_0000_0, 48)).toBe(NtStatus.ACCESS_VIOLATION);
    expect(call(S.NtSetInformationJobObject, job(JobAccess.QUERY), 2, bed.alloc(process, 48), 48)).toBe(NtStatus.ACCESS_DENIED);
    expect(call(S.NtCreateJobObject, 0x1_0000, 0, 0)).toBe(NtStatus.ACCESS_VIOLATION);
  });

  it("lets children inherit the job unless they break away", () => {
    const { call, job, child, inJob, limits } = setup();
    const j = job();
    call(S.NtAssignProcessToJobObject, j, 0xffff_ffff);
    const a = child();
    expect(inJob(a.process, j)).toBe(NtStatus.PROCESS_IN_JOB);
    expect(child({ breakaway: true }).status).toBe(NtStatus.ACCESS_DENIED);
    limits(j, JobLimit.BREAKAWAY_OK);
    const b = child({ breakaway: true });
    expect(inJob(b.process, j)).toBe(NtStatus.PROCESS_NOT_IN_JOB);
    expect(inJob(b.process, 0)).toBe(NtStatus.PROCESS_NOT_IN_JOB);
  });
});
