/**
 * Handle syscalls: NtClose, NtDuplicateObject (within and across processes, pseudo-handles resolved
 * in the source process, DUPLICATE_CLOSE_SOURCE in place when it can), NtQueryObject and
 * NtSetInformationObject (handle flags: inherit, protect-from-close).
 *
 * @module
 */
import { PIPE_SUBSYSTEM, type DescriptorEntry } from "@litebox-ts/core";
import {
  CURRENT_PROCESS_HANDLE,
  CURRENT_THREAD_HANDLE,
  DuplicateOptions,
  ObjectAttributes,
  ObjectKind,
  ObjectInformationClass,
  ProcessAccess,
  ThreadAccess,
} from "../abi/constants";
import { NtStatus } from "../abi/status";
import { HandleAttribute, type HandleEntry } from "../handles/handle-table";
import { HOST_STREAM_OBJECT } from "../host/host-stream";
import { JOB_OBJECT } from "../jobs/job";
import { EVENT_MAPPING, FILE_MAPPING, JOB_MAPPING, PROCESS_MAPPING, THREAD_MAPPING, mapAccess, type GenericMapping } from "../objects/access";
import { EVENT_OBJECT } from "../objects/event";
import { PROCESS_OBJECT, type NtProcess } from "../process/process";
import { THREAD_OBJECT } from "../process/thread";
import { writeOptionalU32, type SyscallContext, type SyscallHandler } from "./context";
import { u32Record } from "../memory/guest-memory";

/** The generic mapping of the object behind `entry`. */
export function mappingOf(entry: DescriptorEntry): GenericMapping {
  if (entry.is(PROCESS_OBJECT)) return PROCESS_MAPPING;
  if (entry.is(THREAD_OBJECT)) return THREAD_MAPPING;
  if (entry.is(EVENT_OBJECT)) return EVENT_MAPPING;
  if (entry.is(JOB_OBJECT)) return JOB_MAPPING;
  if (entry.is(PIPE_SUBSYSTEM) || entry.is(HOST_STREAM_OBJECT)) return FILE_MAPPING;
  return FILE_MAPPING;
}

/** NtClose(a0 = handle). Pseudo-handles close as a no-op success. */
const ntClose: SyscallHandler = ({ process, args }) => {
  const handle = args[0];
  if (handle === CURRENT_PROCESS_HANDLE || handle === CURRENT_THREAD_HANDLE) return NtStatus.SUCCESS;
  return process.handles.close(handle);
};

/** A duplication source: a real handle, or a pseudo-handle turned into its object. */
type Source =
  | { readonly kind: "handle"; readonly entry: HandleEntry }
  | { readonly kind: "pseudo"; readonly insert: (target: NtProcess, access: number, attributes: number) => ReturnType<NtProcess["handles"]["insert"]>; readonly access: number; readonly mapping: GenericMapping };

function resolveSource(context: SyscallContext, sourceProcess: NtProcess, handle: number): { ok: true; value: Source } | { ok: false; error: NtStatus } {
  if (handle === CURRENT_PROCESS_HANDLE) {
    return {
      ok: true,
      value: {
        kind: "pseudo",
        insert: (target, access, attributes) => target.handles.insert(PROCESS_OBJECT, sourceProcess, access, attributes),
        access: ProcessAccess.ALL_ACCESS,
        mapping: PROCESS_MAPPING,
      },
    };
  }
  if (handle === CURRENT_THREAD_HANDLE) {
    // "The current thread" only means something in the caller's own process.
    if (sourceProcess !== context.process) return { ok: false, error: NtStatus.INVALID_HANDLE };
    const thread = context.thread;
    return {
      ok: true,
      value: {
        kind: "pseudo",
        insert: (target, access, attributes) => target.handles.insert(THREAD_OBJECT, thread, access, attributes),
        access: ThreadAccess.ALL_ACCESS,
        mapping: THREAD_MAPPING,
      },
    };
  }
  const found = sourceProcess.handles.get(handle);
  return found.ok ? { ok: true, value: { kind: "handle", entry: found.value } } : found;
}

