/**
 * `LiteBox`: one instance of the library OS (RFC §1.4). It is built from a platform and owns the
 * north-interface subsystems every shim shares — the process registry (with the init process, PID 1,
 * created during construction), the global descriptor table, the pipe subsystem and the futex
 * manager — each built on the narrowest part of the platform it needs (its mutex factory, its clock).
 *
 * @module
 */
import { Descriptors } from "./fd/descriptors";
import type { FileSystemSource } from "./fs/image";
import { Vfs } from "./fs/vfs";
import { FutexManager } from "./futex/manager";
import { Pipes } from "./pipe/pipes";
import type { Provider } from "./platform/provider";
import { ProcessRegistry } from "./process/process-registry";

/** Options of a {@link LiteBox}; each is checked by the subsystem it configures. */
export interface LiteBoxOptions {
  /** Capacity of new pipes in bytes (≥ 4096); default 64 KiB. */
  readonly pipeCapacity?: number;
  /** RLIMIT_NOFILE-style limit of new descriptor storages; default 1024. */
  readonly descriptorLimit?: number;
  /** Hash buckets of the futex manager, a power of two; default the manager's. */
  readonly futexBuckets?: number;
  /**
   * The root of the instance's filesystem: an empty writable in-memory fs (default) or an image.
   * Every shim of the instance shares it (a POSIX and an NT process see the same files).
   */
  readonly fileSystem?: FileSystemSource;
}

/**
 * The address-space id type of a platform type: `AddressSpaceIdOf<TestPlatform>` is `number`.
 */
export type AddressSpaceIdOf<P> = P extends Provider<infer Id> ? Id : never;

/**
 * One LiteBox instance over platform `P`. Shims receive it and reach every shared subsystem through
 * it; `platform` is the south interface they also use directly (address spaces, memory, CPUs).
 */
export class LiteBox<P extends Provider<AddressSpaceIdOf<P>> = Provider> {
  /** The platform this instance runs on. */
  readonly platform: P;
  readonly #registry: ProcessRegistry;
  readonly #descriptors: Descriptors;
  readonly #pipes: Pipes;
  readonly #futexes: FutexManager;
  readonly #fileSystem: Vfs;

  /**
   * Builds the subsystems and creates the init process (PID 1). Throws
   * `InvariantViolation("InvalidArgument")` for an invalid option.
   *
   * @param platform - the south interface. @param options - subsystem settings.
   */
  constructor(platform: P, options: LiteBoxOptions = {}) {
    this.platform = platform;
    this.#descriptors = new Descriptors(platform,
      options.descriptorLimit === undefined ? {} : { defaultLimit: options.descriptorLimit });
    this.#pipes = new Pipes(platform, options.pipeCapacity === undefined ? {} : { capacity: options.pipeCapacity });
    this.#futexes = new FutexManager({
      time: platform.time,
      createMutex: platform.createMutex,
      ...(options.futexBuckets === undefined ? {} : { bucketCount: options.futexBuckets }),
    });
    this.#fileSystem = new Vfs(platform, options.fileSystem === undefined ? {} : { root: options.fileSystem });
    this.#registry = new ProcessRegistry(platform.createMutex);
    // A fresh registry always accepts its init, as PID 1 (the registry's tests hold it to that).
    this.#registry.createProcess();
  }

  /** The process registry (RFC `process_registry`); PID 1 exists in it from construction on. */
  processRegistry(): ProcessRegistry {
    return this.#registry;
  }

  /** The global descriptor table; each process gets a storage from `descriptors().createStorage()`. */
  descriptors(): Descriptors {
    return this.#descriptors;
  }

  /** The pipe subsystem. */
  pipes(): Pipes {
    return this.#pipes;
  }

  /** The futex manager shared by every process (keys carry the platform's discriminator). */
  futexManager(): FutexManager {
    return this.#futexes;
  }

  /** The instance's filesystem, shared by every shim and process (mount more with `mount`). */
  fileSystem(): Vfs {
    return this.#fileSystem;
  }
}
