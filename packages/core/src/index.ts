/**
 * `@litebox-ts/core`: the platform-agnostic core of LiteBox-TS. The north interface (process registry,
 * descriptors, pipes, futexes, readiness events, waits) serves shims; the south interface (provider,
 * address spaces, pages, guest memory, mutex, time) is what platforms implement.
 *
 * @packageDocumentation
 */

// util
export { ok, err } from "./util/result";
export type { Ok, Err, Result } from "./util/result";
export { InvariantViolation } from "./util/invariant";
export type { InvariantCode } from "./util/invariant";

// platform (south)
export { AddressSpaceKind, AddressSpaceError } from "./platform/address-space";
export type { AddressRange, AddressSpaceProvider, AddressSpaceProviderClass } from "./platform/address-space";
export { PAGE_SIZE, Prot, PageError, memoryFault } from "./platform/memory";
export type {
  AccessKind,
  GuestMemoryProvider,
  Mapping,
  MemoryFault,
  SharedMemoryObject,
  PageInfo,
  PageManagementProvider,
  Protection,
} from "./platform/memory";
export { ReentrancyDetectingMutex, defaultMutexFactory, withLock } from "./platform/mutex";
export type { RawMutex, RawMutexFactory } from "./platform/mutex";
export { RealClock, VirtualClock } from "./platform/time";
export type { TimeProvider, TimerHandle } from "./platform/time";
export type { Provider, RawMutexProvider, TimeSourceProvider } from "./platform/provider";
export type {
  AddressSpaceCloneProvider,
  ExecutionProvider,
  PlatformResourceStats,
  ResourceStatsProvider,
} from "./platform/execution";
export { forkAddressSpace } from "./memory/fork";
export type { ForkAddressSpaceError } from "./memory/fork";

// event
export { ALL_EVENTS, ALWAYS_POLLED, Events, visibleEvents } from "./event/events";
export type { EventMask } from "./event/events";
export { Subject } from "./event/subject";
export type { Observer, Pollable, Registration } from "./event/subject";
export {
  InterruptLatch,
  WAIT_INTERRUPTED,
  WAIT_TIMED_OUT,
  WOULD_BLOCK,
  WaitContext,
  isWaitFailure,
} from "./event/wait";
export type {
  InterruptSource,
  WaitFailure,
  WaitInterrupted,
  WaitOptions,
  WaitResult,
  WaitTimedOut,
  WakeRegistrar,
  WouldBlock,
} from "./event/wait";

// futex
export { DEFAULT_FUTEX_BUCKETS, FUTEX_BITSET_MATCH_ANY, FutexManager } from "./futex/manager";
export type {
  FutexKey,
  FutexManagerOptions,
  FutexRequeueCompare,
  FutexWaitOptions,
  FutexWordReader,
} from "./futex/manager";
export { futexInvalidArgument, futexValueMismatch } from "./futex/errors";
export type {
  FutexInvalidArgument,
  FutexInvalidReason,
  FutexRequeueError,
  FutexValueMismatch,
  FutexWaitError,
  FutexWaitOutcome,
  FutexWaitResult,
  FutexWakeError,
} from "./futex/errors";

// process
export { ProcessId } from "./process/process-id";
export { ProcessState } from "./process/process-context";
export type { ExitNotification, ProcessContext, ProcessExited, ProcessRunning } from "./process/process-context";
export { CreateProcessError } from "./process/create-process-error";
export { PROCESS_EXIT_EVENTS } from "./process/exit-observer";
export type { ExitedFlag, ProcessExitObserver } from "./process/exit-observer";
export { ProcessRegistry, detachOrphans, reparentOrphansToInit } from "./process/process-registry";
export type { OrphanHandler } from "./process/process-registry";

// sched (execution: CPU contexts, guest threads, the scheduler)
export { Scheduler } from "./sched/scheduler";
export type { BlockedThread, RunReport, SchedulerOptions } from "./sched/scheduler";
export { GuestThread } from "./sched/thread";
export type { ShimAction, ShimEntry, ShimOutcome, ThreadState } from "./sched/thread";
export type { CpuContext, CpuRegisters, CpuStop } from "./sched/cpu";
export { SeededRandom } from "./util/random";

