import { describe, expect, it } from "vitest";
import { Errno, IdType, Signal, Sys, WaitOption, exitedStatus } from "../src/index";
import { DATA, createHarness } from "./support/harness";
import { S1, S2, Script, a0 } from "./support/script-builder";

const FORK = Signal.SIGCHLD;

describe.each([
  ["isolated", ["cloneAddressSpace"]],
  ["shared", ["createAddressSpace", "mapPages"]],
] as const)("fork under fault injection on the %s test platform", (kind, operations) => {
  it.each(operations)("fails with the Linux error at every failing %s call and leaves nothing behind", async (op) => {
    let failures = 0;
    for (let n = 1; ; n++) {
      const h = createHarness({ kind, scripts: { idle: new Script().spin().steps } });
      const parent = h.start("idle").process;
      const t = parent.leader!;
      // Something to inherit: two pipes and a duplicate of stdout at a high number.
      h.litebox.pipes().openPipe(parent.files);
      h.litebox.pipes().openPipe(parent.files, { closeOnExec: true });
      parent.files.duplicate(1, { target: { kind: "exact", fd: 40 } });
      const before = h.snapshot();
      h.platform.failOnCall(op, n);
      const r = await h.call(t, Sys.clone, FORK, 0, 0, 0, 0);
      if (r > 0) {
        // The n-th call was past the fork: it succeeded; the child owns copies of every descriptor.
        const child = h.shim.processes.process(r)!;
        expect(child.files.slots().map((s) => s.fd)).toEqual(parent.files.slots().map((s) => s.fd));
        await h.call(child.leader!, Sys.exit_group, 0);
        expect(await h.call(t, Sys.waitid, IdType.P_PID, r, DATA, WaitOption.WEXITED)).toBe(0);
        expect(h.snapshot()).toEqual(before);
        break;
      }
      failures++;
      expect(r).toBe(op === "mapPages" ? -Errno.ENOMEM : -Errno.EAGAIN);
      expect(h.snapshot()).toEqual(before);
      expect(h.litebox.processRegistry().getChildren(parent.pid)).toEqual([]);
    }
    expect(failures).toBeGreaterThan(0);
  });
});

describe.each(["isolated", "shared"] as const)("fork bombs on the %s test platform", (kind) => {
  const bomb = (log: string[]): Script =>
    new Script()
      .host((c) => c.setRegister(S2, 0))
      .label("loop")
      .sys(Sys.clone, FORK, 0, 0, 0, 0)
      .branch((c) => a0(c) === 0, "child")
      .branch((c) => a0(c) < 0, "full")
      .host((c) => c.setRegister(S2, c.getRegister(S2) + 1))
      .goto("loop")
      .label("full")
      .save(S1)
      .host((c) => log.push(`forked ${c.getRegister(S2)} then ${a0(c)}`))
      .sys(Sys.kill, -1, Signal.SIGKILL)
      .host((c) => c.setRegister(S2, 0))
      .label("reap")
      .sys(Sys.waitid, IdType.P_ALL, 0, DATA, WaitOption.WEXITED, 0)
      .branch((c) => a0(c) < 0, "done")
      .host((c) => c.setRegister(S2, c.getRegister(S2) + 1))
      .goto("reap")
      .label("done")
      .host((c) => log.push(`reaped ${c.getRegister(S2)} then ${a0(c)}`))
      .sys(Sys.exit_group, 0)
      .label("child")
      .spin();

  it("stops at RLIMIT_NPROC with EAGAIN; the parent reaps everything and a new program runs", async () => {
    const log: string[] = [];
    const h = createHarness({ kind, scripts: { bomb: bomb(log).steps, hello: new Script().sys(Sys.exit_group, 5).steps }, maxProcesses: 6, quantum: 200 });
    const before = h.snapshot();
    h.start("bomb");
    expect((await h.shim.run()).kind).toBe("completed");
    expect(log).toEqual([`forked 5 then ${-Errno.EAGAIN}`, `reaped 5 then ${-Errno.ECHILD}`]);
    expect(h.snapshot()).toEqual(before);
    const next = h.start("hello");
    expect((await h.shim.run()).kind).toBe("completed");
    expect(await next.exited).toBe(exitedStatus(5));
  });

  it("stops at the platform's capacity with EAGAIN, and the system stays usable", async () => {
    const log: string[] = [];
    const h = createHarness({ kind, capacity: 4, scripts: { bomb: bomb(log).steps, hello: new Script().sys(Sys.exit_group, 6).steps }, quantum: 200 });
    const before = h.snapshot();
    h.start("bomb");
    expect((await h.shim.run()).kind).toBe("completed");
    expect(log).toEqual([`forked 3 then ${-Errno.EAGAIN}`, `reaped 3 then ${-Errno.ECHILD}`]);
    expect(h.snapshot()).toEqual(before);
    const next = h.start("hello");
    expect((await h.shim.run()).kind).toBe("completed");
    expect(await next.exited).toBe(exitedStatus(6));
  });
});
