import { describe, expect, it } from "vitest";
import { NtStatus } from "./abi/status";
import { NtSyscall as S } from "./abi/syscalls";
import { NtShim } from "./shim";
import { CODE_BASE, NtTestBed, TERMINATED } from "./testing/test-bed";

describe("NtShim entries", () => {
  it("end the process on an unhandled trap with the matching status", () => {
    for (const [stop, status] of [
      [{ kind: "fault", address: 0, access: "write", cause: 15 }, NtStatus.ACCESS_VIOLATION],
      [{ kind: "illegal", word: 0 }, NtStatus.ILLEGAL_INSTRUCTION],
      [{ kind: "ebreak" }, NtStatus.BREAKPOINT],
      [{ kind: "misaligned", address: 1, access: "read", cause: 4 }, NtStatus.DATATYPE_MISALIGNMENT],
    ] as const) {
      const bed = new NtTestBed();
      const { process, thread } = bed.start();
      expect(bed.shim.exception(thread.guest!, stop)).toBe("terminate");
      expect([process.state, process.exitStatus]).toEqual(["exited", status]);
      expect(bed.litebox.processRegistry().withContext(process.pid, (c) => c.state)).toEqual({ kind: "Exited", status });
    }
  });

  it("answers INVALID_SYSTEM_SERVICE with one trace line for an unknown number", () => {
    const bed = new NtTestBed();
    const { thread } = bed.start();
    expect(bed.call(thread, 4242)).toBe(NtStatus.INVALID_SYSTEM_SERVICE);
    expect(bed.traces).toEqual([expect.stringContaining("unknown syscall 4242")]);
    expect(thread.guest!.cpu.pc).toBe(CODE_BASE + 4);
    expect(NtShim.syscallName(S.NtClose)).toBe("NtClose");
    expect(NtShim.syscallName(4242)).toBeUndefined();
  });

  it("park suspended threads at init and at the interrupt entry, and clear the interrupt latch", async () => {
    const bed = new NtTestBed();
    const { thread } = bed.start();
    const guest = thread.guest!;
    expect(bed.shim.init(guest)).toBe("resume");
    thread.suspendCount = 1;
    guest.interruptLatch.interrupt();
    const parked = bed.shim.interrupt(guest);
    expect(parked).toBeInstanceOf(Promise);
    expect(guest.interruptLatch.isPending()).toBe(false);
    thread.suspendCount = 0;
    thread.releaseResumeWaiters("resume");
    expect(await parked).toBe("resume");
    expect(bed.shim.interrupt(guest)).toBe("resume");
    bed.shim.kernel.terminateThread(thread, 0);
    expect(bed.shim.interrupt(guest)).toBe("terminate");
    expect(bed.shim.init(guest)).toBe("terminate");
    expect(bed.call(thread, S.NtClose, 0)).toBe(TERMINATED);
  });

  it("park a thread whose own call suspended it until it is resumed", async () => {
    const bed = new NtTestBed();
    const { thread } = bed.start();
    thread.suspendCount = 1; // as if another thread suspended it while the call ran
    const pending = bed.call(thread, S.NtClose, 0);
    expect(pending).toBeInstanceOf(Promise);
    const blocked = bed.call(thread, S.NtWaitForSingleObject, 0xffff_ffff, 0, 0);
    expect(thread.guest!.waitingOn).toBe(`NtWaitForSingleObject (pid ${thread.process.pid}, tid ${thread.tid})`);
    bed.shim.kernel.terminateThread(thread, 0);
    expect(await blocked).toBe(TERMINATED);
    expect(await pending).toBe(TERMINATED); // the termination released the parked call too
  });
});

describe("NtShim.start", () => {
  it("starts a process, resumes it, reports its exit, and reaps it once released", async () => {
    const bed = new NtTestBed();
    const started = bed.shim.start({ imagePath: "/bin/test", suspended: true });
    if (!started.ok) throw new Error();
    const process = bed.shim.process(started.value.pid)!;
    const thread = [...process.threads][0]!;
    expect(thread.suspendCount).toBe(1);
    started.value.resume();
    started.value.resume(); // already running: no effect
    expect(thread.suspendCount).toBe(0);
    expect(started.value.exitStatus()).toBeUndefined();
    started.value.terminate(77);
    expect(await started.value.exited).toBe(77);
    expect(started.value.exitStatus()).toBe(77);
    expect(bed.litebox.processRegistry().processIds()).toEqual([1, started.value.pid]);
    started.value.release();
    started.value.release();
    expect(bed.litebox.processRegistry().processIds()).toEqual([1]);
    expect(bed.shim.process(started.value.pid)).toBeUndefined();
    expect(bed.shim.process(0)).toBeUndefined();
  });

  it("resolves exited for a process that had already exited, and fails with the NtCreateUserProcess status", async () => {
    const bed = new NtTestBed();
    const { started, process } = bed.start();
    bed.shim.kernel.terminateProcess(process, 3);
    expect(await started.exited).toBe(3);
    expect(bed.shim.start({ imagePath: "/bin/none" })).toEqual({ ok: false, error: NtStatus.OBJECT_NAME_NOT_FOUND });
    expect(bed.shim.start({ imagePath: "/bin/bad" })).toEqual({ ok: false, error: NtStatus.INVALID_IMAGE_FORMAT });
    const late = bed.shim.start({ imagePath: "/bin/test" });
    if (!late.ok) throw new Error();
    bed.shim.kernel.terminateProcess(bed.shim.process(late.value.pid)!, 9);
    expect(await late.value.exited).toBe(9);
  });
});
