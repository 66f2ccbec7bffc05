/**
 * Anonymous pipes with CreatePipe semantics on the core's pipes, and file I/O on pipe ends and host
 * streams: NtCreatePipe, NtReadFile, NtWriteFile. A read returns what is queued (blocking while the
 * pipe is empty and a writer exists anywhere); data written before the last writer closed is still
 * read, then reads fail with PIPE_BROKEN (ERROR_BROKEN_PIPE). A write with no reader left anywhere
 * fails with PIPE_CLOSING (ERROR_NO_DATA, "the pipe is being closed", as Windows answers).
 *
 * @module
 */
import { PIPE_SUBSYSTEM, PipeError, type PipeReadEnd, type PipeWriteEnd } from "@litebox-ts/core";
import { FileAccess } from "../abi/constants";
import { NtStatus } from "../abi/status";
import { HOST_STREAM_OBJECT } from "../host/host-stream";
import { u32Record } from "../memory/guest-memory";
import type { NtThread } from "../process/thread";
import { THREAD_EXIT, type SyscallContext, type SyscallHandler, type SyscallOutcome, type SyscallResult } from "./context";
import { inheritAttribute } from "./process";

/** Access of CreatePipe's read handle (GENERIC_READ | FILE_WRITE_ATTRIBUTES). */
export const PIPE_READ_ACCESS = FileAccess.GENERIC_READ | FileAccess.WRITE_ATTRIBUTES;
/** Access of CreatePipe's write handle (GENERIC_WRITE | FILE_READ_ATTRIBUTES). */
export const PIPE_WRITE_ACCESS = FileAccess.GENERIC_WRITE | FileAccess.READ_ATTRIBUTES;

/** Bytes moved between guest memory and a pipe per step (one pipe's default capacity). */
const CHUNK = 64 * 1024;

/** NtCreatePipe(a0 = *read handle, a1 = *write handle, a2 = handle attributes (both), a3 = size hint). */
const ntCreatePipe: SyscallHandler = ({ kernel, process, args, memory }) => {
  const [readPtr, writePtr, attributes] = args;
  if (memory.probeWrite(readPtr, 4) !== NtStatus.SUCCESS || memory.probeWrite(writePtr, 4) !== NtStatus.SUCCESS) {
    return NtStatus.ACCESS_VIOLATION;
  }
  const pair = kernel.pipes.createPipe();
  const inherit = inheritAttribute(attributes);
  const read = process.handles.insert(PIPE_SUBSYSTEM, pair.readEnd, PIPE_READ_ACCESS, inherit);
  if (!read.ok) return read.error;
  const write = process.handles.insert(PIPE_SUBSYSTEM, pair.writeEnd, PIPE_WRITE_ACCESS, inherit);
  if (!write.ok) {
    process.handles.close(read.value);
    return write.error;
  }
  memory.writeU32(readPtr, read.value);
  memory.writeU32(writePtr, write.value);
  return NtStatus.SUCCESS;
};

/** Completes an I/O: the IO_STATUS_BLOCK {Status, Information} and the status. */
function complete(context: SyscallContext, iosb: number, status: NtStatus, information: number): SyscallResult {
  if (context.thread.state === "terminated") return THREAD_EXIT;
  context.memory.write(iosb, u32Record([status, information]));
  return status;
}

function readPipe(context: SyscallContext, end: PipeReadEnd, iosb: number, buffer: number, length: number): SyscallOutcome {
  const thread: NtThread = context.thread;
  const dest = new Uint8Array(Math.min(length, Math.max(end.capacity, CHUNK)));
  const attempt = (): SyscallOutcome => {
    const result = end.read(dest, { interrupt: thread.guest!.interruptLatch });
    const settle = (r: Awaited<typeof result>): SyscallOutcome => {
      if (thread.state === "terminated") return THREAD_EXIT;
      if (!r.ok) {
        // Interrupted without termination: a suspension request; read again.
        thread.guest!.interruptLatch.clear();
        return attempt();
      }
      if (r.value === 0) return complete(context, iosb, NtStatus.PIPE_BROKEN, 0);
      if (context.memory.write(buffer, dest.subarray(0, r.value)) !== NtStatus.SUCCESS) return NtStatus.ACCESS_VIOLATION;
      return complete(context, iosb, NtStatus.SUCCESS, r.value);
    };
    return result instanceof Promise ? result.then((r) => settle(r) as SyscallResult | Promise<SyscallResult>) : settle(result);
  };
  return attempt();
}

