import { describe, expect, it } from "vitest";
import {
  CloneFlag,
  Errno,
  IdType,
  SiCode,
  Signal,
  Sys,
  WaitOption,
  exitedStatus,
  type PosixThread,
} from "../src/index";
import { DATA, createHarness, type Harness } from "./support/harness";
import { A0, S1, S2, Script, a0 } from "./support/script-builder";

const FORK = Signal.SIGCHLD;
const THREAD_FLAGS =
  CloneFlag.CLONE_VM |
  CloneFlag.CLONE_FS |
  CloneFlag.CLONE_FILES |
  CloneFlag.CLONE_SIGHAND |
  CloneFlag.CLONE_THREAD |
  CloneFlag.CLONE_SYSVSEM |
  CloneFlag.CLONE_SETTLS |
  CloneFlag.CLONE_PARENT_SETTID |
  CloneFlag.CLONE_CHILD_CLEARTID;

function readSiginfo(h: Harness, thread: PosixThread, at = DATA): number[] {
  const bytes = h.peek(thread, at, 128);
  const view = new DataView(bytes.buffer);
  return [0, 4, 8, 12, 16, 20].map((o) => view.getInt32(o, true));
}

describe.each(["isolated", "shared"] as const)("processes on the %s test platform", (kind) => {
  it("fork: the child sees 0 and its own pid, the parent the child's pid; waitid fills the six siginfo fields exactly", async () => {
    const log: string[] = [];
    const main = new Script()
      .sys(Sys.clone, FORK, 0, 0, 0, 0)
      .branch((c) => a0(c) === 0, "child")
      .save(S1)
      .sys(Sys.waitid, IdType.P_PID, (c) => c.getRegister(S1), DATA, WaitOption.WEXITED, 0)
      .host((c) => log.push(`parent waitid=${a0(c)} child=${c.getRegister(S1)}`))
      .sys(Sys.exit_group, 0)
      .label("child")
      .sys(Sys.getpid)
      .host((c) => log.push(`child getpid=${a0(c)}`))
      .sys(Sys.getppid)
      .host((c) => log.push(`child getppid=${a0(c)}`))
      .sys(Sys.exit_group, 7 + 256);
    const h = createHarness({ kind, scripts: { main: main.steps } });
    const before = h.snapshot();
    const program = h.start("main");
    const leader = program.process.leader!;
    h.poke(leader, DATA, new Uint8Array(128).fill(0xaa));
    expect((await h.shim.run()).kind).toBe("completed");
    expect(log).toEqual(["child getpid=3", "child getppid=2", "parent waitid=0 child=3"]);
    expect(await program.exited).toBe(exitedStatus(0));
    expect(h.snapshot()).toEqual(before);
  });

  it("waitid siginfo bytes: signo, errno, code, pid, uid, status, and nothing beyond", async () => {
    const h = createHarness({ kind, scripts: { idle: new Script().spin().steps } });
    const parent = h.start("idle").process.leader!;
    h.poke(parent, DATA, new Uint8Array(128).fill(0xaa));
    const child = await h.call(parent, Sys.clone, FORK, 0, 0, 0, 0);
    const childThread = h.shim.processes.process(child)!.leader!;
    await h.call(childThread, Sys.exit_group, 3);
    expect(await h.call(parent, Sys.waitid, IdType.P_ALL, 0, DATA, WaitOption.WEXITED)).toBe(0);
    expect(readSiginfo(h, parent)).toEqual([Signal.SIGCHLD, 0, SiCode.CLD_EXITED, child, 0, 3]);
    expect([...h.peek(parent, DATA + 24, 104)].every((b) => b === 0xaa)).toBe(true);
    expect(h.litebox.processRegistry().withContext(h.shim.processes.process(child)?.pid ?? (child as never), () => 1)).toBeUndefined();
  });

  it("waitid errors and flags: EINVAL, ECHILD, EBADF, WNOHANG, WNOWAIT, EFAULT — infop zeroed even on errors", async () => {
    const h = createHarness({ kind, scripts: { idle: new Script().spin().steps } });
    const parent = h.start("idle").process.leader!;
    const fill = (): void => h.poke(parent, DATA, new Uint8Array(24).fill(0xaa));
    fill();
    expect(await h.call(parent, Sys.waitid, IdType.P_ALL, 0, DATA, WaitOption.WEXITED)).toBe(-Errno.ECHILD);
    expect(readSiginfo(h, parent)).toEqual([0, 0, 0, 0, 0, 0]);
    expect(await h.call(parent, Sys.waitid, IdType.P_ALL, 0, DATA, 0)).toBe(-Errno.EINVAL);
    expect(await h.call(parent, Sys.waitid, IdType.P_ALL, 0, DATA, WaitOption.WEXITED | 0x10)).toBe(-Errno.EINVAL);
    expect(await h.call(parent, Sys.waitid, 7, 0, DATA, WaitOption.WEXITED)).toBe(-Errno.EINVAL);
    expect(await h.call(parent, Sys.waitid, IdType.P_PID, 0, DATA, WaitOption.WEXITED)).toBe(-Errno.EINVAL);
    expect(await h.call(parent, Sys.waitid, IdType.P_PGID, -1, DATA, WaitOption.WEXITED)).toBe(-Errno.EINVAL);
    expect(await h.call(parent, Sys.waitid, IdType.P_PIDFD, 3, DATA, WaitOption.WEXITED)).toBe(-Errno.EBADF);
    expect(await h.call(parent, Sys.waitid, IdType.P_PIDFD, -1, DATA, WaitOption.WEXITED)).toBe(-Errno.EINVAL);
    expect(await h.call(parent, Sys.waitid, IdType.P_ALL, 0, 0x10, WaitOption.WEXITED)).toBe(-Errno.EFAULT);
    expect(await h.call(parent, Sys.waitid, IdType.P_ALL, 0, 0, WaitOption.WEXITED)).toBe(-Errno.ECHILD);

    const child = await h.call(parent, Sys.clone, FORK, 0, 0, 0, 0);
    fill();
    expect(await h.call(parent, Sys.waitid, IdType.P_ALL, 0, DATA, WaitOption.WEXITED | WaitOption.WNOHANG)).toBe(0);
    expect(readSiginfo(h, parent)).toEqual([0, 0, 0, 0, 0, 0]);
    expect(await h.call(parent, Sys.waitid, IdType.P_PID, child + 1, DATA, WaitOption.WEXITED)).toBe(-Errno.ECHILD);
    // A child with a non-SIGCHLD exit signal is a "clone child": invisible without __WCLONE / __WALL.
    expect(await h.call(parent, Sys.waitid, IdType.P_PID, child, DATA, WaitOption.WEXITED | WaitOption.__WCLONE)).toBe(-Errno.ECHILD);
    await h.call(h.shim.processes.process(child)!.leader!, Sys.exit_group, 5);
    for (let i = 0; i < 2; i++) {
      fill();
      expect(await h.call(parent, Sys.waitid, IdType.P_PID, child, DATA, WaitOption.WEXITED | WaitOption.WNOWAIT)).toBe(0);
      expect(readSiginfo(h, parent)).toEqual([Signal.SIGCHLD, 0, SiCode.CLD_EXITED, child, 0, 5]);
    }
    expect(await h.call(parent, Sys.waitid, IdType.P_PGID, 0, DATA, WaitOption.WEXITED | WaitOption.__WALL)).toBe(0);
    expect(await h.call(parent, Sys.waitid, IdType.P_ALL, 0, DATA, WaitOption.WEXITED)).toBe(-Errno.ECHILD);
  });

  it("a blocked waitid wakes when the child exits; kill(SIGKILL) of a spinning child is reported as CLD_KILLED", async () => {
    const log: string[] = [];
    const main = new Script()
      .sys(Sys.clone, FORK, 0, 0, 0, 0)
      .branch((c) => a0(c) === 0, "child")
      .save(S1)
      .sys(Sys.waitid, IdType.P_PID, (c) => c.getRegister(S1), DATA, WaitOption.WEXITED | WaitOption.WNOHANG, 0)
      .host((c) => log.push(`nohang=${a0(c)}`))
      .sys(Sys.kill, (c) => c.getRegister(S1), Signal.SIGKILL)
      .host((c) => log.push(`kill=${a0(c)}`))
      .sys(Sys.kill, (c) => c.getRegister(S1), 0)
      .host((c) => log.push(`kill zombie=${a0(c)}`))
      .sys(Sys.waitid, IdType.P_ALL, 0, DATA, WaitOption.WEXITED, 0)
      .host((c) => log.push(`waitid=${a0(c)}`))
      .host(() => (siginfo = readSiginfo(h, program.process.leader!)))
      .sys(Sys.kill, (c) => c.getRegister(S1), 0)
      .host((c) => log.push(`kill reaped=${a0(c)}`))
      .sys(Sys.exit_group, 0)
      .label("child")
      .spin();
    let siginfo: number[] = [];
    const h = createHarness({ kind, scripts: { main: main.steps }, quantum: 100 });
    const program = h.start("main");
    expect((await h.shim.run()).kind).toBe("completed");
    expect(log).toEqual(["nohang=0", "kill=0", "kill zombie=0", "waitid=0", `kill reaped=${-Errno.ESRCH}`]);
    expect(siginfo).toEqual([Signal.SIGCHLD, 0, SiCode.CLD_KILLED, 3, 0, Signal.SIGKILL]);
    expect(await program.exited).toBe(exitedStatus(0));
  });

  it("orphans are reparented to init and reaped there; an orphaned zombie is reaped at its parent's exit", async () => {
    const log: string[] = [];
    const main = new Script()
      .sys(Sys.clone, FORK, 0, 0, 0, 0)
      .branch((c) => a0(c) === 0, "child")
      .sys(Sys.clone, FORK, 0, 0, 0, 0)
      .branch((c) => a0(c) === 0, "zombie")
      .sys(Sys.exit_group, 0)
      .label("zombie")
      .sys(Sys.exit_group, 4)
      .label("child")
      .sys(Sys.sched_yield)
      .sys(Sys.getppid)
      .branch((c) => a0(c) !== 1, "child")
      .host((c) => log.push(`orphan ppid=${a0(c)}`))
      .sys(Sys.exit_group, 9);
    const h = createHarness({ kind, scripts: { main: main.steps } });
    const before = h.snapshot();
    h.start("main");
    expect((await h.shim.run()).kind).toBe("completed");
    expect(log).toEqual(["orphan ppid=1"]);
    expect(h.snapshot()).toEqual(before);
    expect(h.traces.filter((t) => !t.includes("sched_yield"))).toEqual([]);
  });

  it("threads: own tid, same pid, PARENT_SETTID and SETTLS; CLONE_CHILD_CLEARTID clears the word at thread exit; exit_group ends all", async () => {
    const log: string[] = [];
    const TID = DATA + 0x100;
    const CTID = DATA + 0x104;
    const main = new Script()
      .sys(Sys.clone, THREAD_FLAGS, DATA + 0x1000, TID, 0x7777, CTID)
      .branch((c) => a0(c) === 0, "thread")
      .save(S1)
      .label("wait")
      .sys(Sys.sched_yield)
      .host((c) => c.setRegister(S2, 0))
      .branch(() => threadDone === false, "wait")
      .host((c) => log.push(`parent: clone=${c.getRegister(S1) > 0} pid-distinct`))
      .sys(Sys.clone, THREAD_FLAGS, DATA + 0x2000, TID, 0, CTID)
      .branch((c) => a0(c) === 0, "spinner")
      .sys(Sys.exit_group, 1)
      .label("thread")
      .sys(Sys.gettid)
      .host((c) => log.push(`thread: tid!=pid ${a0(c) !== 2} sp=${c.getRegister(2).toString(16)} tp=${c.getRegister(4).toString(16)}`))
      .sys(Sys.getpid)
      .host((c) => log.push(`thread: getpid=${a0(c)}`))
      .host(() => (threadDone = true))
      .sys(Sys.exit, 0)
      .label("spinner")
      .spin();
    let threadDone = false;
    const h = createHarness({ kind, scripts: { main: main.steps }, quantum: 50 });
    const before = h.snapshot();
    const program = h.start("main");
    const leader = program.process.leader!;
    h.poke(leader, CTID, new Uint8Array([1, 1, 1, 1]));
    const words: number[] = [];
    const orig = h.shim.exitThread.bind(h.shim);
    h.shim.exitThread = (t, s) => {
      orig(t, s);
      words.push(new DataView(h.peek(leader, CTID, 4).buffer).getUint32(0, true));
    };
    expect((await h.shim.run()).kind).toBe("completed");
    expect(log).toEqual([
      `thread: tid!=pid true sp=${(DATA + 0x1000).toString(16)} tp=7777`,
      "thread: getpid=2",
      "parent: clone=true pid-distinct",
    ]);
    expect(words).toEqual([0]);
    expect(await program.exited).toBe(exitedStatus(1));
    expect(h.snapshot()).toEqual(before);
  });

  it("vfork: the parent resumes only after the child exits", async () => {
    const log: string[] = [];
    const main = new Script()
      .sys(Sys.clone, CloneFlag.CLONE_VM | CloneFlag.CLONE_VFORK | Signal.SIGCHLD, DATA + 0x3000, 0, 0, 0)
      .branch((c) => a0(c) === 0, "child")
      .host(() => log.push("parent resumed"))
      .sys(Sys.waitid, IdType.P_ALL, 0, DATA, WaitOption.WEXITED, 0)
      .host((c) => log.push(`waitid=${a0(c)}`))
      .sys(Sys.exit_group, 0)
      .label("child")
      .host(() => log.push("child runs"))
      .sys(Sys.sched_yield)
      .sys(Sys.sched_yield)
      .host(() => log.push("child exits"))
      .sys(Sys.exit_group, 2);
    const h = createHarness({ kind, scripts: { main: main.steps } });
    const before = h.snapshot();
    h.start("main");
    expect((await h.shim.run()).kind).toBe("completed");
    expect(log).toEqual(["child runs", "child exits", "parent resumed", "waitid=0"]);
    expect(h.snapshot()).toEqual(before);
  });

  it("clone flag errors are Linux's", async () => {
    const h = createHarness({ kind, scripts: { idle: new Script().spin().steps } });
    const t = h.start("idle").process.leader!;
    expect(await h.call(t, Sys.clone, CloneFlag.CLONE_THREAD | CloneFlag.CLONE_VM)).toBe(-Errno.EINVAL);
    expect(await h.call(t, Sys.clone, CloneFlag.CLONE_SIGHAND)).toBe(-Errno.EINVAL);
    expect(await h.call(t, Sys.clone, CloneFlag.CLONE_NEWNS | CloneFlag.CLONE_FS)).toBe(-Errno.EINVAL);
    expect(await h.call(t, Sys.clone, CloneFlag.CLONE_NEWPID | FORK)).toBe(-Errno.EINVAL);
    expect(await h.call(t, Sys.clone, CloneFlag.CLONE_FILES | FORK)).toBe(-Errno.EINVAL);
    expect(h.litebox.processRegistry().processCount()).toBe(2);
  });
});

