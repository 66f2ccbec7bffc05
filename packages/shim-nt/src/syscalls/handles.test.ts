import { describe, expect, it } from "vitest";
import { DuplicateOptions, EventAccess, ObjectInformationClass, ObjectKind, ProcessAccess, StandardAccess } from "../abi/constants";
import { NtStatus } from "../abi/status";
import { NtSyscall as S } from "../abi/syscalls";
import { HandleAttribute } from "../handles/handle-table";
import { NtTestBed, createProcessBlock, createProcessResult } from "../testing/test-bed";

const SELF = 0xffff_ffff;
const ME = 0xffff_fffe;

function setup() {
  const bed = new NtTestBed();
  const { process, thread } = bed.start();
  const call = (n: number, ...a: number[]) => bed.callSync(thread, n, ...a);
  const event = (): number => {
    const cell = bed.cell(process);
    expect(call(S.NtCreateEvent, cell, EventAccess.ALL_ACCESS, 0, 0, 0)).toBe(NtStatus.SUCCESS);
    return bed.u32(process, cell);
  };
  const dup = (sp: number, sh: number, tp: number, access: number, attributes: number, options: number) => {
    const out = bed.cell(process, 0xaaaa);
    const block = bed.u32s(process, [attributes, options]);
    return { status: call(S.NtDuplicateObject, sp, sh, tp, out, access, block), handle: bed.u32(process, out) };
  };
  return { bed, process, thread, call, event, dup };
}

describe("NtClose", () => {
  it("closes handles; pseudo-handles close as a no-op; others are INVALID_HANDLE or protected", () => {
    const { call, event, process } = setup();
    const e = event();
    expect(call(S.NtClose, SELF)).toBe(NtStatus.SUCCESS);
    expect(call(S.NtClose, ME)).toBe(NtStatus.SUCCESS);
    expect(call(S.NtClose, 0)).toBe(NtStatus.INVALID_HANDLE);
    process.handles.update(e, HandleAttribute.PROTECT_FROM_CLOSE, EventAccess.ALL_ACCESS);
    expect(call(S.NtClose, e)).toBe(NtStatus.HANDLE_NOT_CLOSABLE);
    process.handles.update(e, 0, EventAccess.ALL_ACCESS);
    expect(call(S.NtClose, e | 2)).toBe(NtStatus.SUCCESS);
    expect(call(S.NtClose, e)).toBe(NtStatus.INVALID_HANDLE);
  });
});