/**
 * NtDuplicateObject(a0 = source process, a1 = source handle, a2 = target process, a3 = *target handle,
 * a4 = desired access, a5 = *{u32 handleAttributes, u32 options}).
 */
const ntDuplicateObject: SyscallHandler = (context) => {
  const { kernel, process, args, memory } = context;
  const [sourceProcessHandle, sourceHandle, targetProcessHandle, targetHandlePtr, desiredAccess, blockPtr] = args;
  let handleAttributes = 0;
  let options = 0;
  if (blockPtr !== 0) {
    const block = memory.readU32Array(blockPtr, 2);
    if (!block.ok) return block.error;
    [handleAttributes, options] = block.value as [number, number];
  }
  if ((options & ~(DuplicateOptions.CLOSE_SOURCE | DuplicateOptions.SAME_ACCESS | DuplicateOptions.SAME_ATTRIBUTES)) !== 0) {
    return NtStatus.INVALID_PARAMETER;
  }
  const sourceProcess = kernel.resolveProcess(process, sourceProcessHandle, ProcessAccess.DUP_HANDLE);
  if (!sourceProcess.ok) return sourceProcess.error;
  const source = resolveSource(context, sourceProcess.value, sourceHandle);
  if (!source.ok) return source.error;
  const closeSource = (options & DuplicateOptions.CLOSE_SOURCE) !== 0;
  const sourceEntry = source.value.kind === "handle" ? source.value.entry : undefined;
  const protectedSource = sourceEntry !== undefined && (sourceEntry.attributes & HandleAttribute.PROTECT_FROM_CLOSE) !== 0;
  // DUPLICATE_CLOSE_SOURCE closes the source whatever else happens (unless it is protected).
  const closeIfAsked = (): void => {
    if (closeSource && sourceEntry !== undefined && !protectedSource) sourceProcess.value.handles.close(sourceEntry.handle);
  };

  if (targetProcessHandle === 0 && closeSource) {
    closeIfAsked();
    return NtStatus.SUCCESS;
  }
  const targetProcess = kernel.resolveProcess(process, targetProcessHandle, ProcessAccess.DUP_HANDLE);
  if (!targetProcess.ok) {
    closeIfAsked();
    return targetProcess.error;
  }
  if (targetProcess.value.state !== "running") {
    closeIfAsked();
    return NtStatus.PROCESS_IS_TERMINATING;
  }
  const sourceAccess = sourceEntry ? sourceEntry.access : source.value.kind === "pseudo" ? source.value.access : 0;
  const mapping = sourceEntry ? mappingOf(sourceEntry.entry) : source.value.kind === "pseudo" ? source.value.mapping : FILE_MAPPING;
  const access = (options & DuplicateOptions.SAME_ACCESS) !== 0 ? sourceAccess : mapAccess(desiredAccess, mapping);
  const inherit =
    (options & DuplicateOptions.SAME_ATTRIBUTES) !== 0
      ? (sourceEntry?.attributes ?? 0) & HandleAttribute.INHERIT
      : (handleAttributes & ObjectAttributes.INHERIT) !== 0
        ? HandleAttribute.INHERIT
        : 0;

  let result: number;
  if (sourceEntry !== undefined && closeSource && !protectedSource && sourceProcess.value === targetProcess.value) {
    // Closing the source and creating the duplicate in one table: the handle keeps its slot.
    targetProcess.value.handles.update(sourceEntry.handle, inherit, access);
    result = sourceEntry.handle;
  } else {
    const made =
      sourceEntry !== undefined
        ? sourceProcess.value.handles.duplicateInto(sourceEntry, targetProcess.value.handles, inherit, access)
        : (source.value as Extract<Source, { kind: "pseudo" }>).insert(targetProcess.value, access, inherit);
    closeIfAsked();
    if (!made.ok) return made.error;
    result = made.value;
  }
  if (targetHandlePtr !== 0 && memory.writeU32(targetHandlePtr, result) !== NtStatus.SUCCESS) {
    if (result !== sourceEntry?.handle || targetProcess.value !== sourceProcess.value) targetProcess.value.handles.close(result);
    return NtStatus.ACCESS_VIOLATION;
  }
  return NtStatus.SUCCESS;
};