describe("process groups and sessions", () => {
  it("setpgid / getpgid / setsid / getsid results and errors", async () => {
    const h = createHarness({ scripts: { idle: new Script().spin().steps, other: new Script().spin().steps } });
    const p = h.start("idle").process.leader!;
    // PID 2 starts in init's group and session, like a child of a non-leader.
    expect(await h.call(p, Sys.getpgid, 0)).toBe(1);
    expect(await h.call(p, Sys.getsid, 0)).toBe(1);
    expect(await h.call(p, Sys.getpgid, 1)).toBe(1);
    expect(await h.call(p, Sys.getpgid, 999)).toBe(-Errno.ESRCH);
    expect(await h.call(p, Sys.getsid, 999)).toBe(-Errno.ESRCH);
    expect(await h.call(p, Sys.setpgid, 0, -1)).toBe(-Errno.EINVAL);
    expect(await h.call(p, Sys.setpgid, 999, 0)).toBe(-Errno.ESRCH);
    expect(await h.call(p, Sys.setpgid, 0, 77)).toBe(-Errno.EPERM); // no group 77 in the session
    const child = await h.call(p, Sys.clone, FORK, 0, 0, 0, 0);
    const c = h.shim.processes.process(child)!.leader!;
    expect(await h.call(p, Sys.setpgid, child, 0)).toBe(0);
    expect(await h.call(c, Sys.getpgid, 0)).toBe(child);
    expect(await h.call(p, Sys.setpgid, 0, child)).toBe(0); // join the child's group
    expect(await h.call(p, Sys.getpgid, 0)).toBe(child);
    expect(await h.call(p, Sys.setsid)).toBe(2);
    expect(await h.call(p, Sys.getsid, 0)).toBe(2);
    expect(await h.call(p, Sys.getpgid, 0)).toBe(2);
    expect(await h.call(p, Sys.setsid)).toBe(-Errno.EPERM); // already a group leader
    expect(await h.call(p, Sys.setpgid, 0, 0)).toBe(-Errno.EPERM); // a session leader
    expect(await h.call(p, Sys.setpgid, child, 0)).toBe(-Errno.EPERM); // child now in another session
    expect(await h.call(c, Sys.setsid)).toBe(-Errno.EPERM); // c leads group `child`
    // A grandchild is not the caller's child: ESRCH. An exec'd child: EACCES.
    const grandchild = await h.call(c, Sys.clone, FORK, 0, 0, 0, 0);
    expect(await h.call(p, Sys.setpgid, grandchild, 0)).toBe(-Errno.ESRCH);
    const g = h.shim.processes.process(grandchild)!.leader!;
    expect(await h.call(c, Sys.setpgid, grandchild, 0)).toBe(0); // same session: its own group
    expect(await h.call(g, Sys.setsid)).toBe(-Errno.EPERM); // now a group leader
    expect(await h.call(c, Sys.setpgid, grandchild, child)).toBe(0); // back into c's group
    expect(await h.call(g, Sys.setsid)).toBe(grandchild);
    expect(await h.call(g, Sys.getsid, 0)).toBe(grandchild);
    expect(await h.call(p, Sys.getsid, grandchild)).toBe(grandchild);
  });
});

void A0;
