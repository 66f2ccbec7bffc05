/**
 * Linux error numbers (`include/uapi/asm-generic/errno-base.h` and `errno.h`, which riscv uses
 * unchanged). Syscall handlers return `-Errno.X`. The `ERESTART*` values are the kernel-internal
 * restart codes: a handler interrupted by a signal returns one, and the signal layer either restarts
 * the call or turns it into EINTR before the guest sees it.
 *
 * @module
 */

/** Error numbers by their C names. */
export const Errno = {
  EPERM: 1,
  ENOENT: 2,
  ESRCH: 3,
  EINTR: 4,
  EIO: 5,
  ENXIO: 6,
  E2BIG: 7,
  ENOEXEC: 8,
  EBADF: 9,
  ECHILD: 10,
  EAGAIN: 11,
  ENOMEM: 12,
  EACCES: 13,
  EFAULT: 14,
  ENOTBLK: 15,
  EBUSY: 16,
  EEXIST: 17,
  EXDEV: 18,
  ENODEV: 19,
  ENOTDIR: 20,
  EISDIR: 21,
  EINVAL: 22,
  ENFILE: 23,
  EMFILE: 24,
  ENOTTY: 25,
  ETXTBSY: 26,
  EFBIG: 27,
  ENOSPC: 28,
  ESPIPE: 29,
  EROFS: 30,
  EMLINK: 31,
  EPIPE: 32,
  EDOM: 33,
  ERANGE: 34,
  EDEADLK: 35,
  ENAMETOOLONG: 36,
  ENOLCK: 37,
  ENOSYS: 38,
  ENOTEMPTY: 39,
  ELOOP: 40,
  ENOMSG: 42,
  EIDRM: 43,
  ENODATA: 61,
  ETIME: 62,
  EOVERFLOW: 75,
  EBADFD: 77,
  EILSEQ: 84,
  ENOTSOCK: 88,
  EMSGSIZE: 90,
  ENOPROTOOPT: 92,
  EOPNOTSUPP: 95,
  ETIMEDOUT: 110,
  EALREADY: 114,
  EINPROGRESS: 115,
  ECANCELED: 125,
  EOWNERDEAD: 130,
  ENOTRECOVERABLE: 131,
  /** Kernel-internal: restart if the handler has SA_RESTART (or none ran), else EINTR. */
  ERESTARTSYS: 512,
  /** Kernel-internal: always restart. */
  ERESTARTNOINTR: 513,
  /** Kernel-internal: restart only if no handler runs (ppoll, pause-like waits), else EINTR. */
  ERESTARTNOHAND: 514,
  /** Kernel-internal: restart through restart_syscall (nanosleep). */
  ERESTART_RESTARTBLOCK: 516,
} as const;
/** An error name. */
export type ErrnoName = keyof typeof Errno;
/** An error number. */
export type ErrnoValue = (typeof Errno)[ErrnoName];

/** The kernel-internal restart codes (never visible to a guest). */
export const RESTART_CODES: ReadonlySet<number> = new Set([
  Errno.ERESTARTSYS,
  Errno.ERESTARTNOINTR,
  Errno.ERESTARTNOHAND,
  Errno.ERESTART_RESTARTBLOCK,
]);

/** Largest errno value a syscall result can carry: results in [-4095, -1] are errors (as libc tests). */
export const MAX_ERRNO = 4095;

/** True if a raw a0 value (as a signed 32-bit number) is an error return. */
export function isErrorReturn(value: number): boolean {
  const signed = value | 0;
  return signed < 0 && signed >= -MAX_ERRNO;
}
