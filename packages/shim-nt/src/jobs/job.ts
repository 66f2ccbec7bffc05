/**
 * Job objects, with Windows 8's nesting: a job may have a parent job, a process belongs to its
 * immediate job and to every ancestor of it (its job chain), and each job counts the processes of its
 * whole subtree. A job records its limits (active-process limit, breakaway, kill-on-job-close) and
 * its accounting (TotalProcesses, ActiveProcesses, TotalTerminatedProcesses), and is signalled only
 * by termination (TerminateJobObject), never by its processes exiting on their own.
 *
 * @module
 */
import { Events, FdSubsystem, Subject, type EventMask } from "@litebox-ts/core";
import { JobLimit } from "../abi/constants";
import { KernelObject, type Waitable } from "../objects/kernel-object";
import type { NtProcess } from "../process/process";

/** The limit flags this shim implements; others are refused by SetInformationJobObject. */
export const SUPPORTED_JOB_LIMITS =
  JobLimit.ACTIVE_PROCESS | JobLimit.BREAKAWAY_OK | JobLimit.SILENT_BREAKAWAY_OK | JobLimit.KILL_ON_JOB_CLOSE;

/** A job object. */
export class NtJob extends KernelObject implements Waitable {
  /** Notified with IN when the job is terminated. */
  readonly subject = new Subject();
  /** The parent job, once nested. */
  parent: NtJob | undefined;
  /** Jobs nested directly under this one. */
  readonly children = new Set<NtJob>();
  /** Active (not exited) processes of the subtree, in assignment order. */
  readonly active = new Set<NtProcess>();
  /** `LimitFlags` (only {@link SUPPORTED_JOB_LIMITS}). */
  limitFlags = 0;
  /** `ActiveProcessLimit` (meaningful with JOB_OBJECT_LIMIT_ACTIVE_PROCESS). */
  activeProcessLimit = 0;
  /** Every process ever associated with the subtree. */
  totalProcesses = 0;
  /** Processes of the subtree ended by a job termination. */
  totalTerminatedProcesses = 0;
  #signalled = false;
  readonly #onLastHandle: (job: NtJob) => void;

  /** @param onLastHandle - called when the last handle closes (KILL_ON_JOB_CLOSE). */
  constructor(onLastHandle: (job: NtJob) => void) {
    super();
    this.#onLastHandle = onLastHandle;
  }

  /** This job and its ancestors. */
  chain(): NtJob[] {
    const chain: NtJob[] = [this];
    for (let j = this.parent; j !== undefined; j = j.parent) chain.push(j);
    return chain;
  }

  /** True if `ancestor` is this job or one of its ancestors. */
  isWithin(ancestor: NtJob): boolean {
    return this.chain().includes(ancestor);
  }

  /** True when the job has never had a process nor a nested job (a job a process may be nested into). */
  get isEmpty(): boolean {
    return this.totalProcesses === 0 && this.children.size === 0;
  }

  /** Would one more active process break this job's active-process limit? */
  get atProcessLimit(): boolean {
    return (this.limitFlags & JobLimit.ACTIVE_PROCESS) !== 0 && this.active.size >= this.activeProcessLimit;
  }

  /** Lets a child created with `requested` breakaway leave this job (BREAKAWAY_OK asked for, or SILENT_BREAKAWAY_OK). */
  allowsBreakaway(requested: boolean): boolean {
    return (this.limitFlags & JobLimit.SILENT_BREAKAWAY_OK) !== 0 || (requested && (this.limitFlags & JobLimit.BREAKAWAY_OK) !== 0);
  }

  /** The job and its nested jobs, depth first. */
  subtree(): NtJob[] {
    const all: NtJob[] = [this];
    for (const child of this.children) all.push(...child.subtree());
    return all;
  }

  /** Marks the job signalled (termination); it stays signalled. */
  signal(): void {
    this.#signalled = true;
    this.subject.notify(Events.IN);
  }

  /** {@inheritDoc Waitable.isSignalled} */
  isSignalled(): boolean {
    return this.#signalled;
  }

  /** Jobs are not consumed by waits. */
  acquire(): void {}

  /** IN once terminated. */
  pollEvents(): EventMask {
    return this.#signalled ? Events.IN : 0;
  }

  protected override lastHandleClosed(): void {
    this.#onLastHandle(this);
  }
}

/** The descriptor subsystem of job handles. */
export const JOB_OBJECT: FdSubsystem<NtJob> = new FdSubsystem<NtJob>("nt-job");
