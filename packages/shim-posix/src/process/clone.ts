/**
 * clone(2): new processes (fork, vfork, CLONE_VM children) by the RFC §4.1 composition with rollback,
 * and new threads of the calling process. riscv's argument order is CLONE_BACKWARDS:
 * (flags, newsp, parent_tidptr, tls, child_tidptr).
 *
 * Fork: (1) `createProcess(parent)`; (2) `forkAddressSpace` (copy-on-write clone on Isolated
 * platforms, an eager copy on SharedMemory ones) — or the parent's space retained under CLONE_VM;
 * (3) every descriptor duplicated at its number through `duplicateDescriptor` (flags inherited, hooks
 * fired); (4) a CPU whose registers are the caller's, a0 = 0, pc past the ecall; (5) extensions forked
 * and everything bound in the shim's tables. A failure at any step undoes the steps before it —
 * `closeAll`, `destroyAddressSpace`, `abortProcess` — so nothing leaks.
 *
 * @module
 */
import {
  DescriptorTarget,
  WaitContext,
  forkAddressSpace,
  isWaitFailure,
  WOULD_BLOCK,
  type CpuContext,
  type ForkAddressSpaceError,
  type InterruptSource,
} from "@litebox-ts/core";
import { CLONE_NAMESPACE_FLAGS, CloneFlag } from "../abi/clone";
import { Rlimit } from "../abi/constants";
import { Errno } from "../abi/errno";
import type { PosixShim } from "../shim/posix-shim";
import { bindAddressSpace, releaseAddressSpace, startThread } from "./lifecycle";
import { ResourceLimits } from "./credentials";
import type { ProcessExtension } from "./extensions";
import { PosixProcess } from "./posix-process";
import type { PosixThread } from "./posix-thread";
import { SignalActions } from "./signal-state";

/** clone's arguments. */
export interface CloneArgs {
  /** Flags (low byte: exit signal). */
  readonly flags: number;
  /** New stack pointer (0: the caller's). */
  readonly newsp: number;
  /** CLONE_PARENT_SETTID: where the parent gets the child's tid. */
  readonly parentTid: number;
  /** CLONE_SETTLS: the child's tp. */
  readonly tls: number;
  /** CLONE_CHILD_SETTID / CLONE_CHILD_CLEARTID: the child's tid word. */
  readonly childTid: number;
}

/** Validates flags as copy_process does (plus the documented refusals); 0 if acceptable, else -errno. */
export function checkCloneFlags(flags: number): number {
  const has = (f: number): boolean => (flags & f) !== 0;
  if (has(CloneFlag.CLONE_NEWNS) && has(CloneFlag.CLONE_FS)) return -Errno.EINVAL;
  if (has(CloneFlag.CLONE_NEWUSER) && has(CloneFlag.CLONE_FS)) return -Errno.EINVAL;
  if (has(CloneFlag.CLONE_THREAD) && !has(CloneFlag.CLONE_SIGHAND)) return -Errno.EINVAL;
  if (has(CloneFlag.CLONE_SIGHAND) && !has(CloneFlag.CLONE_VM)) return -Errno.EINVAL;
  // Refused here (README: departures): namespaces, pidfds, and a descriptor table shared between processes.
  if ((flags & CLONE_NAMESPACE_FLAGS) !== 0) return -Errno.EINVAL;
  if (has(CloneFlag.CLONE_PIDFD)) return -Errno.EINVAL;
  if (has(CloneFlag.CLONE_FILES) && !has(CloneFlag.CLONE_THREAD)) return -Errno.EINVAL;
  return 0;
}

/**
 * Tasks of real uid `uid`: what RLIMIT_NPROC counts — every live thread, and every zombie (Linux
 * releases the count only when the zombie is reaped).
 */
function tasksOf(shim: PosixShim, uid: number): number {
  let n = 0;
  for (const p of shim.processes.processes()) {
    if (p.credentials.uid !== uid) continue;
    n += p.state === "zombie" ? 1 : p.threads.size;
  }
  return n;
}

function forkErrno(error: ForkAddressSpaceError): number {
  if (error._tag === "AddressSpace") return error.error === "NoSpace" ? Errno.EAGAIN : Errno.ENOMEM;
  return Errno.ENOMEM;
}

/** Makes the new CPU continue where the caller's ecall returns, as the child (a0 = 0). */
function prepareChildCpu(cpu: CpuContext, from: CpuContext, args: CloneArgs): void {
  cpu.copyRegistersFrom(from);
  cpu.pc = (from.pc + 4) >>> 0;
  cpu.setRegister(10, 0);
  if (args.newsp !== 0) cpu.setRegister(2, args.newsp);
  if ((args.flags & CloneFlag.CLONE_SETTLS) !== 0) cpu.setRegister(4, args.tls);
}

/** The tid words: CLONE_PARENT_SETTID in the parent's memory, CLONE_CHILD_SETTID in the child's. */
function writeTidWords(shim: PosixShim, parent: PosixThread, child: PosixThread, args: CloneArgs): void {
  // Linux ignores faults on both (put_user results are not checked).
  if ((args.flags & CloneFlag.CLONE_PARENT_SETTID) !== 0) shim.memoryOf(parent.process).writeU32(args.parentTid, child.tid);
  if ((args.flags & CloneFlag.CLONE_CHILD_SETTID) !== 0) shim.memoryOf(child.process).writeU32(args.childTid, child.tid);
  if ((args.flags & CloneFlag.CLONE_CHILD_CLEARTID) !== 0) child.clearChildTid = args.childTid;
}

