/**
 * uname, getrandom, sched_yield, the credential getters, prlimit64, umask, sysinfo, the affinity
 * calls, getcpu and riscv_flush_icache: values and every errno branch.
 */
import { PAGE_SIZE } from "@litebox-ts/core";
import { describe, expect, it } from "vitest";
import { CloneFlag, Errno, GetrandomFlag, MapFlag, ProtFlag, RLIM64_INFINITY, Rlimit, Signal, Sys, UtsnameLayout, type PosixThread } from "../src/index";
import { NR_OPEN, UNAME_RELEASE } from "../src/syscalls/misc";
import { DATA, createHarness, type Harness } from "./support/harness";
import { A0, Script, a0 } from "./support/script-builder";

const BUF = DATA + 0x1000;
const RL = DATA + 0x100;

function setup(kind: "isolated" | "shared", options: { seed?: number; hostname?: string } = {}): { h: Harness; t: PosixThread } {
  const h = createHarness({ kind, scripts: { idle: new Script().spin().steps }, ...options });
  return { h, t: h.start("idle").process.leader! };
}

function field(bytes: Uint8Array, offset: number): string {
  const f = bytes.subarray(offset, offset + UtsnameLayout.FIELD);
  return new TextDecoder().decode(f.subarray(0, f.indexOf(0)));
}

function words(h: Harness, t: PosixThread, at: number, n: number): number[] {
  const v = new DataView(h.peek(t, at, n * 4).buffer);
  return Array.from({ length: n }, (_, i) => v.getUint32(i * 4, true));
}

function writeRlimit(h: Harness, t: PosixThread, at: number, cur: bigint, max: bigint): void {
  const v = new DataView(new ArrayBuffer(16));
  v.setBigUint64(0, cur, true);
  v.setBigUint64(8, max, true);
  h.poke(t, at, new Uint8Array(v.buffer));
}

function readRlimit(h: Harness, t: PosixThread, at: number): [bigint, bigint] {
  const v = new DataView(h.peek(t, at, 16).buffer);
  return [v.getBigUint64(0, true), v.getBigUint64(8, true)];
}

