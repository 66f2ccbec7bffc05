import type { ProcessId } from "@litebox-ts/core";
import { describe, expect, it } from "vitest";
import { EventAccess, ProcessAccess, StandardAccess } from "../abi/constants";
import { NtStatus } from "../abi/status";
import { NtSyscall as S } from "../abi/syscalls";
import { HandleAttribute } from "../handles/handle-table";
import { HOST_STREAM_OBJECT } from "../host/host-stream";
import { Peb } from "../process/layout";
import { NtTestBed, TERMINATED, createProcessBlock, createProcessResult, type CreateProcessFields } from "../testing/test-bed";

function setup() {
  const bed = new NtTestBed();
  const { process, thread, started } = bed.start();
  const call = (n: number, ...a: number[]) => bed.callSync(thread, n, ...a);
  const event = (inherit = false): number => {
    const cell = bed.cell(process);
    call(S.NtCreateEvent, cell, EventAccess.ALL_ACCESS, inherit ? 2 : 0, 0, 0);
    return bed.u32(process, cell);
  };
  const create = (fields: CreateProcessFields = {}) => {
    const block = createProcessBlock(bed, process, fields);
    const status = call(S.NtCreateUserProcess, block);
    const out = createProcessResult(bed, process, block);
    return { status, ...out, child: bed.shim.kernel.processes.get(out.pid as ProcessId) };
  };
  return { bed, process, thread, started, call, event, create };
}

describe("NtCreateUserProcess: handles", () => {
  it("inherits nothing without bInheritHandles", () => {
    const { event, create } = setup();
    event(true);
    const { child } = create();
    // Only the shared console handle (the creator's stdout is a host stream).
    expect(child!.handles.entries().map((e) => e.entry.is(HOST_STREAM_OBJECT))).toEqual([true]);
  });

  it("inherits every inheritable handle at its value with its access, and nothing else", () => {
    const { event, create, process } = setup();
    const a = event(true);
    const b = event(false);
    const c = event(true);
    const { child } = create({ inheritHandles: true });
    const get = (h: number) => child!.handles.get(h);
    expect(get(a).ok && [(get(a) as { value: { entry: unknown } }).value.entry, get(a).ok && (get(a) as { value: { attributes: number } }).value.attributes]).toEqual([
      (process.handles.get(a) as { value: { entry: unknown } }).value.entry,
      HandleAttribute.INHERIT,
    ]);
    expect(get(b).ok).toBe(false);
    expect(get(c).ok).toBe(true);
  });

  it("inherits only the listed handles, and refuses lists that name non-inheritable, invalid or pseudo handles", () => {
    const { event, create } = setup();
    const a = event(true);
    const b = event(true);
    const c = event(false);
    const { status, child } = create({ inheritHandles: true, handleList: [b, b] });
    expect(status).toBe(NtStatus.SUCCESS);
    expect(child!.handles.get(a).ok).toBe(false);
    expect(child!.handles.get(b).ok).toBe(true);
    expect(create({ inheritHandles: true, handleList: [c] }).status).toBe(NtStatus.INVALID_PARAMETER);
    expect(create({ inheritHandles: true, handleList: [0x400] }).status).toBe(NtStatus.INVALID_PARAMETER);
    expect(create({ inheritHandles: true, handleList: [0xffff_ffff] }).status).toBe(NtStatus.INVALID_PARAMETER);
    expect(create({ inheritHandles: true, handleList: [] }).status).toBe(NtStatus.INVALID_PARAMETER); // count 0 with a list
    // Without inheritance a list is not consulted.
    expect(create({ inheritHandles: false, handleList: [c] }).status).toBe(NtStatus.SUCCESS);
  });

  it("gives the child the creator's standard handle values, sharing host streams, or the STARTF_USESTDHANDLES ones", () => {
    const { bed, create, event } = setup();
    const shared = create().child!;
    const out = bed.u32(shared, shared.peb + Peb.StdOutput);
    const entry = shared.handles.get(out);
    expect(entry.ok && entry.value.entry.is(HOST_STREAM_OBJECT)).toBe(true);
    const e = event(true);
    const explicit = create({ inheritHandles: true, std: [0, e, e] }).child!;
    expect([bed.u32(explicit, explicit.peb + Peb.StdInput), bed.u32(explicit, explicit.peb + Peb.StdOutput)]).toEqual([0, e]);
    // With inheritance, an inheritable host stream is inherited rather than duplicated again.
  });

  it("keeps the creator's inherited host stream instead of duplicating it twice", () => {
    const { bed, process, create } = setup();
    process.handles.update(4, HandleAttribute.INHERIT, 0x12_0116);
    const child = create({ inheritHandles: true }).child!;
    expect(bed.u32(child, child.peb + Peb.StdOutput)).toBe(4);
    expect(child.handles.count).toBe(1);
  });

  it("gives the creator handles with the requested access and attributes", () => {
    const { process, create } = setup();
    const { process: ph, thread: th } = create({ processAccess: StandardAccess.SYNCHRONIZE, processInherit: true, threadAccess: 0 });
    const p = process.handles.get(ph);
    expect(p.ok && [p.value.access, p.value.attributes]).toEqual([StandardAccess.SYNCHRONIZE, HandleAttribute.INHERIT]);
    const t = process.handles.get(th);
    expect(t.ok && t.value.access).toBe(0);
  });
});

