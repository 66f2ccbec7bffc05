import { describe, expect, it } from "vitest";
import { DescriptorFlags, PIPE_SUBSYSTEM } from "@litebox-ts/core";
import {
  Errno,
  FD_CLOEXEC,
  FcntlCmd,
  HostInput,
  IOV_MAX,
  IdType,
  Ioctl,
  OpenFlag,
  SigHandler,
  Signal,
  Sys,
  WaitOption,
  exitedStatus,
  signaledStatus,
  type PosixThread,
} from "../src/index";
import { DATA, createHarness, type Harness } from "./support/harness";
import { S1, S2, S3, Script, a0 } from "./support/script-builder";

const FDS = DATA + 0x100;
const BUF = DATA + 0x1000;
const FORK = Signal.SIGCHLD;

function idle(h: Harness): PosixThread {
  return h.start("idle").process.leader!;
}

function words(h: Harness, t: PosixThread, at: number, n: number): number[] {
  const v = new DataView(h.peek(t, at, 4 * n).buffer);
  return Array.from({ length: n }, (_, i) => v.getInt32(4 * i, true));
}

async function pipe(h: Harness, t: PosixThread, flags = 0): Promise<[number, number]> {
  expect(await h.call(t, Sys.pipe2, FDS, flags)).toBe(0);
  const [r, w] = words(h, t, FDS, 2);
  return [r!, w!];
}

const scripts = { idle: new Script().spin().steps };

