/**
 * pipe2(2): O_CLOEXEC and O_NONBLOCK; any other flag is EINVAL (Linux also takes O_DIRECT for packet
 * mode, which the core's pipes do not have — see the README). EMFILE when two numbers are not free;
 * EFAULT (and nothing left open) when the result array cannot be written.
 *
 * @module
 */
import { Errno } from "../abi/errno";
import { OpenFlag } from "../abi/fcntl";
import type { SyscallContext } from "./context";

const PIPE2_FLAGS = OpenFlag.O_CLOEXEC | OpenFlag.O_NONBLOCK;

function pipe2(ctx: SyscallContext): number {
  const fds = ctx.arg(0);
  const flags = ctx.arg(1);
  if ((flags & ~PIPE2_FLAGS) !== 0) return -Errno.EINVAL;
  const files = ctx.process.files;
  const opened = ctx.shim.litebox.pipes().openPipe(files, {
    closeOnExec: (flags & OpenFlag.O_CLOEXEC) !== 0,
    nonBlocking: (flags & OpenFlag.O_NONBLOCK) !== 0,
  });
  if (!opened.ok) return -Errno.EMFILE;
  const words = new Uint8Array(new Int32Array([opened.value.readFd, opened.value.writeFd]).buffer);
  const written = ctx.memory.writeBytes(fds, words);
  if (!written.ok) {
    files.close(opened.value.readFd);
    files.close(opened.value.writeFd);
    return -written.error;
  }
  return 0;
}

/** The pipe handlers. */
export const PIPE_SYSCALLS = { pipe2 } as const;