describe("NtDuplicateObject", () => {
  it("turns the process and thread pseudo-handles into real handles", () => {
    const { dup, process, thread } = setup();
    const p = dup(SELF, SELF, SELF, 0, 0, DuplicateOptions.SAME_ACCESS);
    expect(p.status).toBe(NtStatus.SUCCESS);
    const entry = process.handles.get(p.handle);
    expect(entry.ok && [entry.value.object === process, entry.value.access]).toEqual([true, ProcessAccess.ALL_ACCESS]);
    const t = dup(SELF, ME, SELF, StandardAccess.SYNCHRONIZE, 0, 0);
    const tEntry = process.handles.get(t.handle);
    expect(tEntry.ok && [tEntry.value.object === thread, tEntry.value.access]).toEqual([true, StandardAccess.SYNCHRONIZE]);
    // CLOSE_SOURCE on a pseudo-handle closes nothing.
    expect(dup(SELF, SELF, SELF, 0, 0, DuplicateOptions.SAME_ACCESS | DuplicateOptions.CLOSE_SOURCE).status).toBe(NtStatus.SUCCESS);
  });

  it("with CLOSE_SOURCE in one process keeps the slot and applies the new attributes", () => {
    const { dup, event, process } = setup();
    const low = event();
    const e = event();
    process.handles.close(low);
    const r = dup(SELF, e, SELF, 0, 2, DuplicateOptions.SAME_ACCESS | DuplicateOptions.CLOSE_SOURCE);
    expect(r).toEqual({ status: NtStatus.SUCCESS, handle: e });
    const entry = process.handles.get(e);
    expect(entry.ok && [entry.value.attributes, entry.value.access]).toEqual([HandleAttribute.INHERIT, EventAccess.ALL_ACCESS]);
  });

  it("maps generic access, copies attributes with SAME_ATTRIBUTES, and never copies protect-from-close", () => {
    const { dup, event, process } = setup();
    const e = event();
    process.handles.update(e, HandleAttribute.INHERIT | HandleAttribute.PROTECT_FROM_CLOSE, EventAccess.ALL_ACCESS);
    const generic = dup(SELF, e, SELF, StandardAccess.GENERIC_READ, 0, 0);
    const g = process.handles.get(generic.handle);
    expect(g.ok && [g.value.access, g.value.attributes]).toEqual([StandardAccess.READ_CONTROL | EventAccess.QUERY_STATE, 0]);
    const same = dup(SELF, e, SELF, 0, 0, DuplicateOptions.SAME_ATTRIBUTES | DuplicateOptions.SAME_ACCESS);
    const s = process.handles.get(same.handle);
    expect(s.ok && s.value.attributes).toBe(HandleAttribute.INHERIT);
    // A protected source is not closed by CLOSE_SOURCE and gets a new handle.
    const moved = dup(SELF, e, SELF, 0, 0, DuplicateOptions.SAME_ACCESS | DuplicateOptions.CLOSE_SOURCE);
    expect(moved.status).toBe(NtStatus.SUCCESS);
    expect(moved.handle).not.toBe(e);
    expect(process.handles.get(e).ok).toBe(true);
  });

  it("duplicates across processes, and pulls handles out of another process", () => {
    const { bed, process, thread, call, dup, event } = setup();
    const block = createProcessBlock(bed, process);
    call(S.NtCreateUserProcess, block);
    const { process: ph } = createProcessResult(bed, process, block);
    const child = bed.shim.kernel.processes.get(createProcessResult(bed, process, block).pid as never)!;
    const e = event();
    const pushed = dup(SELF, e, ph, 0, 0, DuplicateOptions.SAME_ACCESS | DuplicateOptions.CLOSE_SOURCE);
    expect(pushed.status).toBe(NtStatus.SUCCESS);
    expect(process.handles.get(e).ok).toBe(false); // source closed
    const there = child.handles.get(pushed.handle);
    expect(there.ok).toBe(true);
    // Pull it back: the source process is the child.
    const pulled = dup(ph, pushed.handle, SELF, 0, 0, DuplicateOptions.SAME_ACCESS);
    expect(pulled.status).toBe(NtStatus.SUCCESS);
    expect(process.handles.get(pulled.handle).ok && (process.handles.get(pulled.handle) as { value: { entry: unknown } }).value.entry).toBe(there.ok && there.value.entry);
    // The child's own current-process pseudo-handle means the child.
    const childSelf = dup(ph, SELF, SELF, 0, 0, DuplicateOptions.SAME_ACCESS);
    const cs = process.handles.get(childSelf.handle);
    expect(cs.ok && cs.value.object).toBe(child);
    // …but "the current thread" of another process means nothing.
    expect(dup(ph, ME, SELF, 0, 0, DuplicateOptions.SAME_ACCESS).status).toBe(NtStatus.INVALID_HANDLE);
    // Closing a handle in another process: target process 0 with CLOSE_SOURCE.
    expect(dup(ph, pushed.handle, 0, 0, 0, DuplicateOptions.CLOSE_SOURCE).status).toBe(NtStatus.SUCCESS);
    expect(child.handles.get(pushed.handle).ok).toBe(false);
    expect(thread.state).toBe("running");
  });

  it("checks PROCESS_DUP_HANDLE, options and the out pointer, closing the source whatever the outcome", () => {
    const { bed, process, call, dup, event } = setup();
    const weakCell = bed.cell(process);
    call(S.NtOpenProcess, weakCell, StandardAccess.SYNCHRONIZE, 0, process.pid);
    const weak = bed.u32(process, weakCell);
    const e = event();
    expect(dup(weak, e, SELF, 0, 0, DuplicateOptions.SAME_ACCESS).status).toBe(NtStatus.ACCESS_DENIED);
    expect(dup(SELF, e, weak, 0, 0, DuplicateOptions.SAME_ACCESS).status).toBe(NtStatus.ACCESS_DENIED);
    expect(dup(SELF, e, SELF, 0, 0, 0x8).status).toBe(NtStatus.INVALID_PARAMETER);
    expect(dup(SELF, 0x400, SELF, 0, 0, 0).status).toBe(NtStatus.INVALID_HANDLE);
    expect(dup(SELF, e, 0x400, 0, 0, DuplicateOptions.CLOSE_SOURCE).status).toBe(NtStatus.INVALID_HANDLE);
    expect(process.handles.get(e).ok).toBe(false); // closed "regardless of any error status"
    const f = event();
    const before = process.handles.count;
    expect(call(S.NtDuplicateObject, SELF, f, SELF, 0x4, 0, 0)).toBe(NtStatus.ACCESS_VIOLATION);
    expect(process.handles.count).toBe(before); // the new handle was not leaked
    expect(call(S.NtDuplicateObject, SELF, f, SELF, 0, 0, 0x4)).toBe(NtStatus.ACCESS_VIOLATION); // unreadable block
    expect(call(S.NtDuplicateObject, SELF, f, SELF, 0, 0, 0)).toBe(NtStatus.SUCCESS); // no out pointer, no block
  });

  it("refuses a target process that has exited", () => {
    const { bed, process, call, dup, event } = setup();
    const block = createProcessBlock(bed, process);
    call(S.NtCreateUserProcess, block);
    const { process: ph } = createProcessResult(bed, process, block);
    call(S.NtTerminateProcess, ph, 0);
    expect(dup(SELF, event(), ph, 0, 0, DuplicateOptions.SAME_ACCESS).status).toBe(NtStatus.PROCESS_IS_TERMINATING);
  });
});