describe("NtCreateUserProcess: parents and errors", () => {
  it("uses a parent-process attribute, with its errors", () => {
    const { bed, process, call, create } = setup();
    const adoptive = create();
    const { child } = create({ parent: adoptive.process });
    expect(child!.parentPid).toBe(adoptive.pid);
    expect(bed.litebox.processRegistry().getParent(child!.pid)).toBe(adoptive.pid);
    expect(create({ parent: 0x400 }).status).toBe(NtStatus.INVALID_HANDLE);
    const eventCell = bed.cell(process);
    call(S.NtCreateEvent, eventCell, EventAccess.ALL_ACCESS, 0, 0, 0);
    expect(create({ parent: bed.u32(process, eventCell) }).status).toBe(NtStatus.OBJECT_TYPE_MISMATCH);
    const weak = bed.cell(process);
    call(S.NtOpenProcess, weak, StandardAccess.SYNCHRONIZE, 0, adoptive.pid);
    expect(create({ parent: bed.u32(process, weak) }).status).toBe(NtStatus.ACCESS_DENIED);
    call(S.NtTerminateProcess, adoptive.process, 0);
    expect(create({ parent: adoptive.process }).status).toBe(NtStatus.PROCESS_IS_TERMINATING);
    expect(create({ parent: 0xffff_ffff }).status).toBe(NtStatus.SUCCESS); // the pseudo-handle: the caller
  });

  it("refuses unknown flags, unreadable strings and blocks, and an unwritable result area", () => {
    const { bed, process, call } = setup();
    const block = createProcessBlock(bed, process);
    bed.write(process, block + 8, new Uint8Array([0x10, 0, 0, 0]));
    expect(call(S.NtCreateUserProcess, block)).toBe(NtStatus.INVALID_PARAMETER);
    const block2 = createProcessBlock(bed, process);
    bed.write(process, block2 + 12, new Uint8Array([0x2, 0, 0, 0]));
    expect(call(S.NtCreateUserProcess, block2)).toBe(NtStatus.INVALID_PARAMETER);
    const block3 = createProcessBlock(bed, process);
    bed.write(process, block3, new Uint8Array([0, 0, 0x80, 0])); // image path pointer into nowhere
    expect(call(S.NtCreateUserProcess, block3)).toBe(NtStatus.ACCESS_VIOLATION);
    expect(call(S.NtCreateUserProcess, 0x10)).toBe(NtStatus.ACCESS_VIOLATION);
    expect(call(S.NtCreateUserProcess, 0x1_0000)).toBe(NtStatus.ACCESS_VIOLATION); // readable code, not writable
    const long = createProcessBlock(bed, process, { handleList: new Array(1025).fill(4), inheritHandles: true });
    expect(call(S.NtCreateUserProcess, long)).toBe(NtStatus.INVALID_PARAMETER);
    expect(bed.shim.kernel.processes.size).toBe(1);
  });

  it("answers NAME_TOO_LONG for an over-long command line", () => {
    const { bed, process, call } = setup();
    const block = createProcessBlock(bed, process, { commandLine: "x".repeat(20_000) });
    expect(call(S.NtCreateUserProcess, block)).toBe(NtStatus.SUCCESS);
    // 33,000 bytes without a NUL: longer than the 32,767 the ABI accepts.
    const command = bed.alloc(process, 33_000, new Uint8Array(33_000).fill(0x61));
    const bad = createProcessBlock(bed, process);
    const view = new Uint8Array(4);
    new DataView(view.buffer).setUint32(0, command, true);
    bed.write(process, bad + 4, view);
    expect(call(S.NtCreateUserProcess, bad)).toBe(NtStatus.NAME_TOO_LONG);
  });
});

