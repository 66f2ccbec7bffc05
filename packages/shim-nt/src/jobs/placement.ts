/**
 * Job membership decisions: which job a new child lands in (inheritance and breakaway, as nested
 * jobs define them) and whether an existing process may be assigned to a job.
 *
 * @module
 */
import { err, ok, type Result } from "@litebox-ts/core";
import { NtStatus } from "../abi/status";
import type { NtProcess } from "../process/process";
import type { NtJob } from "./job";

/**
 * The immediate job of a child whose parent's immediate job is `parentJob`. The child joins the
 * parent's job chain unless the immediate job lets it break away (BREAKAWAY_OK with
 * CREATE_BREAKAWAY_FROM_JOB, or SILENT_BREAKAWAY_OK); then it leaves that job and every ancestor that
 * lets it too, stopping at the first that does not. Asking to break away from a job that does not
 * allow it is `ACCESS_DENIED`; a job (of the resulting chain) at its active-process limit is
 * `QUOTA_EXCEEDED` (ERROR_NOT_ENOUGH_QUOTA).
 */
export function placeChild(parentJob: NtJob | undefined, breakaway: boolean): Result<NtJob | undefined, NtStatus> {
  if (parentJob === undefined) return ok(undefined);
  let target: NtJob | undefined = parentJob;
  if (parentJob.allowsBreakaway(breakaway)) {
    target = parentJob.parent;
    while (target !== undefined && target.allowsBreakaway(breakaway)) target = target.parent;
  } else if (breakaway) {
    return err(NtStatus.ACCESS_DENIED);
  }
  if (target !== undefined && target.chain().some((j) => j.atProcessLimit)) return err(NtStatus.QUOTA_EXCEEDED);
  return ok(target);
}

/** What assigning a process to a job does. */
export type AssignPlan =
  /** The job is already in the process's chain: nothing changes. */
  | { readonly kind: "already" }
  /** The process joins `job` as its immediate job; `nestUnder` (if any) becomes `job`'s parent. */
  | { readonly kind: "join"; readonly nestUnder: NtJob | undefined };

/**
 * Decides AssignProcessToJobObject (Windows 8 rules). An exited process: `ACCESS_DENIED`. A process
 * in no job joins. A process already in `job`'s hierarchy: nothing to do. Otherwise `job` must be an
 * immediate child of the process's immediate job (the process moves down into it), or empty with no
 * parent (it is nested under the process's immediate job); any other job is unrelated:
 * `ACCESS_DENIED`. Then every job of the resulting chain that would exceed its active-process limit
 * makes it `QUOTA_EXCEEDED`.
 */
export function planAssignment(process: NtProcess, job: NtJob): Result<AssignPlan, NtStatus> {
  if (process.state !== "running") return err(NtStatus.ACCESS_DENIED);
  const current = process.job;
  if (current !== undefined && current.isWithin(job)) return ok({ kind: "already" });
  let nestUnder: NtJob | undefined;
  if (current !== undefined) {
    if (job.parent === current) nestUnder = undefined;
    else if (job.parent === undefined && job.isEmpty && !current.isWithin(job)) nestUnder = current;
    else return err(NtStatus.ACCESS_DENIED);
  }
  const chain = [job, ...(nestUnder ? nestUnder.chain() : job.parent ? job.parent.chain() : [])];
  const already = new Set(process.jobChain());
  if (chain.some((j) => !already.has(j) && j.atProcessLimit)) return err(NtStatus.QUOTA_EXCEEDED);
  return ok({ kind: "join", nestUnder });
}