/** The ObjectKindInformation value of the object behind `entry`. */
export function kindOf(entry: DescriptorEntry): number {
  if (entry.is(PROCESS_OBJECT)) return ObjectKind.Process;
  if (entry.is(THREAD_OBJECT)) return ObjectKind.Thread;
  if (entry.is(EVENT_OBJECT)) return ObjectKind.Event;
  if (entry.is(JOB_OBJECT)) return ObjectKind.Job;
  if (entry.is(PIPE_SUBSYSTEM)) return entry.object.kind === "read" ? ObjectKind.PipeRead : ObjectKind.PipeWrite;
  return ObjectKind.HostStream;
}

/** Bytes of OBJECT_BASIC_INFORMATION. */
const OBJECT_BASIC_INFORMATION_SIZE = 56;

/** NtQueryObject(a0 = handle, a1 = class, a2 = buffer, a3 = length, a4 = *return length). */
const ntQueryObject: SyscallHandler = (context) => {
  const { process, args, memory } = context;
  const [handle, infoClass, buffer, length, returnLength] = args;
  const found = process.handles.get(handle);
  if (!found.ok) return found.error;
  const e = found.value;
  const inherit = (e.attributes & HandleAttribute.INHERIT) !== 0;
  const protect = (e.attributes & HandleAttribute.PROTECT_FROM_CLOSE) !== 0;
  let bytes: Uint8Array;
  if (infoClass === ObjectInformationClass.ObjectHandleFlagInformation) {
    bytes = new Uint8Array([inherit ? 1 : 0, protect ? 1 : 0]);
  } else if (infoClass === ObjectInformationClass.ObjectKindInformation) {
    bytes = u32Record([kindOf(e.entry)]);
  } else if (infoClass === ObjectInformationClass.ObjectBasicInformation) {
    const object = e.object as { handleCount?: number };
    bytes = new Uint8Array(OBJECT_BASIC_INFORMATION_SIZE);
    const attributes = (inherit ? ObjectAttributes.INHERIT : 0) | (protect ? 0x1 : 0);
    bytes.set(u32Record([attributes, e.access, object.handleCount ?? e.entry.refCount, e.entry.refCount]));
  } else {
    return NtStatus.INVALID_INFO_CLASS;
  }
  if (length !== bytes.length) {
    if (writeOptionalU32(context, returnLength, bytes.length) !== NtStatus.SUCCESS) return NtStatus.ACCESS_VIOLATION;
    return NtStatus.INFO_LENGTH_MISMATCH;
  }
  if (memory.write(buffer, bytes) !== NtStatus.SUCCESS) return NtStatus.ACCESS_VIOLATION;
  return writeOptionalU32(context, returnLength, bytes.length);
};

/** NtSetInformationObject(a0 = handle, a1 = class (ObjectHandleFlagInformation), a2 = buffer, a3 = length 2). */
const ntSetInformationObject: SyscallHandler = ({ process, args, memory }) => {
  const [handle, infoClass, buffer, length] = args;
  if (infoClass !== ObjectInformationClass.ObjectHandleFlagInformation) return NtStatus.INVALID_INFO_CLASS;
  if (length !== 2) return NtStatus.INFO_LENGTH_MISMATCH;
  const flags = memory.read(buffer, 2);
  if (!flags.ok) return flags.error;
  const found = process.handles.get(handle);
  if (!found.ok) return found.error;
  const attributes = (flags.value[0] !== 0 ? HandleAttribute.INHERIT : 0) | (flags.value[1] !== 0 ? HandleAttribute.PROTECT_FROM_CLOSE : 0);
  return process.handles.update(found.value.handle, attributes, found.value.access);
};

/** The handle syscalls by number. */
export const HANDLE_SYSCALLS = {
  NtClose: ntClose,
  NtDuplicateObject: ntDuplicateObject,
  NtQueryObject: ntQueryObject,
  NtSetInformationObject: ntSetInformationObject,
} as const;
