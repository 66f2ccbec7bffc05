/* Job membership: AssignProcessToJobObject, IsProcessInJob (a given job, or any job with NULL), and
 * a process already in a job cannot join an unrelated job.
 * Windows (IsProcessInJob): JobHandle "If this parameter is NULL, the function tests if the process
 * is running under any job." (AssignProcessToJobObject): "If the process is already associated with
 * a job, the job specified by hJob must be empty or it must be in the hierarchy of nested jobs to
 * which the process already belongs" — otherwise it fails with ERROR_ACCESS_DENIED (5). Membership
 * outlives the process: Wine's test_IsProcessInJob (run on Windows) still finds a terminated
 * member in its job. */
#include "nt-test.h"

int main(void) {
  HANDLE job = CreateJobObjectA(NULL, NULL);
  PROCESS_INFORMATION pi;
  spawn("sleep", FALSE, 0, NULL, &pi);
  BOOL in = TRUE;
  say("IsProcessInJob(child, job): %d %d", IsProcessInJob(pi.hProcess, job, &in), in); /* 1 0 */
  say("IsProcessInJob(child, any): %d %d", IsProcessInJob(pi.hProcess, NULL, &in), in); /* 1 0 */
  say("AssignProcessToJobObject: %d", AssignProcessToJobObject(job, pi.hProcess));      /* 1 */
  say("IsProcessInJob(child, job): %d %d", IsProcessInJob(pi.hProcess, job, &in), in); /* 1 1 */
  say("IsProcessInJob(child, any): %d %d", IsProcessInJob(pi.hProcess, NULL, &in), in); /* 1 1 */
  say("assigning again to the same job: %d", AssignProcessToJobObject(job, pi.hProcess)); /* 1 */
  HANDLE other = CreateJobObjectA(NULL, NULL);
  PROCESS_INFORMATION member;
  spawn("sleep", FALSE, 0, NULL, &member);
  AssignProcessToJobObject(other, member.hProcess); /* the other job is not empty */
  say("IsProcessInJob(child, other job): %d %d", IsProcessInJob(pi.hProcess, other, &in), in); /* 1 0 */
  BOOL ok = AssignProcessToJobObject(other, pi.hProcess);
  say("AssignProcessToJobObject(unrelated job): %d error=%lu", ok, ok ? 0UL : GetLastError()); /* 0 error=5 */
  IsProcessInJob(GetCurrentProcess(), NULL, &in);
  say("this process is in a job: %d", in); /* 0 */
  TerminateJobObject(job, 0);
  TerminateJobObject(other, 0);
  finish(pi.hProcess);
  say("after termination, IsProcessInJob(child, job): %d %d", IsProcessInJob(pi.hProcess, job, &in), in); /* 1 1 */
  return 0;
}