describe.each(["isolated", "shared"] as const)("uname, getrandom, sched_yield on the %s test platform", (kind) => {
  it("uname: Linux, the hostname option, a release glibc accepts, riscv32; every field NUL-terminated; EFAULT", async () => {
    const { h, t } = setup(kind, { hostname: "box" });
    h.poke(t, BUF, new Uint8Array(UtsnameLayout.SIZE).fill(0x7f));
    expect(await h.call(t, Sys.uname, BUF)).toBe(0);
    const u = h.peek(t, BUF, UtsnameLayout.SIZE);
    expect(["sysname", "nodename", "release", "machine", "domainname"].map((f) => field(u, UtsnameLayout[f as "sysname"]))).toEqual([
      "Linux",
      "box",
      UNAME_RELEASE,
      "riscv32",
      "(none)",
    ]);
    expect(field(u, UtsnameLayout.version)).toMatch(/^#1 /);
    for (let i = 0; i < 6; i++) expect(u.subarray(i * 65, (i + 1) * 65).includes(0)).toBe(true);
    expect(await h.call(t, Sys.uname, 0)).toBe(-Errno.EFAULT);
    const { h: h2, t: t2 } = setup(kind);
    await h2.call(t2, Sys.uname, BUF);
    expect(field(h2.peek(t2, BUF, UtsnameLayout.SIZE), UtsnameLayout.nodename)).toBe("litebox");
  });

  it("getrandom: fills and answers the length, differs between draws, is reproducible by seed; flag and pointer errors", async () => {
    const draw = async (seed: number): Promise<number[][]> => {
      const { h, t } = setup(kind, { seed });
      const out: number[][] = [];
      for (let i = 0; i < 2; i++) {
        expect(await h.call(t, Sys.getrandom, BUF, 32, i === 0 ? 0 : GetrandomFlag.GRND_NONBLOCK)).toBe(32);
        out.push([...h.peek(t, BUF, 32)]);
      }
      return out;
    };
    const [a, b] = await draw(1);
    expect(a).not.toEqual(b);
    expect(a!.some((x) => x !== 0)).toBe(true);
    expect(await draw(1)).toEqual([a, b]);
    expect(await draw(2)).not.toEqual([a, b]);
    const { h, t } = setup(kind);
    expect(await h.call(t, Sys.getrandom, BUF, 0, 0)).toBe(0);
    expect(await h.call(t, Sys.getrandom, 0, 0, 0)).toBe(0);
    expect(await h.call(t, Sys.getrandom, 0xffff_fff0, 0, 0)).toBe(-Errno.EFAULT);
    expect(await h.call(t, Sys.getrandom, BUF, 16, 0x80)).toBe(-Errno.EINVAL);
    expect(await h.call(t, Sys.getrandom, BUF, 16, GetrandomFlag.GRND_RANDOM | GetrandomFlag.GRND_INSECURE)).toBe(-Errno.EINVAL);
    expect(await h.call(t, Sys.getrandom, BUF, 16, GetrandomFlag.GRND_RANDOM)).toBe(16);
    expect(await h.call(t, Sys.getrandom, BUF, 16, GetrandomFlag.GRND_INSECURE)).toBe(16);
    expect(await h.call(t, Sys.getrandom, 0, 16, 0)).toBe(-Errno.EFAULT);
    expect(await h.call(t, Sys.getrandom, BUF, 0x8000_0000, 0)).toBe(-Errno.EFAULT);
    // A fault part-way answers what was written: up to the end of the mapped data area.
    const end = DATA + 16 * PAGE_SIZE;
    expect(await h.call(t, Sys.getrandom, end - 10, 100, 0)).toBe(10);
    expect(await h.call(t, Sys.getrandom, end, 100, 0)).toBe(-Errno.EFAULT);
    // A pending signal stops a long fill after a whole page.
    t.guest.interruptLatch.interrupt();
    expect(await h.call(t, Sys.getrandom, DATA, 8 * PAGE_SIZE, 0)).toBe(PAGE_SIZE);
    expect(await h.call(t, Sys.getrandom, DATA + 100, 8 * PAGE_SIZE, 0)).toBe(PAGE_SIZE);
  });

  it("sched_yield answers 0 and lets the other runnable threads go first", async () => {
    const log: string[] = [];
    const main = new Script()
      .sys(Sys.clone, Signal.SIGCHLD, 0, 0, 0, 0)
      .branch((c) => a0(c) === 0, "child")
      .sys(Sys.sched_yield)
      .host((c) => log.push(`parent yield=${c.getRegister(A0)}`))
      .sys(Sys.exit_group, 0)
      .label("child")
      .host(() => log.push("child ran"))
      .sys(Sys.exit_group, 0);
    const h = createHarness({ kind, scripts: { main: main.steps } });
    h.start("main");
    expect((await h.shim.run()).kind).toBe("completed");
    expect(log).toEqual(["child ran", "parent yield=0"]);
  });
});

describe.each(["isolated", "shared"] as const)("credentials, umask, sysinfo and CPUs on the %s test platform", (kind) => {
  it("getuid/geteuid/getgid/getegid; getresuid/getresgid write three ids and stop at the first fault", async () => {
    const { h, t } = setup(kind);
    Object.assign(t.process.credentials, { uid: 1, euid: 2, suid: 3, gid: 4, egid: 5, sgid: 6 });
    const ids: number[] = [];
    for (const nr of [Sys.getuid, Sys.geteuid, Sys.getgid, Sys.getegid]) ids.push(await h.call(t, nr));
    expect(ids).toEqual([1, 2, 4, 5]);
    expect(await h.call(t, Sys.getresuid, BUF, BUF + 4, BUF + 8)).toBe(0);
    expect(words(h, t, BUF, 3)).toEqual([1, 2, 3]);
    expect(await h.call(t, Sys.getresgid, BUF, BUF + 4, BUF + 8)).toBe(0);
    expect(words(h, t, BUF, 3)).toEqual([4, 5, 6]);
    h.poke(t, BUF, new Uint8Array(12));
    expect(await h.call(t, Sys.getresuid, BUF, 0, BUF + 8)).toBe(-Errno.EFAULT);
    expect(words(h, t, BUF, 3)).toEqual([1, 0, 0]);
    expect(await h.call(t, Sys.getresgid, 0, BUF, BUF)).toBe(-Errno.EFAULT);
  });

  it("umask answers the old mask and keeps only the permission bits; a child inherits it", async () => {
    const { h, t } = setup(kind);
    expect(await h.call(t, Sys.umask, 0o777777)).toBe(0o022);
    expect(await h.call(t, Sys.umask, 0o027)).toBe(0o777);
    const pid = await h.call(t, Sys.clone, Signal.SIGCHLD, 0, 0, 0, 0);
    expect(await h.call(h.shim.processes.process(pid)!.leader!, Sys.umask, 0)).toBe(0o027);
  });

  it("sysinfo: uptime rounded up, this process's memory, the thread count, mem_unit 1; EFAULT", async () => {
    const { h, t } = setup(kind);
    h.poke(t, BUF, new Uint8Array(64).fill(0xee));
    expect(await h.call(t, Sys.sysinfo, BUF)).toBe(0);
    const w = words(h, t, BUF, 16);
    expect(w[0]).toBe(60);
    expect(w[4]).toBe(kind === "isolated" ? 64 * 1024 * 1024 - PAGE_SIZE : 64 * 1024 * 1024);
    expect(w[5]).toBeLessThan(w[4]!);
    expect(w[10]! & 0xffff).toBe(1);
    expect(w[13]).toBe(1);
    expect(w.slice(14)).toEqual([0, 0]);
    expect(await h.call(t, Sys.sysinfo, 0)).toBe(-Errno.EFAULT);
  });

  it("one CPU: sched_getaffinity answers cpumask_size() bytes with CPU 0; setaffinity needs it; getcpu is 0; errors", async () => {
    const { h, t } = setup(kind);
    h.poke(t, BUF, new Uint8Array(16).fill(0xee));
    expect(await h.call(t, Sys.sched_getaffinity, 0, 64, BUF)).toBe(4);
    expect([...h.peek(t, BUF, 5)]).toEqual([1, 0, 0, 0, 0xee]);
    expect(await h.call(t, Sys.sched_getaffinity, t.tid, 4, BUF)).toBe(4);
    expect(await h.call(t, Sys.sched_getaffinity, 1, 4, BUF)).toBe(4);
    expect(await h.call(t, Sys.sched_getaffinity, 0, 0, BUF)).toBe(-Errno.EINVAL);
    expect(await h.call(t, Sys.sched_getaffinity, 0, 6, BUF)).toBe(-Errno.EINVAL);
    expect(await h.call(t, Sys.sched_getaffinity, 0, 0x2000_0000, BUF)).toBe(-Errno.EINVAL);
    expect(await h.call(t, Sys.sched_getaffinity, 4000, 4, BUF)).toBe(-Errno.ESRCH);
    expect(await h.call(t, Sys.sched_getaffinity, 0, 4, 0)).toBe(-Errno.EFAULT);
    h.poke(t, BUF, new Uint8Array([1, 0, 0, 0]));
    expect(await h.call(t, Sys.sched_setaffinity, 0, 4, BUF)).toBe(0);
    expect(await h.call(t, Sys.sched_setaffinity, 0, 1, BUF)).toBe(0);
    h.poke(t, BUF, new Uint8Array([2, 0, 0, 0]));
    expect(await h.call(t, Sys.sched_setaffinity, 0, 4, BUF)).toBe(-Errno.EINVAL);
    expect(await h.call(t, Sys.sched_setaffinity, 0, 0, BUF)).toBe(-Errno.EINVAL);
    expect(await h.call(t, Sys.sched_setaffinity, 0, 4, 0)).toBe(-Errno.EFAULT);
    expect(await h.call(t, Sys.sched_setaffinity, 4000, 4, BUF)).toBe(-Errno.ESRCH);
    h.poke(t, BUF, new Uint8Array(8).fill(0xee));
    expect(await h.call(t, Sys.getcpu, BUF, BUF + 4, 0)).toBe(0);
    expect(words(h, t, BUF, 2)).toEqual([0, 0]);
    expect(await h.call(t, Sys.getcpu, 0, 0, 0)).toBe(0);
    expect(await h.call(t, Sys.getcpu, BUF, 0x10, 0)).toBe(-Errno.EFAULT);
    expect(await h.call(t, Sys.riscv_flush_icache, 0, 0xffff_ffff, 1)).toBe(0);
    expect(await h.call(t, Sys.riscv_flush_icache, 0, 0, 2)).toBe(-Errno.EINVAL);
  });
});

describe.each(["isolated", "shared"] as const)("prlimit64 on the %s test platform", (kind) => {
  it("reads and sets; RLIMIT_NOFILE bounds descriptor numbers at once; a child inherits; values from 2^32 − 1 are infinity", async () => {
    const { h, t } = setup(kind);
    expect(await h.call(t, Sys.prlimit64, 0, Rlimit.RLIMIT_NOFILE, 0, RL)).toBe(0);
    const [cur, max] = readRlimit(h, t, RL);
    expect(cur).toBe(BigInt(t.process.files.limit));
    expect(cur <= max).toBe(true);
    writeRlimit(h, t, RL, 16n, max);
    expect(await h.call(t, Sys.prlimit64, 0, Rlimit.RLIMIT_NOFILE, RL, RL + 16)).toBe(0);
    expect(readRlimit(h, t, RL + 16)).toEqual([cur, max]);
    expect(t.process.files.limit).toBe(16);
    expect(await h.call(t, Sys.dup3, 0, 16, 0)).toBe(-Errno.EBADF);
    expect(await h.call(t, Sys.dup3, 0, 15, 0)).toBe(15);
    const pid = await h.call(t, Sys.clone, Signal.SIGCHLD, 0, 0, 0, 0);
    const child = h.shim.processes.process(pid)!.leader!;
    expect(await h.call(child, Sys.prlimit64, 0, Rlimit.RLIMIT_NOFILE, 0, RL)).toBe(0);
    expect(readRlimit(h, child, RL)[0]).toBe(16n);
    // The parent reads and sets the child's limits by pid.
    writeRlimit(h, t, RL, 0x1_0000_0000n, 0xffff_ffffn);
    expect(await h.call(t, Sys.prlimit64, pid, Rlimit.RLIMIT_STACK, RL, 0)).toBe(0);
    expect(await h.call(t, Sys.prlimit64, pid, Rlimit.RLIMIT_STACK, 0, RL)).toBe(0);
    expect(readRlimit(h, t, RL)).toEqual([RLIM64_INFINITY, RLIM64_INFINITY]);
    expect(child.process.limits.get(Rlimit.RLIMIT_STACK).cur).toBe(RLIM64_INFINITY);
    // Soft 2^40 and hard 2^33 are both infinity on a 32-bit kernel: equal, so accepted.
    writeRlimit(h, t, RL, 1n << 40n, 1n << 33n);
    expect(await h.call(t, Sys.prlimit64, 0, Rlimit.RLIMIT_CORE, RL, 0)).toBe(0);
    // Init's limits exist too.
    expect(await h.call(t, Sys.prlimit64, 1, Rlimit.RLIMIT_NOFILE, 0, RL)).toBe(0);
  });

  it("errors in Linux's order: EFAULT (new), ESRCH, EPERM (other user), EINVAL (resource, soft > hard), EPERM (nr_open, raising as non-root), EFAULT (old, after setting)", async () => {
    const { h, t } = setup(kind);
    writeRlimit(h, t, RL, 32n, 16n);
    expect(await h.call(t, Sys.prlimit64, 4000, 99, 0x10, 0)).toBe(-Errno.EFAULT);
    expect(await h.call(t, Sys.prlimit64, 4000, 99, RL, 0)).toBe(-Errno.ESRCH);
    expect(await h.call(t, Sys.prlimit64, -5, 0, 0, RL)).toBe(-Errno.ESRCH);
    expect(await h.call(t, Sys.prlimit64, 0, 99, RL, 0)).toBe(-Errno.EINVAL);
    expect(await h.call(t, Sys.prlimit64, 0, 16, 0, RL + 32)).toBe(-Errno.EINVAL);
    expect(await h.call(t, Sys.prlimit64, 0, Rlimit.RLIMIT_NOFILE, RL, 0)).toBe(-Errno.EINVAL);
    writeRlimit(h, t, RL, 1024n, BigInt(NR_OPEN) + 1n);
    expect(await h.call(t, Sys.prlimit64, 0, Rlimit.RLIMIT_NOFILE, RL, 0)).toBe(-Errno.EPERM);
    writeRlimit(h, t, RL, RLIM64_INFINITY, RLIM64_INFINITY);
    expect(await h.call(t, Sys.prlimit64, 0, Rlimit.RLIMIT_NOFILE, RL, 0)).toBe(-Errno.EPERM);
    writeRlimit(h, t, RL, 64n, 128n);
    expect(await h.call(t, Sys.prlimit64, 0, Rlimit.RLIMIT_NOFILE, RL, 0x10)).toBe(-Errno.EFAULT);
    expect(t.process.limits.get(Rlimit.RLIMIT_NOFILE).cur).toBe(64n);
    // Root may raise a hard limit; another user may not, nor touch someone else's process.
    writeRlimit(h, t, RL, 64n, 256n);
    expect(await h.call(t, Sys.prlimit64, 0, Rlimit.RLIMIT_NOFILE, RL, 0)).toBe(0);
    const pid = await h.call(t, Sys.clone, Signal.SIGCHLD, 0, 0, 0, 0);
    Object.assign(t.process.credentials, { uid: 1000, euid: 1000, suid: 1000, gid: 1000, egid: 1000, sgid: 1000 });
    writeRlimit(h, t, RL, 64n, 512n);
    expect(await h.call(t, Sys.prlimit64, 0, Rlimit.RLIMIT_NOFILE, RL, 0)).toBe(-Errno.EPERM);
    writeRlimit(h, t, RL, 32n, 128n);
    expect(await h.call(t, Sys.prlimit64, 0, Rlimit.RLIMIT_NOFILE, RL, 0)).toBe(0);
    expect(await h.call(t, Sys.prlimit64, pid, Rlimit.RLIMIT_NOFILE, 0, RL)).toBe(-Errno.EPERM);
    const child = h.shim.processes.process(pid)!;
    Object.assign(child.credentials, { uid: 1000, euid: 1000, suid: 1000, gid: 1000, egid: 1000, sgid: 1000 });
    expect(await h.call(t, Sys.prlimit64, pid, Rlimit.RLIMIT_NOFILE, 0, RL)).toBe(0);
  });

  it("RLIMIT_NPROC stops fork; RLIMIT_AS stops mmap", async () => {
    const { h, t } = setup(kind);
    writeRlimit(h, t, RL, 1n, 1n);
    expect(await h.call(t, Sys.prlimit64, 0, Rlimit.RLIMIT_NPROC, RL, 0)).toBe(0);
    expect(await h.call(t, Sys.clone, Signal.SIGCHLD, 0, 0, 0, 0)).toBe(-Errno.EAGAIN);
    expect(await h.call(t, Sys.clone, CloneFlag.CLONE_VM | CloneFlag.CLONE_THREAD | CloneFlag.CLONE_SIGHAND, 0, 0, 0, 0)).toBe(-Errno.EAGAIN);
    writeRlimit(h, t, RL, 0n, RLIM64_INFINITY);
    expect(await h.call(t, Sys.prlimit64, 0, Rlimit.RLIMIT_AS, RL, 0)).toBe(0);
    const flags = MapFlag.MAP_PRIVATE | MapFlag.MAP_ANONYMOUS;
    expect(await h.call(t, Sys.mmap2, 0, PAGE_SIZE, ProtFlag.PROT_READ, flags, -1, 0)).toBe(-Errno.ENOMEM);
  });
});
