import type { ProcessId } from "@litebox-ts/core";
import { describe, expect, it } from "vitest";
import { STILL_ACTIVE } from "../abi/constants";
import { NtStatus } from "../abi/status";
import { NtSyscall } from "../abi/syscalls";
import { Peb } from "./layout";
import { NtTestBed, createProcessBlock, createProcessResult } from "../testing/test-bed";

const S = NtSyscall;

describe.each([false, true])("NtCreateUserProcess (sharedMemory=%s)", (sharedMemory) => {
  it("creates a child of the caller with handles, ids and a PEB", () => {
    const bed = new NtTestBed({ sharedMemory });
    const { process, thread } = bed.start();
    const block = createProcessBlock(bed, process, { commandLine: "child --x" });
    expect(bed.callSync(thread, S.NtCreateUserProcess, block)).toBe(NtStatus.SUCCESS);
    const out = createProcessResult(bed, process, block);
    expect(out.process % 4).toBe(0);
    expect(out.thread % 4).toBe(0);
    const child = bed.shim.process(out.pid)!;
    expect(child.parentPid).toBe(process.pid);
    expect(bed.litebox.processRegistry().getParent(child.pid)).toBe(process.pid);
    expect(child.commandLine).toBe("child --x");
    expect(bed.u32(child, child.peb + Peb.ProcessId)).toBe(out.pid);
    expect(bed.u32(child, child.peb + Peb.InheritedFromUniqueProcessId)).toBe(process.pid);
    const cmd = bed.read(child, bed.u32(child, child.peb + Peb.CommandLine), 9);
    expect(new TextDecoder().decode(cmd)).toBe("child --x");
    expect([...child.threads][0]!.tid).toBe(out.tid);
  });

  it("answers OBJECT_NAME_NOT_FOUND and INVALID_IMAGE_FORMAT without leaving anything", () => {
    const bed = new NtTestBed({ sharedMemory });
    const { process, thread } = bed.start();
    const spaces = bed.platform.liveAddressSpaces;
    const pids = bed.litebox.processRegistry().processIds().length;
    const missing = createProcessBlock(bed, process, { image: "/bin/none" });
    expect(bed.callSync(thread, S.NtCreateUserProcess, missing)).toBe(NtStatus.OBJECT_NAME_NOT_FOUND);
    const bad = createProcessBlock(bed, process, { image: "/bin/bad" });
    expect(bed.callSync(thread, S.NtCreateUserProcess, bad)).toBe(NtStatus.INVALID_IMAGE_FORMAT);
    expect(bed.platform.liveAddressSpaces).toBe(spaces);
    expect(bed.litebox.processRegistry().processIds().length).toBe(pids);
    expect(process.handles.count).toBe(1); // stdout only
  });

  it("reports STILL_ACTIVE, then the exit status, through ProcessBasicInformation", () => {
    const bed = new NtTestBed({ sharedMemory });
    const { process, thread } = bed.start();
    const block = createProcessBlock(bed, process);
    bed.callSync(thread, S.NtCreateUserProcess, block);
    const { process: h, pid } = createProcessResult(bed, process, block);
    const info = bed.alloc(process, 24);
    const length = bed.cell(process);
    expect(bed.callSync(thread, S.NtQueryInformationProcess, h, 0, info, 24, length)).toBe(NtStatus.SUCCESS);
    expect(bed.u32(process, info)).toBe(STILL_ACTIVE);
    expect(bed.u32(process, info + 16)).toBe(pid);
    expect(bed.u32(process, info + 20)).toBe(process.pid);
    expect(bed.u32(process, length)).toBe(24);
    expect(bed.callSync(thread, S.NtTerminateProcess, h, 42)).toBe(NtStatus.SUCCESS);
    expect(bed.callSync(thread, S.NtQueryInformationProcess, h, 0, info, 24, 0)).toBe(NtStatus.SUCCESS);
    expect(bed.u32(process, info)).toBe(42);
    // TerminateProcess on an exited process: ERROR_ACCESS_DENIED on Windows.
    expect(bed.callSync(thread, S.NtTerminateProcess, h, 1)).toBe(NtStatus.PROCESS_IS_TERMINATING);
    expect(bed.callSync(thread, S.NtQueryInformationProcess, h, 0, info, 23, 0)).toBe(NtStatus.INFO_LENGTH_MISMATCH);
    expect(bed.callSync(thread, S.NtQueryInformationProcess, h, 7, info, 24, 0)).toBe(NtStatus.INVALID_INFO_CLASS);
  });

  it("keeps an exited child until its last handle closes, then reaps it from the registry", () => {
    const bed = new NtTestBed({ sharedMemory });
    const { process, thread } = bed.start();
    const block = createProcessBlock(bed, process);
    bed.callSync(thread, S.NtCreateUserProcess, block);
    const { process: ph, thread: th, pid } = createProcessResult(bed, process, block);
    const registry = bed.litebox.processRegistry();
    bed.callSync(thread, S.NtTerminateProcess, ph, 7);
    expect(registry.withContext(pid as ProcessId, (c) => c.state)).toEqual({ kind: "Exited", status: 7 });
    expect(bed.shim.process(pid)).toBeDefined();
    // The thread handle does not keep the process object: closing the one process handle reaps it.
    expect(bed.callSync(thread, S.NtClose, ph)).toBe(NtStatus.SUCCESS);
    expect(registry.withContext(pid as ProcessId, () => true)).toBeUndefined();
    expect(bed.shim.process(pid)).toBeUndefined();
    expect(bed.callSync(thread, S.NtClose, th)).toBe(NtStatus.SUCCESS);
    expect(bed.shim.kernel.threads.size).toBe(1);
  });
});
