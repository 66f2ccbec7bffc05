/**
 * Event syscalls: NtCreateEvent, NtSetEvent, NtResetEvent, NtQueryEvent.
 *
 * @module
 */
import { EventAccess, EventType } from "../abi/constants";
import { NtStatus } from "../abi/status";
import { u32Record } from "../memory/guest-memory";
import { EVENT_MAPPING, mapAccess } from "../objects/access";
import { EVENT_OBJECT, NtEvent } from "../objects/event";
import { writeOptionalU32, type SyscallHandler } from "./context";
import { inheritAttribute } from "./process";

/** NtCreateEvent(a0 = *handle, a1 = desired access, a2 = handle attributes, a3 = event type, a4 = initial state). */
const ntCreateEvent: SyscallHandler = ({ process, args, memory }) => {
  const [handlePtr, desired, attributes, type, initial] = args;
  if (type !== EventType.NotificationEvent && type !== EventType.SynchronizationEvent) return NtStatus.INVALID_PARAMETER_4;
  if (memory.probeWrite(handlePtr, 4) !== NtStatus.SUCCESS) return NtStatus.ACCESS_VIOLATION;
  const event = new NtEvent(type === EventType.SynchronizationEvent, initial !== 0);
  const handle = process.handles.insert(EVENT_OBJECT, event, mapAccess(desired, EVENT_MAPPING), inheritAttribute(attributes));
  if (!handle.ok) return handle.error;
  return memory.writeU32(handlePtr, handle.value);
};

/** NtSetEvent(a0 = event, a1 = *previous state or NULL). */
const ntSetEvent: SyscallHandler = (context) => {
  const found = context.process.handles.lookup(context.args[0], EVENT_OBJECT, EventAccess.MODIFY_STATE);
  if (!found.ok) return found.error;
  const previous = found.value.object.set();
  return writeOptionalU32(context, context.args[1], previous ? 1 : 0);
};

/** NtResetEvent(a0 = event, a1 = *previous state or NULL). */
const ntResetEvent: SyscallHandler = (context) => {
  const found = context.process.handles.lookup(context.args[0], EVENT_OBJECT, EventAccess.MODIFY_STATE);
  if (!found.ok) return found.error;
  const previous = found.value.object.reset();
  return writeOptionalU32(context, context.args[1], previous ? 1 : 0);
};

/** NtQueryEvent(a0 = event, a1 = *{u32 EventType, u32 EventState}). */
const ntQueryEvent: SyscallHandler = ({ process, args, memory }) => {
  const found = process.handles.lookup(args[0], EVENT_OBJECT, EventAccess.QUERY_STATE);
  if (!found.ok) return found.error;
  const event = found.value.object;
  return memory.write(args[1], u32Record([event.autoReset ? 1 : 0, event.signalled ? 1 : 0]));
};

/** The event syscalls by name. */
export const EVENT_SYSCALLS = {
  NtCreateEvent: ntCreateEvent,
  NtSetEvent: ntSetEvent,
  NtResetEvent: ntResetEvent,
  NtQueryEvent: ntQueryEvent,
} as const;
