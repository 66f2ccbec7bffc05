/**
 * The dispatch table: syscall number (a7) → handler, assembled from the per-area handler sets by the
 * names of {@link NtSyscall}. Every number of the ABI has exactly one handler (a test checks it).
 *
 * @module
 */
import { NtSyscall } from "../abi/syscalls";
import { ADDRESS_WAIT_SYSCALLS } from "./address-wait";
import type { SyscallHandler } from "./context";
import { EVENT_SYSCALLS } from "./event";
import { HANDLE_SYSCALLS } from "./handles";
import { JOB_SYSCALLS } from "./job";
import { MEMORY_SYSCALLS } from "./memory";
import { PIPE_SYSCALLS } from "./pipe";
import { PROCESS_SYSCALLS } from "./process";
import { THREAD_SYSCALLS } from "./thread";
import { WAIT_SYSCALLS } from "./wait";

const HANDLERS: Record<keyof typeof NtSyscall, SyscallHandler> = {
  ...HANDLE_SYSCALLS,
  ...PROCESS_SYSCALLS,
  ...THREAD_SYSCALLS,
  ...WAIT_SYSCALLS,
  ...EVENT_SYSCALLS,
  ...PIPE_SYSCALLS,
  ...JOB_SYSCALLS,
  ...MEMORY_SYSCALLS,
  ...ADDRESS_WAIT_SYSCALLS,
};

/** Handlers by syscall number. */
export const SYSCALL_TABLE: ReadonlyMap<number, SyscallHandler> = new Map(
  (Object.keys(NtSyscall) as (keyof typeof NtSyscall)[]).map((name) => [NtSyscall[name], HANDLERS[name]]),
);
