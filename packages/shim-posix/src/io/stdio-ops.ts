/**
 * File operations of the standard streams: output goes to the host sink, input comes from the
 * push-fed host input (blocking through the thread's wait context), the null device swallows writes
 * and reads end-of-file. TCGETS succeeds on streams marked as terminals, so a libc line-buffers
 * stdout there as it would on a tty.
 *
 * @module
 */
import { Events, WOULD_BLOCK, isWaitFailure, type DescriptorEntry, type Pollable } from "@litebox-ts/core";
import { Errno } from "../abi/errno";
import { Ioctl } from "../abi/fcntl";
import { TermiosLayout } from "../abi/layouts";
import type { SyscallContext } from "../syscalls/context";
import type { FileOps, IoOutcome } from "./file-ops";
import { ALWAYS_WRITABLE, NULL_DEVICE_READY, type StdioObject } from "./stdio";

function read(ctx: SyscallContext, entry: DescriptorEntry<StdioObject>, dest: Uint8Array): IoOutcome {
  const stream = entry.object.stream;
  if (stream.kind === "null") return 0;
  if (stream.kind === "output") return -Errno.EINVAL;
  const input = stream.input;
  const first = input.take(dest);
  if (first !== WOULD_BLOCK) return first;
  if (entry.nonBlocking) return -Errno.EAGAIN;
  ctx.waitingOn = `read from host stdin (pid ${ctx.process.id})`;
  const waited = ctx.waitContext().waitOnEvents([{ pollable: input, interest: Events.IN }], () => input.take(dest));
  const settle = (r: number | typeof WOULD_BLOCK | { _tag: string }): number =>
    isWaitFailure(r) ? -Errno.ERESTARTSYS : (r as number);
  return waited instanceof Promise ? waited.then(settle) : settle(waited);
}

function write(_ctx: SyscallContext, entry: DescriptorEntry<StdioObject>, src: Uint8Array): IoOutcome {
  const stream = entry.object.stream;
  if (stream.kind === "input") return -Errno.EBADF;
  if (stream.kind === "output") stream.output.write(src);
  return src.length;
}

function pollable(entry: DescriptorEntry<StdioObject>): Pollable {
  const stream = entry.object.stream;
  return stream.kind === "input" ? stream.input : stream.kind === "null" ? NULL_DEVICE_READY : ALWAYS_WRITABLE;
}

function ioctl(ctx: SyscallContext, entry: DescriptorEntry<StdioObject>, request: number, arg: number): IoOutcome | undefined {
  const stream = entry.object.stream;
  const terminal = stream.kind === "input" ? stream.input.isTerminal : stream.kind === "output" ? stream.output.isTerminal === true : false;
  if (request === Ioctl.TCGETS) {
    if (!terminal) return -Errno.ENOTTY;
    const written = ctx.memory.writeBytes(arg, new Uint8Array(TermiosLayout.SIZE));
    return written.ok ? 0 : -written.error;
  }
  if (request === Ioctl.FIONREAD && stream.kind === "input") {
    const written = ctx.memory.writeU32(arg, stream.input.available);
    return written.ok ? 0 : -written.error;
  }
  return undefined;
}

/** The standard streams' file operations. */
export const STDIO_OPS: FileOps<StdioObject> = { read, write, pollable, ioctl };