describe("NtOpenProcess / NtTerminateProcess / NtQueryInformationProcess", () => {
  it("opens live and exited-but-referenced processes by id, not unknown ones", () => {
    const { bed, process, call, create } = setup();
    const cell = bed.cell(process);
    expect(call(S.NtOpenProcess, cell, ProcessAccess.QUERY_INFORMATION, 2, process.pid)).toBe(NtStatus.SUCCESS);
    const h = process.handles.get(bed.u32(process, cell));
    expect(h.ok && [h.value.object === process, h.value.attributes]).toEqual([true, HandleAttribute.INHERIT]);
    expect(call(S.NtOpenProcess, cell, 0, 0, 0)).toBe(NtStatus.INVALID_CID);
    expect(call(S.NtOpenProcess, cell, 0, 0, 999)).toBe(NtStatus.INVALID_CID);
    expect(call(S.NtOpenProcess, 0x1_0000, 0, 0, process.pid)).toBe(NtStatus.ACCESS_VIOLATION);
    const child = create();
    call(S.NtTerminateProcess, child.process, 3);
    expect(call(S.NtOpenProcess, cell, ProcessAccess.QUERY_LIMITED_INFORMATION, 0, child.pid)).toBe(NtStatus.SUCCESS);
    call(S.NtClose, child.process);
    call(S.NtClose, bed.u32(process, cell));
    expect(call(S.NtOpenProcess, cell, 0, 0, child.pid)).toBe(NtStatus.INVALID_CID);
  });

  it("needs PROCESS_TERMINATE, and terminating yourself ends the calling thread", () => {
    const { bed, process, thread, call } = setup();
    const cell = bed.cell(process);
    call(S.NtOpenProcess, cell, ProcessAccess.QUERY_INFORMATION, 0, process.pid);
    expect(call(S.NtTerminateProcess, bed.u32(process, cell), 1)).toBe(NtStatus.ACCESS_DENIED);
    expect(call(S.NtTerminateProcess, 0, 1)).toBe(NtStatus.INVALID_HANDLE);
    expect(call(S.NtTerminateProcess, 0xffff_fffe, 1)).toBe(NtStatus.OBJECT_TYPE_MISMATCH);
    expect(bed.call(thread, S.NtTerminateProcess, 0xffff_ffff, 0x1234)).toBe(TERMINATED);
    expect(process.exitStatus).toBe(0x1234);
    expect(bed.litebox.processRegistry().withContext(process.pid, (c) => c.state)).toEqual({ kind: "Exited", status: 0x1234 });
  });

  it("needs query access for ProcessBasicInformation", () => {
    const { bed, process, call } = setup();
    const cell = bed.cell(process);
    call(S.NtOpenProcess, cell, StandardAccess.SYNCHRONIZE, 0, process.pid);
    const info = bed.alloc(process, 24);
    expect(call(S.NtQueryInformationProcess, bed.u32(process, cell), 0, info, 24, 0)).toBe(NtStatus.ACCESS_DENIED);
    call(S.NtOpenProcess, cell, ProcessAccess.QUERY_LIMITED_INFORMATION, 0, process.pid);
    expect(call(S.NtQueryInformationProcess, bed.u32(process, cell), 0, info, 24, 0)).toBe(NtStatus.SUCCESS);
    expect(call(S.NtQueryInformationProcess, 0xffff_ffff, 0, 0x1_0000, 24, 0)).toBe(NtStatus.ACCESS_VIOLATION);
    expect(call(S.NtQueryInformationProcess, 0xffff_ffff, 0, info, 24, 0x1_0000)).toBe(NtStatus.ACCESS_VIOLATION);
    expect(call(S.NtQueryInformationProcess, 0x400, 0, info, 24, 0)).toBe(NtStatus.INVALID_HANDLE);
  });
});

describe("exits and orphans", () => {
  it("detaches orphans: the child keeps running with no parent in the registry and its creator's id in its PEB", () => {
    const { bed, process, thread, create } = setup();
    const { child, pid } = create();
    const registry = bed.litebox.processRegistry();
    expect(registry.getParent(pid as ProcessId)).toBe(process.pid);
    expect(bed.call(thread, S.NtTerminateProcess, 0xffff_ffff, 0)).toBe(TERMINATED);
    expect(registry.withContext(pid as ProcessId, (c) => [c.parent, c.state.kind])).toEqual([undefined, "Running"]);
    expect(child!.parentPid).toBe(process.pid);
    expect(bed.u32(child!, child!.peb + Peb.InheritedFromUniqueProcessId)).toBe(process.pid);
  });

  it("closes every handle of an exiting process, so pipe readers elsewhere see the end", () => {
    const { bed, process, call, create } = setup();
    const cells = bed.u32s(process, [0, 0]);
    call(S.NtCreatePipe, cells, cells + 4, 2, 0);
    const child = create({ inheritHandles: true }).child!;
    const write = bed.u32(process, cells + 4);
    call(S.NtClose, write);
    const end = child.handles.get(write);
    expect(end.ok).toBe(true);
    bed.shim.kernel.terminateProcess(child, 0);
    expect(child.handles.count).toBe(0);
    const iosb = bed.alloc(process, 8);
    const buf = bed.alloc(process, 4);
    expect(call(S.NtReadFile, bed.u32(process, cells), iosb, buf, 4)).toBe(NtStatus.PIPE_BROKEN);
  });
});
