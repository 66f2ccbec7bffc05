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

// the shim (architecture: PosixShim, options, installers, seams)
export { PosixShim } from "./shim/posix-shim";
export type { AnyLiteBox } from "./shim/posix-shim";
export type { PosixShimOptions, StdioHooks, TraceSink } from "./shim/options";
export type { Installer, ShimInstaller } from "./shim/installer";
export { addressSpaceFutexKeys } from "./shim/futex-key";
export type { FutexKeyOf, FutexKeyResolver } from "./shim/futex-key";
export { INSTALLERS } from "./syscalls/install";

// processes and threads
export { PosixProcess } from "./process/posix-process";
export type { ImageLayout, PosixProcessState } from "./process/posix-process";
export { PosixThread } from "./process/posix-thread";
export type { SyscallRestart } from "./process/posix-thread";
export { AddressSpaceRef, guestRangeOf } from "./process/address-space-ref";
export { ResourceLimits, credentials } from "./process/credentials";
export type { Credentials, LimitDefaults, ResourceLimit } from "./process/credentials";
export { ProcessExtension, ThreadExtension } from "./process/extensions";
export type { ExtensionForkError, ProcessExtensionSpec, ThreadExtensionSpec } from "./process/extensions";
export { SignalActions, signalBit } from "./process/signal-state";
export type { SignalAction } from "./process/signal-state";
export type { SignalInfo, SignalLayer, SignalTarget, ThreadException } from "./process/signal-seam";
export { FIRST_THREAD_ID, ProcessTable } from "./process/process-table";
export type { InitRecord } from "./process/process-table";
export { DEFAULT_STACK_SIZE } from "./process/lifecycle";
export type { SpawnError, SpawnOptions, SpawnedProgram } from "./process/lifecycle";
export { ProvisionalSignalLayer, exceptionSignal } from "./signal/provisional";

// signals (the signal layer: delivery, frames, pending queues, job control)
export { installSignals } from "./syscalls/signal";
export { UAPI_SA_FLAGS } from "./syscalls/signal-masks";
export { PosixSignalLayer, UNBLOCKABLE, handlerIgnores } from "./signal/layer";
export { PendingSignals, SYNCHRONOUS_MASK, lowestSignal, nextSignal } from "./signal/pending";
export {
  ContextMagic,
  FRAME_ALIGNMENT,
  RtSigframeLayout,
  SIGRETURN_TRAMPOLINE_CODE,
  SigcontextLayout,
  UcontextLayout,
} from "./signal/frame-layout";
export { buildFrame, readFrame } from "./signal/frame";
export type { BadFrame, RestoredContext } from "./signal/frame";
export { encodeSiginfo } from "./signal/siginfo";
export { TRAMPOLINE_PREFERRED_ADDRESS, mapTrampoline } from "./signal/trampoline";
export { PROCESS_SIGNALS, THREAD_SIGNALS, noAltStack } from "./signal/state";
export type { AltStack, JobControl, JobReport, ProcessSignals, ThreadSignals, TrampolineState } from "./signal/state";
export type { JobReportQuery } from "./signal/job-control";
export { childJobReport, setSignalMask } from "./signal/process-core-hooks";

// syscalls (dispatch table, context, guest memory)
export { CONTROL_TRANSFERRED, SyscallTable, THREAD_EXITED } from "./syscalls/table";
export type { SyscallEntry, SyscallHandler, SyscallResult } from "./syscalls/table";
export { SyscallContext } from "./syscalls/context";
export { StructBuffer, StructReader, UserMemory } from "./memory/user-memory";
export type { ErrnoResult, Iovec, StringVectorLimits, UserMemoryPlatform } from "./memory/user-memory";
export { MAX_IO_CHUNK, entryFor, raiseSigpipeOnEpipe, readInto, writeFrom } from "./syscalls/io";

// descriptors and stdio
export { FileOpsRegistry } from "./io/file-ops";
export type { FileOps, FileStat, IoOutcome } from "./io/file-ops";
export { ALWAYS_WRITABLE, HostInput, STDIO_SUBSYSTEM, StdioObject } from "./io/stdio";
export type { HostOutput, StdioStream } from "./io/stdio";

// programs
export { MapProgramSource, ProgramLookupError, resolvePath } from "./programs/program-source";
export type { ProgramFile, ProgramLookupContext, ProgramSource } from "./programs/program-source";
export type { ImageLoadError, ImageLoadOptions, ImageLoadTarget, ImageLoader, LoadedImage } from "./programs/image-loader";

// files (the in-memory filesystem behind descriptors; the fs program source)
export { installFileSyscalls, shimFiles } from "./syscalls/fs";
export { ShimFiles, openFileOf } from "./fs/shim-files";
export type { AtTarget, ProcessFiles } from "./fs/shim-files";
export { FILE_OPS, FS_MINOR_BASE, fileStatOf } from "./fs/file-ops";
export { FileSystemProgramSource } from "./fs/program-source";
export { fsErrno } from "./fs/errno";
export { DirentType, direntBytes, direntLength } from "./fs/dirent";
export { StatxAttribute, StatxMaskExtra, statxBytes } from "./fs/statx";
export type { StatxSource } from "./fs/statx";
export { RenameFlag } from "./fs/namespace-syscalls";
export { VALID_OPEN_FLAGS } from "./fs/open";

// memory, futexes, time and the rest (brk/mmap2/munmap/mprotect, futex_time64, clocks, uname, getrandom, prlimit64…)
export { installMemoryTimeAndMisc } from "./mm/install";
export { MemoryLayer, memoryLayerOf } from "./mm/memory-layer";
export { SpaceMemoryState } from "./mm/space-state";
export type { WritablePiece } from "./mm/space-state";
export { ObjectTally, SharedObjectRegistry } from "./mm/shared-objects";
export { MMAP_MIN_ADDR, STACK_GUARD_GAP, geometryOf, pageDown, pageUp } from "./mm/geometry";
export type { SpaceGeometry } from "./mm/geometry";
export { findFreeArea, guestMappings, mappedBytes } from "./mm/mappings";
export type { GuestMapping } from "./mm/mappings";
export { LEGACY_MAP_MASK, checkFileMapping } from "./mm/file-mapping";
export type { FileSource } from "./mm/file-mapping";
export { MM_SHARED_KEY_BASE, SHARED_OBJECT_KEY_BASE, sharedMemoryFutexKeys } from "./mm/futex-keys";
export { pageProtection } from "./syscalls/mm";
export {
  BOOT_UPTIME_NS,
  COARSE_TICK_NS,
  NS_PER_INSTRUCTION,
  PROCESS_TIME,
  REALTIME_EPOCH_SECONDS,
  THREAD_TIME,
  decodeClock,
  processCpuNs,
  threadCpuNs,
} from "./time/clocks";
export type { ClockSpec, ProcessTime, RestartFunction, ThreadTime } from "./time/clocks";
export { NS_PER_SECOND, isValidTimespec, readTimespec, writeTimespec } from "./time/timespec";
export type { Timespec } from "./time/timespec";
export { NR_CPUS, NR_OPEN, UNAME_MACHINE, UNAME_RELEASE, UNAME_VERSION } from "./syscalls/misc";