describe.each(["isolated", "shared"] as const)("descriptors and pipes on the %s test platform", (kind) => {
  it("pipe2: flags, EINVAL for others, EFAULT leaves nothing open, EMFILE at the limit", async () => {
    const h = createHarness({ kind, scripts });
    const t = idle(h);
    const before = h.snapshot();
    expect(await h.call(t, Sys.pipe2, FDS, OpenFlag.O_DIRECT)).toBe(-Errno.EINVAL);
    expect(await h.call(t, Sys.pipe2, FDS, 1)).toBe(-Errno.EINVAL);
    expect(await h.call(t, Sys.pipe2, 0x10, 0)).toBe(-Errno.EFAULT);
    expect(h.snapshot()).toEqual(before);
    const [r, w] = await pipe(h, t, OpenFlag.O_CLOEXEC | OpenFlag.O_NONBLOCK);
    expect([r, w]).toEqual([3, 4]);
    expect(await h.call(t, Sys.fcntl64, r, FcntlCmd.F_GETFD)).toBe(FD_CLOEXEC);
    expect(await h.call(t, Sys.fcntl64, r, FcntlCmd.F_GETFL)).toBe(OpenFlag.O_RDONLY | OpenFlag.O_NONBLOCK);
    expect(await h.call(t, Sys.fcntl64, w, FcntlCmd.F_GETFL)).toBe(OpenFlag.O_WRONLY | OpenFlag.O_NONBLOCK);
    t.process.files.limit = 6;
    expect(await h.call(t, Sys.pipe2, FDS, 0)).toBe(-Errno.EMFILE);
    expect(h.litebox.pipes().livePipeCount).toBe(1);
  });

  it("read and write: data through, EAGAIN when empty or full (non-blocking), EBADF on the wrong end or a closed number, ESPIPE", async () => {
    const h = createHarness({ kind, scripts });
    const t = idle(h);
    const [r, w] = await pipe(h, t, OpenFlag.O_NONBLOCK);
    expect(await h.call(t, Sys.read, r, BUF, 10)).toBe(-Errno.EAGAIN);
    h.poke(t, BUF, "hello");
    expect(await h.call(t, Sys.write, w, BUF, 5)).toBe(5);
    expect(await h.call(t, Sys.ioctl, r, Ioctl.FIONREAD, FDS)).toBe(0);
    expect(words(h, t, FDS, 1)).toEqual([5]);
    expect(await h.call(t, Sys.read, r, BUF + 100, 100)).toBe(5);
    expect(new TextDecoder().decode(h.peek(t, BUF + 100, 5))).toBe("hello");
    expect(await h.call(t, Sys.read, w, BUF, 1)).toBe(-Errno.EBADF);
    expect(await h.call(t, Sys.write, r, BUF, 1)).toBe(-Errno.EBADF);
    // Fill the 64 KiB pipe, then one more byte would block.
    let total = 0;
    for (;;) {
      const n = await h.call(t, Sys.write, w, BUF, 4096);
      if (n < 0) {
        expect(n).toBe(-Errno.EAGAIN);
        break;
      }
      total += n;
    }
    expect(total).toBe(65536);
    expect(await h.call(t, Sys.llseek, r, 0, 0, FDS, 0)).toBe(-Errno.ESPIPE);
    expect(await h.call(t, Sys.llseek, r, 0, 0, FDS, 9)).toBe(-Errno.EINVAL);
    expect(await h.call(t, Sys.llseek, 99, 0, 0, FDS, 0)).toBe(-Errno.EBADF);
    expect(await h.call(t, Sys.close, r)).toBe(0);
    expect(await h.call(t, Sys.close, r)).toBe(-Errno.EBADF);
    expect(await h.call(t, Sys.read, r, BUF, 1)).toBe(-Errno.EBADF);
  });

  it("a bad buffer is EFAULT and does not consume pipe data", async () => {
    const h = createHarness({ kind, scripts });
    const t = idle(h);
    const [r, w] = await pipe(h, t);
    h.poke(t, BUF, "abc");
    expect(await h.call(t, Sys.write, w, BUF, 3)).toBe(3);
    expect(await h.call(t, Sys.read, r, 0x10, 3)).toBe(-Errno.EFAULT);
    expect(await h.call(t, Sys.read, r, BUF + 0x100, 0x7fff_ffff)).toBe(-Errno.EFAULT);
    expect(await h.call(t, Sys.write, w, 0x10, 3)).toBe(-Errno.EFAULT);
    expect(await h.call(t, Sys.read, r, BUF + 0x100, 3)).toBe(3);
  });

  it("EPIPE: SIGPIPE kills by default; with SIGPIPE ignored the write answers EPIPE", async () => {
    const h = createHarness({ kind, scripts });
    const program = h.start("idle");
    const t = program.process.leader!;
    const [r, w] = await pipe(h, t);
    await h.call(t, Sys.close, r);
    program.process.signalActions.get(Signal.SIGPIPE).handler = SigHandler.SIG_IGN;
    expect(await h.call(t, Sys.write, w, BUF, 1)).toBe(-Errno.EPIPE);
    expect(program.process.state).toBe("running");
    program.process.signalActions.get(Signal.SIGPIPE).handler = SigHandler.SIG_DFL;
    await h.call(t, Sys.write, w, BUF, 1);
    expect(program.process.state).toBe("reaped");
    expect(await program.exited).toBe(signaledStatus(Signal.SIGPIPE));
    expect(h.litebox.pipes().livePipeCount).toBe(0);
  });

  it("dup clears close-on-exec; dup3: same fd EINVAL, bad flags EINVAL, target beyond the limit EBADF, replaces an open number", async () => {
    const h = createHarness({ kind, scripts });
    const t = idle(h);
    const [r, w] = await pipe(h, t, OpenFlag.O_CLOEXEC);
    const d = await h.call(t, Sys.dup, r);
    expect(d).toBe(5);
    expect(await h.call(t, Sys.fcntl64, d, FcntlCmd.F_GETFD)).toBe(0);
    expect(await h.call(t, Sys.dup, 77)).toBe(-Errno.EBADF);
    expect(await h.call(t, Sys.dup3, r, r, 0)).toBe(-Errno.EINVAL);
    expect(await h.call(t, Sys.dup3, r, 9, 1)).toBe(-Errno.EINVAL);
    expect(await h.call(t, Sys.dup3, r, 1024, 0)).toBe(-Errno.EBADF);
    expect(await h.call(t, Sys.dup3, r, -1, 0)).toBe(-Errno.EBADF);
    expect(await h.call(t, Sys.dup3, 77, 9, 0)).toBe(-Errno.EBADF);
    expect(await h.call(t, Sys.dup3, r, 9, OpenFlag.O_CLOEXEC)).toBe(9);
    expect(await h.call(t, Sys.fcntl64, 9, FcntlCmd.F_GETFD)).toBe(FD_CLOEXEC);
    const end = t.process.files.get(r, PIPE_SUBSYSTEM);
    const readers = (): number => (end.ok ? end.value.object.readerCount : -1);
    expect(readers()).toBe(3);
    expect(await h.call(t, Sys.dup3, w, 9, 0)).toBe(9); // replaces a read-end slot with a write end
    expect(readers()).toBe(2);
    expect(await h.call(t, Sys.dup, 0)).toBe(6);
    t.process.files.limit = 7;
    expect(await h.call(t, Sys.dup, 0)).toBe(-Errno.EMFILE);
  });

  it("fcntl: F_DUPFD(_CLOEXEC), F_GETFD/F_SETFD, F_GETFL/F_SETFL shared by duplicates, EINVAL, EBADF", async () => {
    const h = createHarness({ kind, scripts });
    const t = idle(h);
    const [r] = await pipe(h, t);
    expect(await h.call(t, Sys.fcntl64, r, FcntlCmd.F_DUPFD, 10)).toBe(10);
    expect(await h.call(t, Sys.fcntl64, r, FcntlCmd.F_DUPFD, 10)).toBe(11);
    expect(await h.call(t, Sys.fcntl64, r, FcntlCmd.F_DUPFD_CLOEXEC, 0)).toBe(4 + 1);
    expect(await h.call(t, Sys.fcntl64, 5, FcntlCmd.F_GETFD)).toBe(FD_CLOEXEC);
    expect(await h.call(t, Sys.fcntl64, r, FcntlCmd.F_DUPFD, 1024)).toBe(-Errno.EINVAL);
    expect(await h.call(t, Sys.fcntl64, r, FcntlCmd.F_SETFD, FD_CLOEXEC)).toBe(0);
    expect(t.process.files.getFlags(r)).toEqual({ ok: true, value: DescriptorFlags.CLOSE_ON_EXEC });
    expect(await h.call(t, Sys.fcntl64, r, FcntlCmd.F_SETFD, 0)).toBe(0);
    expect(await h.call(t, Sys.fcntl64, r, FcntlCmd.F_GETFD)).toBe(0);
    // O_NONBLOCK lives in the open file description: a duplicate sees it; O_RDWR can't be set.
    expect(await h.call(t, Sys.fcntl64, r, FcntlCmd.F_SETFL, OpenFlag.O_NONBLOCK | OpenFlag.O_RDWR)).toBe(0);
    expect(await h.call(t, Sys.fcntl64, 10, FcntlCmd.F_GETFL)).toBe(OpenFlag.O_NONBLOCK);
    expect(await h.call(t, Sys.read, 10, BUF, 1)).toBe(-Errno.EAGAIN);
    expect(await h.call(t, Sys.fcntl64, r, FcntlCmd.F_SETFL, 0)).toBe(0);
    expect(await h.call(t, Sys.fcntl64, r, FcntlCmd.F_GETFL)).toBe(OpenFlag.O_RDONLY);
    expect(await h.call(t, Sys.fcntl64, r, FcntlCmd.F_GETPIPE_SZ)).toBe(65536);
    expect(await h.call(t, Sys.fcntl64, 1, FcntlCmd.F_GETPIPE_SZ)).toBe(-Errno.EBADF);
    expect(await h.call(t, Sys.fcntl64, r, 12345)).toBe(-Errno.EINVAL);
    expect(await h.call(t, Sys.fcntl64, 99, FcntlCmd.F_GETFD)).toBe(-Errno.EBADF);
  });

  it("ioctl: FIONBIO, FIOCLEX/FIONCLEX, ENOTTY on a non-terminal, TCGETS on a terminal, EBADF, EFAULT", async () => {
    const h = createHarness({ kind, scripts, stdio: { stdout: { write: () => {}, isTerminal: true } } });
    const t = idle(h);
    const [r] = await pipe(h, t);
    h.poke(t, FDS, new Uint8Array([1, 0, 0, 0]));
    expect(await h.call(t, Sys.ioctl, r, Ioctl.FIONBIO, FDS)).toBe(0);
    expect(await h.call(t, Sys.read, r, BUF, 1)).toBe(-Errno.EAGAIN);
    expect(await h.call(t, Sys.ioctl, r, Ioctl.FIONBIO, 0x10)).toBe(-Errno.EFAULT);
    expect(await h.call(t, Sys.ioctl, r, Ioctl.FIOCLEX, 0)).toBe(0);
    expect(await h.call(t, Sys.fcntl64, r, FcntlCmd.F_GETFD)).toBe(FD_CLOEXEC);
    expect(await h.call(t, Sys.ioctl, r, Ioctl.FIONCLEX, 0)).toBe(0);
    expect(await h.call(t, Sys.fcntl64, r, FcntlCmd.F_GETFD)).toBe(0);
    expect(await h.call(t, Sys.ioctl, r, Ioctl.TCGETS, BUF)).toBe(-Errno.ENOTTY);
    expect(await h.call(t, Sys.ioctl, 2, Ioctl.TCGETS, BUF)).toBe(-Errno.ENOTTY);
    expect(await h.call(t, Sys.ioctl, 1, Ioctl.TCGETS, BUF)).toBe(0);
    expect(await h.call(t, Sys.ioctl, 1, Ioctl.TCGETS, 0x10)).toBe(-Errno.EFAULT);
    expect(await h.call(t, Sys.ioctl, 99, Ioctl.TCGETS, BUF)).toBe(-Errno.EBADF);
  });

  it("readv / writev: gather and scatter, IOV_MAX, huge lengths, bad vectors", async () => {
    const h = createHarness({ kind, scripts });
    const t = idle(h);
    const [r, w] = await pipe(h, t);
    h.poke(t, BUF, "abcdefgh");
    const iov = (at: number, pairs: Array<[number, number]>): number => {
      h.poke(t, at, new Uint8Array(new Uint32Array(pairs.flat()).buffer));
      return at;
    };
    expect(await h.call(t, Sys.writev, w, iov(FDS, [[BUF, 3], [BUF + 5, 0], [BUF + 5, 3]]), 3)).toBe(6);
    expect(await h.call(t, Sys.readv, r, iov(FDS, [[BUF + 0x100, 2], [BUF + 0x200, 10]]), 2)).toBe(6);
    expect(new TextDecoder().decode(h.peek(t, BUF + 0x100, 2))).toBe("ab");
    expect(new TextDecoder().decode(h.peek(t, BUF + 0x200, 4))).toBe("cfgh");
    expect(await h.call(t, Sys.writev, w, FDS, IOV_MAX + 1)).toBe(-Errno.EINVAL);
    expect(await h.call(t, Sys.writev, w, FDS, -1)).toBe(-Errno.EINVAL);
    expect(await h.call(t, Sys.writev, w, iov(FDS, [[BUF, 0x8000_0000]]), 1)).toBe(-Errno.EINVAL);
    expect(await h.call(t, Sys.writev, w, iov(FDS, [[BUF, 0x7fff_ffff], [BUF, 2]]), 2)).toBe(-Errno.EINVAL);
    expect(await h.call(t, Sys.writev, w, 0x10, 1)).toBe(-Errno.EFAULT);
    expect(await h.call(t, Sys.writev, w, iov(FDS, [[0x10, 4]]), 1)).toBe(-Errno.EFAULT);
    expect(await h.call(t, Sys.readv, r, iov(FDS, [[0x10, 4]]), 1)).toBe(-Errno.EFAULT);
    expect(await h.call(t, Sys.writev, w, FDS, 0)).toBe(0);
    expect(await h.call(t, Sys.readv, 99, FDS, 1)).toBe(-Errno.EBADF);
  });

  it("ppoll: readiness bits, POLLNVAL, negative fds, HUP, zero timeout, argument errors, revents written back", async () => {
    const h = createHarness({ kind, scripts });
    const t = idle(h);
    const [r, w] = await pipe(h, t);
    const PFD = DATA + 0x300;
    const TS = DATA + 0x380;
    const pollfds = (list: Array<[number, number]>): void => {
      const b = new DataView(new ArrayBuffer(list.length * 8));
      list.forEach(([fd, ev], i) => {
        b.setInt32(i * 8, fd, true);
        b.setUint16(i * 8 + 4, ev, true);
        b.setUint16(i * 8 + 6, 0xffff, true);
      });
      h.poke(t, PFD, new Uint8Array(b.buffer));
    };
    const revents = (n: number): number[] => Array.from({ length: n }, (_, i) => new DataView(h.peek(t, PFD + i * 8 + 6, 2).buffer).getUint16(0, true));
    h.poke(t, TS, new Uint8Array(16));
    pollfds([[r, 1], [w, 4], [99, 1], [-1, 1]]);
    expect(await h.call(t, Sys.ppoll_time64, PFD, 4, TS, 0, 0)).toBe(2);
    // Only requested bits (plus ERR/HUP) come back: POLLWRNORM was not asked for.
    expect(revents(4)).toEqual([0, 0x4, 0x20, 0]);
    pollfds([[w, 0x104]]);
    expect(await h.call(t, Sys.ppoll_time64, PFD, 1, TS, 0, 0)).toBe(1);
    expect(revents(1)).toEqual([0x104]);
    pollfds([[r, 1], [w, 4], [99, 1], [-1, 1]]);
    h.poke(t, BUF, "x");
    await h.call(t, Sys.write, w, BUF, 1);
    pollfds([[r, 1 | 0x40]]);
    expect(await h.call(t, Sys.ppoll_time64, PFD, 1, TS, 0, 0)).toBe(1);
    expect(revents(1)).toEqual([0x41]);
    await h.call(t, Sys.close, w);
    pollfds([[r, 0]]);
    expect(await h.call(t, Sys.ppoll_time64, PFD, 1, TS, 0, 0)).toBe(1);
    expect(revents(1)).toEqual([0x10]);
    expect(await h.call(t, Sys.ppoll_time64, PFD, 1, 0x10, 0, 0)).toBe(-Errno.EFAULT);
    h.poke(t, TS + 8, new Uint8Array(new Uint32Array([1_000_000_000, 0]).buffer));
    expect(await h.call(t, Sys.ppoll_time64, PFD, 1, TS, 0, 0)).toBe(-Errno.EINVAL);
    h.poke(t, TS, new Uint8Array(16));
    expect(await h.call(t, Sys.ppoll_time64, PFD, 1, TS, BUF, 4)).toBe(-Errno.EINVAL);
    expect(await h.call(t, Sys.ppoll_time64, PFD, 1, TS, 0x10, 8)).toBe(-Errno.EFAULT);
    expect(await h.call(t, Sys.ppoll_time64, PFD, 5000, TS, 0, 0)).toBe(-Errno.EINVAL);
    expect(await h.call(t, Sys.ppoll_time64, 0x10, 1, TS, 0, 0)).toBe(-Errno.EFAULT);
  });

  it("ppoll blocks until another process writes, and times out on the virtual clock writing back the remaining time", async () => {
    const log: string[] = [];
    const PFD = DATA + 0x300;
    const TS = DATA + 0x380;
    const main = new Script()
      .sys(Sys.pipe2, FDS, 0)
      .sys(Sys.clone, FORK, 0, 0, 0, 0)
      .branch((c) => a0(c) === 0, "child")
      .host(() => {
        const b = new DataView(new ArrayBuffer(8));
        b.setInt32(0, 3, true);
        b.setUint16(4, 1, true);
        h.poke(program.process.leader!, PFD, new Uint8Array(b.buffer));
        h.poke(program.process.leader!, TS, new Uint8Array(new Uint32Array([5, 0, 0, 0]).buffer));
      })
      .sys(Sys.ppoll_time64, PFD, 1, TS, 0, 0)
      .host((c) => log.push(`ppoll=${a0(c)} left<5s=${h.peek(program.process.leader!, TS, 1)[0]! < 5}`))
      .sys(Sys.ppoll_time64, PFD, 1, TS, 0, 0) // data still there: at once
      .host((c) => log.push(`again=${a0(c)}`))
      .sys(Sys.read, 3, BUF, 10)
      .host(() => h.poke(program.process.leader!, TS, new Uint8Array(new Uint32Array([0, 0, 1000, 0]).buffer)))
      .sys(Sys.ppoll_time64, PFD, 1, TS, 0, 0)
      .host((c) => log.push(`timeout=${a0(c)} ts=${words(h, program.process.leader!, TS, 4).join(",")}`))
      .sys(Sys.exit_group, 0)
      .label("child")
      .sys(Sys.sched_yield)
      .sys(Sys.write, 4, BUF, 1)
      .sys(Sys.exit_group, 0);
    const h = createHarness({ kind, scripts: { main: main.steps } });
    const program = h.start("main");
    expect((await h.shim.run()).kind).toBe("completed");
    expect(log).toEqual(["ppoll=1 left<5s=true", "again=1", "timeout=0 ts=0,0,0,0"]);
  });

  it("a reader sees EOF only after the last writer in any process exits; exit closes descriptors", async () => {
    const log: string[] = [];
    const main = new Script()
      .sys(Sys.pipe2, FDS, 0)
      .sys(Sys.clone, FORK, 0, 0, 0, 0)
      .branch((c) => a0(c) === 0, "child")
      .sys(Sys.close, 4)
      .label("read")
      .sys(Sys.read, 3, BUF, 100)
      .host((c) => log.push(`read=${a0(c)}`))
      .branch((c) => a0(c) > 0, "read")
      .sys(Sys.waitid, IdType.P_ALL, 0, DATA, WaitOption.WEXITED, 0)
      .sys(Sys.exit_group, 0)
      .label("child")
      .sys(Sys.sched_yield)
      .sys(Sys.sched_yield)
      .sys(Sys.write, 4, BUF, 3)
      .sys(Sys.sched_yield)
      .sys(Sys.exit_group, 0); // exit closes fd 4: the reader gets EOF
    const h = createHarness({ kind, scripts: { main: main.steps } });
    const before = h.snapshot();
    h.start("main");
    expect((await h.shim.run()).kind).toBe("completed");
    expect(log).toEqual(["read=3", "read=0"]);
    expect(h.snapshot()).toEqual(before);
  });

  it("a blocked large write is cut short when the reader closes: the count so far, then SIGPIPE", async () => {
    const log: string[] = [];
    const main = new Script()
      .host((c) => c.setRegister(S3, 0))
      .sys(Sys.pipe2, FDS, 0)
      .sys(Sys.clone, FORK, 0, 0, 0, 0)
      .branch((c) => a0(c) === 0, "child")
      .sys(Sys.close, 3)
      .sys(Sys.write, 4, 0x400000, 0x18000) // 96 KiB into a 64 KiB pipe
      .host((c) => log.push(`write=${a0(c)}`))
      .sys(Sys.write, 4, BUF, 1)
      .host((c) => log.push(`again=${a0(c)}`))
      .sys(Sys.exit_group, 0)
      .label("child")
      .sys(Sys.close, 4)
      .sys(Sys.read, 3, BUF, 100)
      .save(S1)
      .sys(Sys.close, 3)
      .sys(Sys.exit_group, 0);
    const h = createHarness({ kind, scripts: { main: main.steps } });
    const program = h.start("main");
    program.process.signalActions.get(Signal.SIGPIPE).handler = SigHandler.SIG_IGN;
    h.platform.mapPages(program.process.space.id as number, 0x400000, 0x20000, 3);
    const raised: number[] = [];
    const send = h.shim.sendSignal.bind(h.shim);
    h.shim.sendSignal = (target, signal, info) => {
      if (signal === Signal.SIGPIPE) raised.push(signal);
      send(target, signal, info);
    };
    expect((await h.shim.run()).kind).toBe("completed");
    // 64 KiB filled the pipe, the reader took 100 bytes, 100 more went in, then the reader closed.
    expect(log).toEqual([`write=${65536 + 100}`, `again=${-Errno.EPIPE}`]);
    expect(raised).toEqual([Signal.SIGPIPE, Signal.SIGPIPE]);
    void S2;
  });

  it("close-on-exec descriptors close at execve; the others are inherited", async () => {
    const h = createHarness({ kind, scripts: { idle: new Script().spin().steps } });
    const t = idle(h);
    await pipe(h, t, OpenFlag.O_CLOEXEC); // 3, 4
    await pipe(h, t); // 5, 6
    h.poke(t, DATA + 0x800, "/bin/idle\0");
    expect(await h.call(t, Sys.execve, DATA + 0x800, 0, 0)).toBe(0);
    expect(t.process.files.slots().map((s) => s.fd)).toEqual([0, 1, 2, 5, 6]);
    expect(h.litebox.pipes().livePipeCount).toBe(1);
  });

  it("stdin from the host: a read waits for pushed data and sees EOF after end()", async () => {
    const input = new HostInput();
    const log: string[] = [];
    const main = new Script()
      .label("read")
      .sys(Sys.read, 0, BUF, 100)
      .host((c) => log.push(`read=${a0(c)}`))
      .branch((c) => a0(c) > 0, "read")
      .sys(Sys.exit_group, 0);
    const h = createHarness({ kind, scripts: { main: main.steps }, stdio: { stdin: input } });
    const program = h.start("main");
    const run = h.shim.run();
    setTimeout(() => {
      input.push(new TextEncoder().encode("typed"));
      setTimeout(() => input.end(), 5);
    }, 5);
    const report = await run;
    expect(report.kind).toBe("completed");
    expect(log).toEqual(["read=5", "read=0"]);
    expect(await program.exited).toBe(exitedStatus(0));
  });
});