/** clone(2) for the calling `thread`: the child's tid, `-errno`, or (CLONE_VFORK) a Promise of it. */
export function cloneFromThread(shim: PosixShim, thread: PosixThread, args: CloneArgs): number | Promise<number> {
  const flags = args.flags >>> 0;
  const checked = checkCloneFlags(flags);
  if (checked !== 0) return checked;
  const process = thread.process;
  if (tasksOf(shim, process.credentials.uid) >= process.limits.soft(Rlimit.RLIMIT_NPROC)) return -Errno.EAGAIN;
  if ((flags & CloneFlag.CLONE_THREAD) !== 0) return cloneThread(shim, thread, args);
  const child = cloneProcess(shim, thread, args);
  if (typeof child === "number") return child;
  if ((flags & CloneFlag.CLONE_VFORK) === 0) return child.tid;
  return waitForVfork(shim, thread, child);
}

function cloneThread(shim: PosixShim, thread: PosixThread, args: CloneArgs): number {
  const process = thread.process;
  const cpu = shim.platform.createCpu(process.space.id);
  if (!cpu.ok) return -Errno.ENOMEM;
  prepareChildCpu(cpu.value, thread.cpu, args);
  const child = startThread(shim, process, cpu.value, shim.processes.allocateThreadId(), thread, args.flags);
  writeTidWords(shim, thread, child, args);
  return child.tid;
}

function cloneProcess(shim: PosixShim, thread: PosixThread, args: CloneArgs): PosixThread | number {
  const flags = args.flags >>> 0;
  const parent = thread.process;
  const registry = shim.litebox.processRegistry();
  const platform = shim.platform;
  const parentOfChild =
    (flags & CloneFlag.CLONE_PARENT) !== 0 ? (registry.getParent(parent.pid) ?? parent.pid) : parent.pid;
  // 1. The PID.
  const pid = registry.createProcess(parentOfChild);
  if (!pid.ok) return -Errno.EAGAIN;
  // 2. The memory context: a copy, or the parent's space shared (CLONE_VM).
  let space;
  if ((flags & CloneFlag.CLONE_VM) !== 0) {
    space = parent.space.retain();
  } else {
    const forked = forkAddressSpace(platform, parent.space.id);
    if (!forked.ok) {
      registry.abortProcess(pid.value);
      return -forkErrno(forked.error);
    }
    space = bindAddressSpace(shim, forked.value);
  }
  const files = shim.litebox.descriptors().createStorage({ limit: parent.files.limit });
  const made: Array<[ProcessExtension<unknown>, unknown]> = [];
  const rollback = (errno: number, child?: PosixProcess): number => {
    if (child) for (const [key, state] of made) key.spec.discard?.(state, child);
    files.closeAll();
    releaseAddressSpace(shim, space);
    registry.abortProcess(pid.value);
    return -errno;
  };
  // 3. Descriptors: every number, inherited with its flags (the hooks count the child's references).
  for (const slot of parent.files.slots()) {
    const dup = shim.litebox
      .descriptors()
      .duplicateDescriptor(parent.files, slot.fd, files, { target: DescriptorTarget.exact(slot.fd), flags: "inherit" });
    if (!dup.ok) return rollback(Errno.EMFILE);
  }
  // 4. The CPU: the caller's registers, returning 0.
  const cpu = platform.createCpu(space.id);
  if (!cpu.ok) return rollback(Errno.ENOMEM);
  prepareChildCpu(cpu.value, thread.cpu, args);
  // 5. The shim's state.
  const child = new PosixProcess({
    pid: pid.value,
    pgid: parent.pgid,
    sid: parent.sid,
    space,
    files,
    credentials: { ...parent.credentials },
    limits: new ResourceLimits(parent.limits),
    cwd: parent.cwd,
    umask: parent.umask,
    signalActions: (flags & CloneFlag.CLONE_SIGHAND) !== 0 ? parent.signalActions : new SignalActions(parent.signalActions),
    exitSignal: flags & CloneFlag.CSIGNAL,
    image: parent.image,
    brk: parent.brk,
    executable: parent.executable,
  });
  for (const key of shim.processExtensions) {
    const spec = key.spec;
    const state = spec.fork ? spec.fork(parent.ext(key), child, flags) : spec.create(child);
    if (typeof state === "number" && spec.fork) return rollback(state, child);
    made.push([key, state]);
  }
  for (const [key, state] of made) child.setExt(key, state);
  shim.processes.addProcess(child);
  const childThread = startThread(shim, child, cpu.value, child.id, thread, flags);
  writeTidWords(shim, thread, childThread, args);
  return childThread;
}

/**
 * CLONE_VFORK: the parent sleeps until the child execs or exits. Like Linux, the sleep is not ended
 * by signals (they stay pending), only by the parent's own death.
 */
function waitForVfork(shim: PosixShim, thread: PosixThread, child: PosixThread): number | Promise<number> {
  let released = false;
  const waiters = new Set<() => void>();
  child.process.vforkRelease = () => {
    released = true;
    for (const wake of [...waiters]) wake();
  };
  const latch = thread.guest.interruptLatch;
  const onlyDeath: InterruptSource = {
    isPending: () => !thread.alive,
    subscribe: (onInterrupt) => latch.subscribe(() => (thread.alive ? undefined : onInterrupt())),
  };
  const tid = child.tid;
  const waited = new WaitContext(shim.platform.time, { interrupt: onlyDeath }).wait(
    () => (released ? tid : WOULD_BLOCK),
    (wake) => {
      waiters.add(wake);
      return () => waiters.delete(wake);
    },
  );
  if (!(waited instanceof Promise)) return isWaitFailure(waited) ? -Errno.EINTR : waited;
  thread.guest.waitingOn = `vfork child ${tid} to exec or exit (pid ${thread.process.id})`;
  return waited.then((r) => (isWaitFailure(r) ? -Errno.EINTR : r));
}
