import { describe, expect, it } from "vitest";
import { Prot } from "@litebox-ts/core";
import { CloneFlag, Errno, IdType, Rlimit, SigHandler, Signal, Sys, WaitOption, exitedStatus, type PosixThread } from "../src/index";
import { DATA, createHarness, type Harness } from "./support/harness";
import { S1, Script, a0 } from "./support/script-builder";

const FORK = Signal.SIGCHLD;
const encoder = new TextEncoder();

/** Writes a path, an argv array and an envp array into DATA; returns their addresses. */
function pokeExecArgs(h: Harness, t: PosixThread, path: string, argv: string[], envp: string[] = []): [number, number, number] {
  let at = DATA + 0x800;
  const put = (s: string): number => {
    const a = at;
    h.poke(t, a, encoder.encode(`${s}\0`));
    at += s.length + 1;
    return a;
  };
  const pathAt = put(path);
  const vec = (strings: string[], base: number): number => {
    const words = new Uint32Array(strings.length + 1);
    strings.forEach((s, i) => (words[i] = put(s)));
    h.poke(t, base, new Uint8Array(words.buffer));
    return base;
  };
  return [pathAt, vec(argv, DATA + 0x400), vec(envp, DATA + 0x600)];
}

/** Reads argc, argv and envp from a fresh image's initial stack. */
function readArgs(h: Harness, t: PosixThread): { argv: string[]; envp: string[] } {
  const sp = t.cpu.getRegister(2);
  const word = (a: number): number => new DataView(h.peek(t, a, 4).buffer).getUint32(0, true);
  const str = (a: number): string => {
    const bytes: number[] = [];
    for (let b = h.peek(t, a, 1)[0]!; b !== 0; b = h.peek(t, a + bytes.length, 1)[0]!) bytes.push(b);
    return new TextDecoder().decode(new Uint8Array(bytes));
  };
  const argc = word(sp);
  const argv = Array.from({ length: argc }, (_, i) => str(word(sp + 4 + 4 * i)));
  const envp: string[] = [];
  for (let p = sp + 8 + 4 * argc; word(p) !== 0; p += 4) envp.push(str(word(p)));
  return { argv, envp };
}

