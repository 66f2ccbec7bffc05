/**
 * Execution and fork support: the parts of the south interface that give guest threads a CPU and let
 * a shim duplicate an address space. Platforms implement them; the scheduler and the shims use them.
 *
 * @module
 */
import type { CpuContext } from "../sched/cpu";
import type { AddressSpaceError } from "./address-space";
import type { Result } from "../util/result";

/**
 * Gives guest threads a CPU over the platform's memory, and defines what "the current thread" is for
 * the RFC's per-thread activation.
 *
 * Every CPU context is a thread with its own active address space (initially the one it was created
 * in); the host — code running outside any guest thread — is one more context. The scheduler makes a
 * thread current for the whole of its slice (its instructions and the shim calls on its traps) through
 * {@link ExecutionProvider.setCurrentCpu}; `activateAddressSpace` then switches *that thread's* space,
 * which is also the space its CPU executes in from then on (execve). A shim continuing a thread's work
 * after a blocking wait wraps it in `setCurrentCpu(cpu)` … `setCurrentCpu(previous)`.
 */
export interface ExecutionProvider<Id> {
  /**
   * Creates a CPU context (registers zero, pc 0) that executes in address space `space`. Threads of one
   * process share their space: their contexts see each other's stores (and break each other's LR
   * reservations). `InvalidId` if the space does not exist.
   */
  createCpu(space: Id): Result<CpuContext, AddressSpaceError>;
  /**
   * Makes `cpu` the current thread (`undefined`: the host context) and returns the previous one.
   * Activation and `activeAddressSpace` apply to the current thread.
   */
  setCurrentCpu(cpu: CpuContext | undefined): CpuContext | undefined;
  /** The address space `cpu` executes in now (after any activation), or `undefined` if it was destroyed. */
  cpuAddressSpace(cpu: CpuContext): Id | undefined;
}

/**
 * Copy-on-write duplication of an address space (RFC §2.1: on Isolated platforms "the platform handles
 * memory isolation; the shim does not need to manage CoW"). Isolated platforms implement it; on
 * SharedMemory platforms the shim separates memory itself, with the core's
 * {@link forkAddressSpace} helper.
 */
export interface AddressSpaceCloneProvider<Id> {
  /**
   * Creates a new address space whose private pages are copy-on-write copies of `parent`'s and whose
   * shared pages map the same shared memory objects. All-or-nothing: on failure nothing is left behind.
   */
  cloneAddressSpace(parent: Id): Result<Id, AddressSpaceError>;
}

/** Resource counts for leak checks (each number back to its initial value after every space is destroyed). */
export interface PlatformResourceStats {
  /** Live address spaces. */
  readonly addressSpaces: number;
  /** Platform-specific counters (frames in use, regions in use, ASIDs in use, shared objects…). */
  readonly counters: Readonly<Record<string, number>>;
}

/** Reports resource usage for leak checks. */
export interface ResourceStatsProvider {
  /** A snapshot of the platform's resource counters. */
  resourceStats(): PlatformResourceStats;
}