function writePipe(context: SyscallContext, end: PipeWriteEnd, iosb: number, buffer: number, length: number): SyscallOutcome {
  const thread: NtThread = context.thread;
  let written = 0;
  const step = (): SyscallOutcome => {
    if (written >= length) return complete(context, iosb, NtStatus.SUCCESS, written);
    const chunk = context.memory.read(buffer + written, Math.min(CHUNK, length - written));
    if (!chunk.ok) return chunk.error;
    const result = end.write(chunk.value, { interrupt: thread.guest!.interruptLatch });
    const settle = (r: Awaited<typeof result>): SyscallOutcome => {
      if (thread.state === "terminated") return THREAD_EXIT;
      if (r.ok) {
        written += r.value;
        return step();
      }
      if (r.error === PipeError.BrokenPipe) return complete(context, iosb, NtStatus.PIPE_CLOSING, written);
      thread.guest!.interruptLatch.clear();
      return step();
    };
    return result instanceof Promise ? result.then((r) => settle(r) as SyscallResult | Promise<SyscallResult>) : settle(result);
  };
  return step();
}

/** Checks an I/O call's handle and pointers; returns the entry or a status. */
function ioTarget(context: SyscallContext, access: number) {
  const [handle, iosb, buffer, length] = context.args;
  const found = context.process.handles.get(handle);
  if (!found.ok) return { status: found.error } as const;
  const entry = found.value.entry;
  if (!entry.is(PIPE_SUBSYSTEM) && !entry.is(HOST_STREAM_OBJECT)) return { status: NtStatus.OBJECT_TYPE_MISMATCH } as const;
  if ((found.value.access & access) !== access) return { status: NtStatus.ACCESS_DENIED } as const;
  if (context.memory.probeWrite(iosb, 8) !== NtStatus.SUCCESS) return { status: NtStatus.ACCESS_VIOLATION } as const;
  if (!context.memory.contains(buffer, length) || (length > 0 && buffer === 0)) return { status: NtStatus.ACCESS_VIOLATION } as const;
  return { entry, iosb, buffer, length } as const;
}

/** NtReadFile(a0 = handle, a1 = *IO_STATUS_BLOCK, a2 = buffer, a3 = length). */
const ntReadFile: SyscallHandler = (context) => {
  const target = ioTarget(context, FileAccess.READ_DATA);
  if ("status" in target) return target.status;
  const { entry, iosb, buffer, length } = target;
  if (length === 0) return complete(context, iosb, NtStatus.SUCCESS, 0);
  if (entry.is(HOST_STREAM_OBJECT)) {
    const bytes = entry.object.read(Math.min(length, CHUNK));
    if (bytes.length === 0) return complete(context, iosb, NtStatus.END_OF_FILE, 0);
    if (context.memory.write(buffer, bytes) !== NtStatus.SUCCESS) return NtStatus.ACCESS_VIOLATION;
    return complete(context, iosb, NtStatus.SUCCESS, bytes.length);
  }
  const end = entry.object;
  if (end.kind !== "read") return NtStatus.ACCESS_DENIED;
  return readPipe(context, end, iosb, buffer, length);
};

/** NtWriteFile(a0 = handle, a1 = *IO_STATUS_BLOCK, a2 = buffer, a3 = length). */
const ntWriteFile: SyscallHandler = (context) => {
  const target = ioTarget(context, FileAccess.WRITE_DATA);
  if ("status" in target) return target.status;
  const { entry, iosb, buffer, length } = target;
  if (length === 0) return complete(context, iosb, NtStatus.SUCCESS, 0);
  if (entry.is(HOST_STREAM_OBJECT)) {
    const stream = entry.object;
    if (!stream.writable) return NtStatus.ACCESS_DENIED;
    for (let at = 0; at < length; at += CHUNK) {
      const chunk = context.memory.read(buffer + at, Math.min(CHUNK, length - at));
      if (!chunk.ok) return chunk.error;
      stream.write(chunk.value);
    }
    return complete(context, iosb, NtStatus.SUCCESS, length);
  }
  const end = entry.object;
  if (end.kind !== "write") return NtStatus.ACCESS_DENIED;
  return writePipe(context, end, iosb, buffer, length);
};

/** The pipe and file syscalls by name. */
export const PIPE_SYSCALLS = {
  NtCreatePipe: ntCreatePipe,
  NtReadFile: ntReadFile,
  NtWriteFile: ntWriteFile,
} as const;
