/**
 * A minimal test shim (the scheduler's `ShimEntry`) for running real guests on a platform without
 * shim-posix: `write` to fd 1/2 or to a pipe, a blocking `read` from a core pipe, `exit` /
 * `exit_group`, `ioctl` (ENOTTY, as for a pipe), a minimal `brk`; everything else is ENOSYS. Every
 * trap is recorded in a transcript, so runs can be compared event by event.
 */
import {
  PAGE_SIZE,
  PIPE_SUBSYSTEM,
  Prot,
  type CpuStop,
  type GuestThread,
  type PipeReadEnd,
  type PipeWriteEnd,
  type Provider,
  type RawDescriptorStorage,
  type ShimEntry,
  type ShimOutcome,
} from "@litebox-ts/core";

/** Linux rv32 syscall numbers used here. */
export const Sys = { ioctl: 29, read: 63, write: 64, exit: 93, exitGroup: 94, brk: 214, mmap: 222 } as const;
const ENOTTY = 25;
const ENOSYS = 38;
const EFAULT = 14;
const EBADF = 9;
const EPIPE = 32;
const EINTR = 4;

/** One guest thread's state in the test shim. */
export interface TestProcess {
  /** A name for transcripts. */
  readonly name: string;
  /** The thread's address space. */
  readonly space: unknown;
  /** Descriptors beyond 1 and 2 (pipes), if any. */
  readonly storage?: RawDescriptorStorage;
  /** Descriptions of pipe ends for deadlock reports. */
  readonly describe?: (end: PipeReadEnd | PipeWriteEnd) => string;
  /** Bytes written to fd 1 and 2, in order. */
  readonly output: number[];
  /** The exit status, once exited. */
  exitCode: number | undefined;
  /** The stop that killed the thread (a fault, an illegal instruction). */
  killedBy: CpuStop | undefined;
  /** The program break (0: brk not set up). */
  brk: number;
  /** Lowest program break (the end of the loaded image). */
  brkStart: number;
}

/** Makes the state of a thread. */
export function testProcess(name: string, space: unknown, extra: Partial<Pick<TestProcess, "storage" | "describe" | "brk">> = {}): TestProcess {
  return { name, space, output: [], exitCode: undefined, killedBy: undefined, brk: extra.brk ?? 0, brkStart: extra.brk ?? 0,
    ...(extra.storage ? { storage: extra.storage } : {}), ...(extra.describe ? { describe: extra.describe } : {}) };
}

/** The test shim over `platform`; `transcript` receives one line per trap. */
export function testShim(platform: Provider<unknown>, transcript: string[] = []): ShimEntry<TestProcess> {
  const done = (thread: GuestThread<TestProcess>, result: number): ShimOutcome => {
    thread.cpu.setRegister(10, result >>> 0);
    thread.cpu.pc = (thread.cpu.pc + 4) >>> 0;
    return "resume";
  };
  const log = (thread: GuestThread<TestProcess>, what: string): void => {
    transcript.push(`${thread.shimState.name}:${what}@${thread.cpu.instructionCount}`);
  };
  return {
    syscall(thread) {
      const cpu = thread.cpu;
      const p = thread.shimState;
      const nr = cpu.getRegister(17);
      const [a0, a1, a2] = [cpu.getRegister(10), cpu.getRegister(11), cpu.getRegister(12)];
      log(thread, `sys${nr}`);
      switch (nr) {
        case Sys.exit:
        case Sys.exitGroup:
          p.exitCode = a0 & 0xff;
          // RFC §4.2: an exiting process's descriptors are closed (a pipe's last writer going means EOF).
          p.storage?.closeAll();
          return "terminate";
        case Sys.ioctl:
          return done(thread, -ENOTTY);
        case Sys.write: {
          const bytes = new Uint8Array(a2);
          if (platform.readBytes(p.space, a1, bytes)) return done(thread, -EFAULT);
          if (a0 === 1 || a0 === 2) {
            for (const b of bytes) p.output.push(b);
            return done(thread, bytes.length);
          }
          const end = p.storage?.get(a0, PIPE_SUBSYSTEM);
          if (!end?.ok || end.value.object.kind !== "write") return done(thread, -EBADF);
          const r = end.value.object.write(bytes);
          if (r instanceof Promise) throw new Error("test shim: blocking pipe writes are not supported");
          return done(thread, r.ok ? r.value : r.error === "BrokenPipe" ? -EPIPE : -EINTR);
        }
        case Sys.read: {
          const end = p.storage?.get(a0, PIPE_SUBSYSTEM);
          if (!end?.ok || end.value.object.kind !== "read") return done(thread, -EBADF);
          const reader = end.value.object;
          const dest = new Uint8Array(a2);
          const finish = (r: Awaited<ReturnType<PipeReadEnd["read"]>>): ShimOutcome => {
            if (!r.ok) return done(thread, -EINTR);
            if (platform.writeBytes(p.space, a1, dest.subarray(0, r.value))) return done(thread, -EFAULT);
            return done(thread, r.value);
          };
          const r = reader.read(dest, { interrupt: thread.interruptLatch });
          if (!(r instanceof Promise)) return finish(r);
          thread.waitingOn = `read(fd ${a0}) on ${p.describe?.(reader) ?? "a pipe"}`;
          return r.then(finish);
        }
        case Sys.brk: {
          // Minimal: grows by mapping zero pages, never shrinks the mapping; a failed request answers
          // the current break, as Linux does.
          if (p.brk === 0 || a0 < p.brkStart) return done(thread, p.brk);
          const from = Math.ceil(p.brk / PAGE_SIZE) * PAGE_SIZE;
          const to = Math.ceil(a0 / PAGE_SIZE) * PAGE_SIZE;
          if (to > from && !platform.mapPages(p.space, from, to - from, Prot.Read | Prot.Write).ok) return done(thread, p.brk);
          p.brk = a0;
          return done(thread, a0);
        }
        default:
          return done(thread, -ENOSYS);
      }
    },
    exception(thread, stop) {
      log(thread, `${stop.kind}${stop.kind === "fault" ? `(${stop.cause},0x${stop.address.toString(16)})` : ""}`);
      thread.shimState.killedBy = stop;
      return "terminate";
    },
    interrupt(thread) {
      log(thread, "interrupt");
      thread.interruptLatch.clear();
      return "resume";
    },
  };
}
