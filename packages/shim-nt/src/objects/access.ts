/**
 * Generic access mapping (Windows' `GENERIC_MAPPING`): GENERIC_READ/WRITE/EXECUTE/ALL and
 * MAXIMUM_ALLOWED in a requested access are replaced by the object type's specific rights before the
 * access is stored in a handle. There is no security model (every process may do everything), so any
 * valid request is granted as asked.
 *
 * @module
 */
import { EventAccess, FileAccess, JobAccess, ProcessAccess, StandardAccess, ThreadAccess } from "../abi/constants";

/** What the four generic rights mean for one object type. */
export interface GenericMapping {
  readonly read: number;
  readonly write: number;
  readonly execute: number;
  readonly all: number;
}

const S = StandardAccess;

/** Process objects. */
export const PROCESS_MAPPING: GenericMapping = {
  read: S.READ_CONTROL | ProcessAccess.VM_READ | ProcessAccess.QUERY_INFORMATION,
  write: S.READ_CONTROL | ProcessAccess.CREATE_THREAD | ProcessAccess.VM_OPERATION | ProcessAccess.VM_WRITE |
    ProcessAccess.DUP_HANDLE | ProcessAccess.CREATE_PROCESS | ProcessAccess.SET_QUOTA | ProcessAccess.SET_INFORMATION |
    ProcessAccess.SUSPEND_RESUME,
  execute: S.READ_CONTROL | S.SYNCHRONIZE | ProcessAccess.TERMINATE | ProcessAccess.QUERY_LIMITED_INFORMATION,
  all: ProcessAccess.ALL_ACCESS,
};

/** Thread objects. */
export const THREAD_MAPPING: GenericMapping = {
  read: S.READ_CONTROL | ThreadAccess.GET_CONTEXT | ThreadAccess.QUERY_INFORMATION,
  write: S.READ_CONTROL | ThreadAccess.TERMINATE | ThreadAccess.SUSPEND_RESUME | ThreadAccess.ALERT |
    ThreadAccess.SET_CONTEXT | ThreadAccess.SET_INFORMATION,
  execute: S.READ_CONTROL | S.SYNCHRONIZE | ThreadAccess.QUERY_LIMITED_INFORMATION,
  all: ThreadAccess.ALL_ACCESS,
};

/** Event objects. */
export const EVENT_MAPPING: GenericMapping = {
  read: S.READ_CONTROL | EventAccess.QUERY_STATE,
  write: S.READ_CONTROL | EventAccess.MODIFY_STATE,
  execute: S.READ_CONTROL | S.SYNCHRONIZE,
  all: EventAccess.ALL_ACCESS,
};

/** Job objects. */
export const JOB_MAPPING: GenericMapping = {
  read: S.READ_CONTROL | JobAccess.QUERY,
  write: S.READ_CONTROL | JobAccess.ASSIGN_PROCESS | JobAccess.SET_ATTRIBUTES | JobAccess.TERMINATE,
  execute: S.READ_CONTROL | S.SYNCHRONIZE,
  all: JobAccess.ALL_ACCESS,
};

/** File objects (pipe ends, host streams). */
export const FILE_MAPPING: GenericMapping = {
  read: FileAccess.GENERIC_READ,
  write: FileAccess.GENERIC_WRITE,
  execute: S.READ_CONTROL | S.SYNCHRONIZE | FileAccess.READ_ATTRIBUTES,
  all: FileAccess.ALL_ACCESS,
};

/** Maps the generic bits of `desired` through `mapping`; other bits outside the valid mask are dropped. */
export function mapAccess(desired: number, mapping: GenericMapping): number {
  let access = desired & S.VALID_MASK;
  if ((desired & S.GENERIC_READ) !== 0) access |= mapping.read;
  if ((desired & S.GENERIC_WRITE) !== 0) access |= mapping.write;
  if ((desired & S.GENERIC_EXECUTE) !== 0) access |= mapping.execute;
  if ((desired & (S.GENERIC_ALL | S.MAXIMUM_ALLOWED)) !== 0) access |= mapping.all;
  return (access & S.VALID_MASK) >>> 0;
}
