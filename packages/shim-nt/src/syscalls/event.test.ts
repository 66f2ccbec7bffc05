import { describe, expect, it } from "vitest";
import { EventAccess } from "../abi/constants";
import { NtStatus } from "../abi/status";
import { NtSyscall as S } from "../abi/syscalls";
import { NtTestBed } from "../testing/test-bed";

function setup() {
  const bed = new NtTestBed();
  const { process, thread } = bed.start();
  const call = (n: number, ...a: number[]) => bed.callSync(thread, n, ...a);
  const create = (type: number, initial: number, access: number = EventAccess.ALL_ACCESS) => {
    const cell = bed.cell(process);
    const status = call(S.NtCreateEvent, cell, access, 0, type, initial);
    return { status, handle: bed.u32(process, cell) };
  };
  return { bed, process, call, create };
}

describe("event syscalls", () => {
  it("create, set, reset and query, reporting previous states", () => {
    const { bed, process, call, create } = setup();
    const { handle } = create(0, 1);
    const prev = bed.cell(process, 9);
    const info = bed.alloc(process, 8);
    expect(call(S.NtQueryEvent, handle, info)).toBe(NtStatus.SUCCESS);
    expect([bed.u32(process, info), bed.u32(process, info + 4)]).toEqual([0, 1]);
    expect(call(S.NtResetEvent, handle, prev)).toBe(NtStatus.SUCCESS);
    expect(bed.u32(process, prev)).toBe(1);
    expect(call(S.NtSetEvent, handle, prev)).toBe(NtStatus.SUCCESS);
    expect(bed.u32(process, prev)).toBe(0);
    expect(call(S.NtSetEvent, handle, 0)).toBe(NtStatus.SUCCESS);
    const auto = create(1, 0).handle;
    call(S.NtQueryEvent, auto, info);
    expect([bed.u32(process, info), bed.u32(process, info + 4)]).toEqual([1, 0]);
  });

  it("refuse bad types, pointers, handles and missing rights", () => {
    const { bed, process, call, create } = setup();
    expect(create(2, 0).status).toBe(NtStatus.INVALID_PARAMETER_4);
    expect(call(S.NtCreateEvent, 0x1_0000, 0, 0, 0, 0)).toBe(NtStatus.ACCESS_VIOLATION);
    const queryOnly = create(0, 0, EventAccess.QUERY_STATE).handle;
    expect(call(S.NtSetEvent, queryOnly, 0)).toBe(NtStatus.ACCESS_DENIED);
    expect(call(S.NtResetEvent, queryOnly, 0)).toBe(NtStatus.ACCESS_DENIED);
    const modifyOnly = create(0, 0, EventAccess.MODIFY_STATE).handle;
    expect(call(S.NtQueryEvent, modifyOnly, bed.alloc(process, 8))).toBe(NtStatus.ACCESS_DENIED);
    expect(call(S.NtQueryEvent, queryOnly, 0x1_0000)).toBe(NtStatus.ACCESS_VIOLATION);
    expect(call(S.NtSetEvent, 4, 0)).toBe(NtStatus.OBJECT_TYPE_MISMATCH); // the stdout host stream
    expect(call(S.NtSetEvent, 0x400, 0)).toBe(NtStatus.INVALID_HANDLE);
    const full = create(0, 0).handle;
    expect(call(S.NtSetEvent, full, 0x1_0000)).toBe(NtStatus.ACCESS_VIOLATION); // set, but the previous state cannot be written
  });
});