describe.each(["isolated", "shared"] as const)("execve on the %s test platform", (kind) => {
  it("replaces the image: same pid, argv and envp passed, registers reset, caught handlers reset, ignored kept", async () => {
    const log: string[] = [];
    const scripts = {
      first: new Script().spin().steps,
      second: new Script()
        .host((c) => log.push(`second: a0=${c.getRegister(10)} tp=${c.getRegister(4)}`))
        .sys(Sys.getpid)
        .host((c) => log.push(`second: pid=${a0(c)}`))
        .sys(Sys.exit_group, 0).steps,
    };
    const h = createHarness({ kind, scripts });
    const program = h.start("first");
    const t = program.process.leader!;
    const actions = program.process.signalActions;
    actions.get(Signal.SIGUSR1).handler = 0x1234;
    actions.get(Signal.SIGUSR2).handler = SigHandler.SIG_IGN;
    t.cpu.setRegister(4, 99);
    const oldSpace = program.process.space;
    const [path, argv, envp] = pokeExecArgs(h, t, "/bin/second", ["second", "a b", ""], ["X=1"]);
    expect(await h.call(t, Sys.execve, path, argv, envp)).toBe(0); // a0 is 0 in a fresh image
    expect(program.process.space).not.toBe(oldSpace);
    expect(program.process.executable).toBe("/bin/second");
    expect(readArgs(h, t)).toEqual({ argv: ["second", "a b", ""], envp: ["X=1"] });
    expect(program.process.signalActions.get(Signal.SIGUSR1).handler).toBe(SigHandler.SIG_DFL);
    expect(program.process.signalActions.get(Signal.SIGUSR2).handler).toBe(SigHandler.SIG_IGN);
    expect(h.platform.cpuAddressSpace(t.cpu)).toBe(program.process.space.id);
    expect((await h.shim.run()).kind).toBe("completed");
    expect(log).toEqual(["second: a0=0 tp=0", "second: pid=2"]);
    expect(await program.exited).toBe(exitedStatus(0));
  });

  it("fails before the point of no return with the old image intact: ENOENT, ENOTDIR, ENOEXEC, EFAULT, ENAMETOOLONG, E2BIG", async () => {
    const h = createHarness({ kind, scripts: { first: new Script().spin().steps } });
    h.programs.add("/bin/junk", new Uint8Array([0x7f, 0x45]));
    const program = h.start("first");
    const t = program.process.leader!;
    const space = program.process.space;
    const before = h.snapshot();
    const attempt = async (path: string, argv: string[] = [path]): Promise<number> => {
      const [p, a] = pokeExecArgs(h, t, path, argv);
      return h.call(t, Sys.execve, p, a, 0);
    };
    expect(await attempt("/bin/none")).toBe(-Errno.ENOENT);
    expect(await attempt("")).toBe(-Errno.ENOENT);
    expect(await attempt("/bin/first/x")).toBe(-Errno.ENOTDIR);
    expect(await attempt("/bin/junk")).toBe(-Errno.ENOEXEC);
    expect(await h.call(t, Sys.execve, 0x10, 0, 0)).toBe(-Errno.EFAULT);
    const [p] = pokeExecArgs(h, t, "/bin/first", []);
    expect(await h.call(t, Sys.execve, p, 0x10, 0)).toBe(-Errno.EFAULT);
    // A path of 4096 bytes without NUL within PATH_MAX: ENAMETOOLONG.
    h.poke(t, DATA + 0x2000, new Uint8Array(4200).fill(0x61));
    h.poke(t, DATA + 0x2000 + 4200, new Uint8Array(1));
    expect(await h.call(t, Sys.execve, DATA + 0x2000, 0, 0)).toBe(-Errno.ENAMETOOLONG);
    // One argument longer than MAX_ARG_STRLEN (128 KiB): E2BIG.
    const big = 0x0030_0000;
    h.platform.mapPages(space.id as number, big, 0x30000, Prot.Read | Prot.Write);
    h.poke(t, big, new Uint8Array(0x20010).fill(0x62));
    h.poke(t, big + 0x20010, new Uint8Array(1));
    h.poke(t, DATA + 0x300, new Uint8Array(new Uint32Array([big, 0]).buffer));
    expect(await h.call(t, Sys.execve, p, DATA + 0x300, 0)).toBe(-Errno.E2BIG);
    // Many arguments beyond a quarter of a small stack limit: E2BIG.
    program.process.limits.get(Rlimit.RLIMIT_STACK).cur = 4096n;
    h.poke(t, big + 0x20010, new Uint8Array([0x62, 0]));
    const many = new Uint32Array(40).fill(big + 0x1f000);
    many[39] = 0;
    h.poke(t, DATA + 0x300, new Uint8Array(many.buffer));
    expect(await h.call(t, Sys.execve, p, DATA + 0x300, 0)).toBe(-Errno.E2BIG);
    h.platform.unmapPages(space.id as number, big, 0x30000);
    expect(program.process.space).toBe(space);
    expect(program.process.state).toBe("running");
    expect(h.snapshot()).toEqual(before);
  });

  it("rolls back when the platform refuses the new space or its pages: ENOMEM, old image intact, nothing leaked", async () => {
    for (const op of ["createAddressSpace", "mapPages"] as const) {
      for (let n = 1; n <= 3; n++) {
        const h = createHarness({ kind, scripts: { first: new Script().spin().steps, second: new Script().spin().steps } });
        const program = h.start("first");
        const t = program.process.leader!;
        const [p, a] = pokeExecArgs(h, t, "/bin/second", ["second"]);
        const space = program.process.space;
        const before = h.snapshot();
        h.platform.failOnCall(op, n);
        const r = await h.call(t, Sys.execve, p, a, 0);
        if (r === 0) {
          expect(op === "createAddressSpace" ? n : 0).toBeGreaterThan(1);
          continue;
        }
        expect(r).toBe(-Errno.ENOMEM);
        expect(program.process.space).toBe(space);
        expect(h.snapshot()).toEqual(before);
      }
    }
  });

  it("a non-leader thread's execve kills the other threads and takes the pid as its tid; a vfork parent is released by exec", async () => {
    const log: string[] = [];
    const THREAD = CloneFlag.CLONE_VM | CloneFlag.CLONE_SIGHAND | CloneFlag.CLONE_THREAD;
    const scripts = {
      first: new Script()
        .sys(Sys.clone, THREAD, DATA + 0x2000, 0, 0, 0)
        .branch((c) => a0(c) === 0, "thread")
        .spin()
        .label("thread")
        .sys(Sys.execve, DATA + 0x800, DATA + 0x400, 0)
        .host((c) => log.push(`exec failed ${a0(c)}`)).steps,
      second: new Script()
        .host(() => void pokeExecArgs(h, t, "/bin/third", ["third"]))
        .sys(Sys.gettid)
        .host((c) => log.push(`second: tid=${a0(c)}`))
        .sys(Sys.clone, CloneFlag.CLONE_VM | CloneFlag.CLONE_VFORK | FORK, DATA + 0x3000, 0, 0, 0)
        .branch((c) => a0(c) === 0, "child")
        .host(() => log.push("vfork parent resumed"))
        .sys(Sys.waitid, IdType.P_ALL, 0, DATA, WaitOption.WEXITED, 0)
        .sys(Sys.exit_group, 3)
        .label("child")
        .host(() => log.push("vfork child execs"))
        .sys(Sys.execve, DATA + 0x800, DATA + 0x400, 0)
        .host((c) => log.push(`child exec failed ${a0(c)}`))
        .sys(Sys.exit_group, 1).steps,
      third: new Script()
        .host(() => log.push("third runs"))
        .sys(Sys.sched_yield)
        .host(() => log.push("third exits"))
        .sys(Sys.exit_group, 0).steps,
    };
    const h = createHarness({ kind, scripts, quantum: 50 });
    const program = h.start("first");
    const t = program.process.leader!;
    pokeExecArgs(h, t, "/bin/second", ["second"]);
    expect((await h.shim.run()).kind).toBe("completed");
    // The parent resumes only once the child has exec'd; after that the two run in either order.
    expect(log.slice(0, 2)).toEqual(["second: tid=2", "vfork child execs"]);
    expect([...log.slice(2)].sort()).toEqual(["third exits", "third runs", "vfork parent resumed"]);
    expect(await program.exited).toBe(exitedStatus(3));
  });

  it("setpgid on a child that has exec'd is EACCES", async () => {
    const h = createHarness({ kind, scripts: { first: new Script().spin().steps } });
    const t = h.start("first").process.leader!;
    const child = await h.call(t, Sys.clone, FORK, 0, 0, 0, 0);
    const c = h.shim.processes.process(child)!.leader!;
    const [p, a] = pokeExecArgs(h, c, "/bin/first", ["first"]);
    expect(await h.call(c, Sys.execve, p, a, 0)).toBe(0);
    expect(await h.call(t, Sys.setpgid, child, 0)).toBe(-Errno.EACCES);
    void S1;
  });
});
