/**
 * execve(2). Everything that can fail happens before the point of no return, against a fresh address
 * space, so a failure returns `-errno` with the old image intact: the path is read and looked up, argv
 * and envp are copied out of the old image (with Linux's limits), a new space is created and the
 * program loaded into it. Then, past the point of no return: the other threads die (a non-leader
 * caller takes over the leader's tid, as de_thread does), a vfork parent is released, close-on-exec
 * descriptors are closed through the hooks, caught signals go back to SIG_DFL (ignored ones stay
 * ignored), the new space is activated for the calling thread (under `setCurrentCpu`), the old one
 * released, and the registers reset to the new entry point. Same pid.
 *
 * @module
 */
import { MAX_ARG_STRINGS, MAX_ARG_STRLEN, Rlimit } from "../abi/constants";
import { Errno } from "../abi/errno";
import type { ImageLoadError } from "../programs/image-loader";
import { resolvePath, type ProgramLookupError } from "../programs/program-source";
import type { PosixShim } from "../shim/posix-shim";
import { createAddressSpace, endThread, loadImage, releaseAddressSpace, releaseVfork } from "./lifecycle";
import type { PosixThread } from "./posix-thread";
import { SignalActions } from "./signal-state";

/** execve's arguments (guest pointers). */
export interface ExecArgs {
  /** The path. */
  readonly path: number;
  /** argv (NULL-terminated pointer array; NULL means empty). */
  readonly argv: number;
  /** envp. */
  readonly envp: number;
}

function lookupErrno(error: ProgramLookupError): number {
  switch (error) {
    case "NotFound":
      return Errno.ENOENT;
    case "PermissionDenied":
      return Errno.EACCES;
    case "NotDirectory":
      return Errno.ENOTDIR;
    case "Loop":
      return Errno.ELOOP;
    case "NameTooLong":
      return Errno.ENAMETOOLONG;
  }
}

/** The errno of a loader failure. */
export function loadErrno(error: ImageLoadError): number {
  switch (error._tag) {
    case "ElfFormatError":
    case "ElfNotSupported":
      return Errno.ENOEXEC;
    case "ElfMapError":
      return Errno.ENOMEM;
    case "InitialStackError":
      return error.code === "ArgumentListTooLong" ? Errno.E2BIG : Errno.ENOMEM;
  }
}

/** execve for the calling `thread`: `-errno` (old image intact), or true once the new image runs. */
export function execve(shim: PosixShim, thread: PosixThread, args: ExecArgs): number | true {
  const process = thread.process;
  const memory = shim.memoryOf(process);
  const path = memory.readPath(args.path);
  if (!path.ok) return -path.error;
  if (path.value === "") return -Errno.ENOENT;
  const resolved = resolvePath(process.cwd, path.value);
  const found = shim.programs?.lookup(resolved, { path: path.value, process });
  if (found === undefined) return -Errno.ENOENT;
  if (!found.ok) return -lookupErrno(found.error);
  // Linux: argv + envp may use a quarter of the stack limit.
  const stackLimit = process.limits.soft(Rlimit.RLIMIT_STACK);
  const limits = {
    maxCount: MAX_ARG_STRINGS,
    maxStringLength: MAX_ARG_STRLEN - 1,
    maxTotalBytes: Number.isFinite(stackLimit) ? Math.max(Math.floor(stackLimit / 4), 32 * 4096) : 0x7fff_ffff,
  };
  const argv = memory.readStringVector(args.argv, limits);
  if (!argv.ok) return -argv.error;
  const envp = memory.readStringVector(args.envp, {
    ...limits,
    maxTotalBytes: limits.maxTotalBytes - argv.value.reduce((n, s) => n + s.length + 5, 0),
  });
  if (!envp.ok) return -envp.error;

  const space = createAddressSpace(shim);
  if (!space.ok) return -Errno.ENOMEM;
  const creds = process.credentials;
  const loaded = loadImage(shim, space.value, found.value.bytes, argv.value, envp.value, new TextEncoder().encode(path.value), creds);
  if (!loaded.ok) {
    releaseAddressSpace(shim, space.value);
    return -loadErrno(loaded.error);
  }

  // ---- point of no return ----
  const table = shim.processes;
  for (const other of [...process.threads]) if (other !== thread) endThread(shim, other);
  if (thread.tid !== process.id) {
    table.removeThread(thread);
    thread.tid = process.id;
    table.addThread(thread);
  }
  releaseVfork(process);
  process.files.closeOnExec();
  // A CLONE_SIGHAND sharer (CLONE_VM|CLONE_SIGHAND child) gets its own table first.
  process.signalActions = new SignalActions(process.signalActions);
  process.signalActions.resetForExec();
  const old = process.space;
  // mm_release on the old memory: clear_child_tid is cleared (and woken if someone still uses it).
  if (thread.clearChildTid !== 0 && old.users > 1) {
    if (memory.writeU32(thread.clearChildTid, 0).ok) {
      const key = shim.futexKey(process, thread.clearChildTid, true);
      shim.litebox.futexManager().wake(key.discriminator, key.address, 1);
    }
  }
  thread.clearChildTid = 0;
  const platform = shim.platform;
  const previous = platform.setCurrentCpu(thread.cpu);
  try {
    platform.activateAddressSpace(space.value.id);
  } finally {
    platform.setCurrentCpu(previous);
  }
  process.space = space.value;
  releaseAddressSpace(shim, old);
  const image = loaded.value;
  process.image = { brkStart: image.brk, stackBase: image.stack.stackBase, stackTop: image.stack.stackTop, entry: image.entry };
  process.brk = image.brk;
  process.executable = found.value.path;
  process.hasExeced = true;
  const cpu = thread.cpu;
  for (let r = 1; r < 32; r++) cpu.setRegister(r, 0);
  cpu.setRegister(2, image.sp);
  cpu.pc = image.entry;
  for (const key of shim.processExtensions) {
    const exec = key.spec.exec;
    if (exec) process.setExt(key, exec(process.ext(key), process));
  }
  for (const key of shim.threadExtensions) {
    const exec = key.spec.exec;
    if (exec) thread.setExt(key, exec(thread.ext(key), thread));
  }
  return true;
}