// fd
export { AccessMode, FdSubsystem } from "./fd/subsystem";
export type { FdEnabledSubsystemEntry } from "./fd/subsystem";
export { DescriptorEntry } from "./fd/entry";
export { DescriptorError } from "./fd/errors";
export type {
  CloseDescriptorError,
  DescriptorLookupError,
  DescriptorOpenError,
  DuplicateDescriptorError,
} from "./fd/errors";
export { DescriptorTarget } from "./fd/target";
export {
  DEFAULT_DESCRIPTOR_LIMIT,
  DescriptorFlags,
  MAX_DESCRIPTOR_LIMIT,
  RawDescriptorStorage,
} from "./fd/storage";
export type { DescriptorSlot } from "./fd/storage";
export { Descriptors } from "./fd/descriptors";
export type {
  DescriptorsOptions,
  DuplicateDescriptorOptions,
  OpenDescriptorOptions,
  StorageOptions,
} from "./fd/descriptors";

// pipe
export { PipeError } from "./pipe/errors";
export type { PipeIoResult, PipeReadError, PipeWriteError } from "./pipe/errors";
export { DEFAULT_PIPE_CAPACITY, PIPE_BUF, PipeReadEnd, PipeWriteEnd } from "./pipe/pipe";
export type { PipeEnd, PipeIoOptions } from "./pipe/pipe";
export { PIPE_SUBSYSTEM, Pipes } from "./pipe/pipes";
export type { CreatePipeOptions, OpenPipeOptions, OpenedPipe, PipePair, PipesOptions } from "./pipe/pipes";

// fs (the in-memory filesystem: mounts, images, path operations, open files behind descriptors)
export { FsError } from "./fs/errors";
export type {
  AccessError,
  GetcwdError,
  ImageError,
  ImageErrorCode,
  MkdirError,
  MountError,
  OpenError,
  PathError,
  ReadDirectoryError,
  ReadError,
  ReadExecutableError,
  ReadlinkError,
  RenameError,
  RmdirError,
  SeekError,
  StatError,
  SymlinkError,
  TruncateError,
  UnlinkError,
  WriteError,
} from "./fs/errors";
export { AccessRight, FileMode, FileType, ROOT_CREDENTIALS } from "./fs/mode";
export type { Credentials } from "./fs/mode";
export { CHUNK_SIZE } from "./fs/content";
export { NAME_MAX, PATH_MAX } from "./fs/path";
export { MAX_SYMLINKS } from "./fs/lookup";
export type { Stat, Timespec } from "./fs/stat";
export { DirectoryRef } from "./fs/directory-ref";
export { EMPTY_IMAGE, FileSystemImage, buildImage } from "./fs/image";
export type {
  FileSystemSource,
  ImageDirectoryEntry,
  ImageEntry,
  ImageFileEntry,
  ImageOwner,
  ImagePath,
  ImageSymlinkEntry,
} from "./fs/image";
export { FILE_SUBSYSTEM, OpenFile, SeekWhence } from "./fs/open-file";
export type { DirectoryEntryInfo, WriteOptions } from "./fs/open-file";
export { DEFAULT_FS_CAPACITY, DEFAULT_MAX_FILE_SIZE, Vfs } from "./fs/vfs";
export type {
  CredentialsOption,
  ExecutableFile,
  OpenDescriptorFileOptions,
  OpenOptions,
  OpenedFile,
  StatOptions,
  VfsOptions,
} from "./fs/vfs";

// testing (a deterministic in-memory platform: a test double shipped next to the interface)
export { SharedMemoryTestPlatform, TestPlatform } from "./testing/test-platform";
export type { FaultableOperation, TestPlatformOptions } from "./testing/test-platform";
export { EBREAK, ECALL, NOP, TestCpu } from "./testing/test-cpu";
export type { InstructionFetcher } from "./testing/test-cpu";

// LiteBox (one instance of the library OS: the registry with PID 1, descriptors, pipes, futexes)
export { LiteBox } from "./litebox";
export type { AddressSpaceIdOf, LiteBoxOptions } from "./litebox";
