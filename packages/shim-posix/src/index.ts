/**
 * LiteBox-TS POSIX shim: the Linux rv32 syscall ABI for many processes.
 *
 * @packageDocumentation
 */

/** The package's name, as published. */
export const PACKAGE_NAME = "@litebox-ts/shim-posix";

// abi (numbers, errno, signals, flags, struct layouts of Linux rv32)
export { ABSENT_ON_RV32, Sys, syscallName } from "./abi/syscall-numbers";
export type { SyscallName } from "./abi/syscall-numbers";
export { Errno, MAX_ERRNO, RESTART_CODES, isErrorReturn } from "./abi/errno";
export type { ErrnoName, ErrnoValue } from "./abi/errno";
export {
  DefaultAction,
  KERNEL_SIGSET_SIZE,
  MINSIGSTKSZ,
  NSIG,
  SaFlags,
  SiCode,
  SigHandler,
  SigaltstackFlags,
  Signal,
  SigprocmaskHow,
  defaultAction,
  isValidSignal,
} from "./abi/signals";
export type { SignalName } from "./abi/signals";
export {
  IdType,
  WAITID_VALID_OPTIONS,
  WaitOption,
  decodeWaitStatus,
  exitedStatus,
  signaledStatus,
} from "./abi/wait";
export type { DecodedWaitStatus } from "./abi/wait";
export { CLONE_NAMESPACE_FLAGS, CloneFlag } from "./abi/clone";
export {
  AtFlag,
  FD_CLOEXEC,
  FcntlCmd,
  FileMode,
  IOV_MAX,
  Ioctl,
  MAX_RW_COUNT,
  OpenFlag,
  PATH_MAX,
  SETFL_MASK,
  Whence,
} from "./abi/fcntl";
export {
  ClockId,
  FUTEX_BITSET_MATCH_ANY,
  FutexOp,
  GetrandomFlag,
  MAX_ARG_STRINGS,
  MAX_ARG_STRLEN,
  MMAP2_UNIT,
  MapFlag,
  ProtFlag,
  RLIM64_INFINITY,
  RLIM_NLIMITS,
  Rlimit,
  TIMER_ABSTIME,
} from "./abi/constants";
export {
  Dirent64Layout,
  IovecLayout,
  OldTimevalLayout,
  PollfdLayout,
  Rlimit64Layout,
  RusageLayout,
  SigactionLayout,
  SiginfoLayout,
  StackTLayout,
  StatxLayout,
  StatxMask,
  StatxTimestampLayout,
  TermiosLayout,
  Timespec64Layout,
  UtsnameLayout,
  WinsizeLayout,
} from "./abi/layouts";