describe("NtQueryObject / NtSetInformationObject", () => {
  it("report and change handle flags, kinds and basic information with exact lengths", () => {
    const { bed, process, call, event } = setup();
    const e = event();
    const buf = bed.alloc(process, 64);
    const len = bed.cell(process);
    expect(call(S.NtQueryObject, e, ObjectInformationClass.ObjectHandleFlagInformation, buf, 2, len)).toBe(NtStatus.SUCCESS);
    expect([...bed.read(process, buf, 2)]).toEqual([0, 0]);
    const flags = bed.alloc(process, 2, new Uint8Array([1, 1]));
    expect(call(S.NtSetInformationObject, e, ObjectInformationClass.ObjectHandleFlagInformation, flags, 2)).toBe(NtStatus.SUCCESS);
    call(S.NtQueryObject, e, ObjectInformationClass.ObjectHandleFlagInformation, buf, 2, 0);
    expect([...bed.read(process, buf, 2)]).toEqual([1, 1]);
    expect(call(S.NtQueryObject, e, ObjectInformationClass.ObjectBasicInformation, buf, 56, len)).toBe(NtStatus.SUCCESS);
    expect([bed.u32(process, buf), bed.u32(process, buf + 4), bed.u32(process, buf + 8), bed.u32(process, len)]).toEqual([0x3, EventAccess.ALL_ACCESS, 1, 56]);
    expect(call(S.NtQueryObject, e, ObjectInformationClass.ObjectKindInformation, buf, 4, 0)).toBe(NtStatus.SUCCESS);
    expect(bed.u32(process, buf)).toBe(ObjectKind.Event);
    expect(call(S.NtQueryObject, 4, ObjectInformationClass.ObjectKindInformation, buf, 4, 0)).toBe(NtStatus.SUCCESS);
    expect(bed.u32(process, buf)).toBe(ObjectKind.HostStream);
    expect(call(S.NtQueryObject, e, ObjectInformationClass.ObjectHandleFlagInformation, buf, 3, len)).toBe(NtStatus.INFO_LENGTH_MISMATCH);
    expect(bed.u32(process, len)).toBe(2);
    expect(call(S.NtQueryObject, e, 2, buf, 4, 0)).toBe(NtStatus.INVALID_INFO_CLASS);
    expect(call(S.NtQueryObject, 0x500, 4, buf, 2, 0)).toBe(NtStatus.INVALID_HANDLE);
    expect(call(S.NtQueryObject, e, 4, 0x8000_0000, 2, 0)).toBe(NtStatus.ACCESS_VIOLATION);
    expect(call(S.NtQueryObject, e, 4, buf, 2, 0x10)).toBe(NtStatus.ACCESS_VIOLATION);
    expect(call(S.NtSetInformationObject, e, 0, flags, 2)).toBe(NtStatus.INVALID_INFO_CLASS);
    expect(call(S.NtSetInformationObject, e, 4, flags, 1)).toBe(NtStatus.INFO_LENGTH_MISMATCH);
    expect(call(S.NtSetInformationObject, e, 4, 0x10, 2)).toBe(NtStatus.ACCESS_VIOLATION);
    expect(call(S.NtSetInformationObject, 0x500, 4, flags, 2)).toBe(NtStatus.INVALID_HANDLE);
  });
});
