import { describe, expect, it } from "vitest";
import { Errno, Sys, exitedStatus, type PosixThread } from "../src/index";
import { DATA, createHarness } from "./support/harness";

const hello = [
  { host: () => {} },
  { sys: Sys.write, args: () => [1, DATA, 14] },
  { sys: Sys.getpid },
  { host: (cpu: { getRegister(i: number): number; setRegister(i: number, v: number): void }) => cpu.setRegister(9, cpu.getRegister(10)) },
  { sys: Sys.getppid },
  { host: (cpu: { getRegister(i: number): number; setRegister(i: number, v: number): void }) => cpu.setRegister(18, cpu.getRegister(10)) },
  { sys: Sys.exit_group, args: (cpu: { getRegister(i: number): number }) => [cpu.getRegister(9) * 10 + cpu.getRegister(18)] },
];

describe.each(["isolated", "shared"] as const)("PosixShim on the %s test platform", (kind) => {
  it("runs the first program as PID 2 under init, writes stdout, exits with its status, and init reaps it", async () => {
    const h = createHarness({ kind, scripts: { hello } });
    const before = h.snapshot();
    const program = h.start("hello");
    h.poke(program.process.leader!, DATA, "Hello, world!\n");
    expect(program.pid).toBe(2);
    const report = await h.shim.run();
    expect(report.kind).toBe("completed");
    expect(h.output.stdout).toBe("Hello, world!\n");
    // getpid = 2, getppid = 1 → exit code 21.
    expect(await program.exited).toBe(exitedStatus(21));
    expect(program.process.state).toBe("reaped");
    expect(h.snapshot()).toEqual(before);
  });

  it("answers an unknown syscall with ENOSYS and one trace line, and moves past the ecall", async () => {
    const h = createHarness({ kind, scripts: { idle: [{ spin: true }] } });
    const thread = h.start("idle").process.leader!;
    const pc = thread.cpu.pc;
    expect(await h.call(thread, 999)).toBe(-Errno.ENOSYS);
    expect(await h.call(thread, 260)).toBe(-Errno.ENOSYS); // wait4: absent on rv32
    expect(thread.cpu.pc).toBe(pc + 8);
    expect(h.traces).toHaveLength(2);
    expect(h.traces[0]).toMatch(/unimplemented syscall \? \(999\)/);
  });

  it("turns bad user pointers into EFAULT, never a host exception", async () => {
    const h = createHarness({ kind, scripts: { idle: [{ spin: true }] } });
    const thread: PosixThread = h.start("idle").process.leader!;
    for (const pointer of [0, 0x1000, 0xffff_fff0, 0x8000_0000, DATA + 16 * 4096 - 4]) {
      expect(await h.call(thread, Sys.write, 1, pointer, 64)).toBe(-Errno.EFAULT);
    }
    expect(await h.call(thread, Sys.write, 1, DATA, 0x8000_0000)).toBe(-Errno.EFAULT);
    expect(await h.call(thread, Sys.read, 0, 0, 10)).toBe(-Errno.EFAULT);
    expect(await h.call(thread, Sys.write, 1, DATA, 0)).toBe(0);
    expect(await h.call(thread, Sys.write, 7, DATA, 1)).toBe(-Errno.EBADF);
    expect(await h.call(thread, Sys.read, 1, DATA, 1)).toBe(-Errno.EBADF); // stdout is write-only
    expect(h.output.stdout).toBe("");
  });

  it("rolls spawn back completely when the platform refuses an address space or pages", () => {
    for (const op of ["createAddressSpace", "mapPages"] as const) {
      for (let n = 1; n <= 3; n++) {
        const h = createHarness({ kind, scripts: { hello } });
        const before = h.snapshot();
        h.platform.failOnCall(op, n);
        const r = h.shim.spawn({ program: "/bin/hello" });
        if (op === "createAddressSpace" && n > 1) {
          expect(r.ok).toBe(true);
          continue;
        }
        expect(r.ok).toBe(false);
        if (!r.ok) expect(r.error._tag).toBe(op === "createAddressSpace" ? "AddressSpace" : "Load");
        expect(h.snapshot()).toEqual(before);
      }
    }
  });

  it("reports a missing program and a malformed one as typed errors", () => {
    const h = createHarness({ kind });
    const before = h.snapshot();
    expect(h.shim.spawn({ program: "/bin/none" })).toEqual({ ok: false, error: { _tag: "ProgramLookup", error: "NotFound" } });
    const bad = h.shim.spawn({ program: new Uint8Array([1, 2, 3]) });
    expect(bad.ok ? undefined : bad.error._tag).toBe("Load");
    expect(h.snapshot()).toEqual(before);
  });
});
