/* TerminateJobObject ends every process of the job with the given exit code and signals the job; a
 * job whose processes merely exit is not signalled.
 * Windows (TerminateJobObject): uExitCode is "the exit code to be used by all processes and threads
 * in the job object"; "It is as if TerminateProcess were called for each process associated with
 * the job." A job object is signalled by its termination, not by its processes ending (Wine's
 * test_WaitForJobObject, run on Windows: a wait on a job whose process exits normally times out). */
#include "nt-test.h"

int main(void) {
  HANDLE job = CreateJobObjectA(NULL, NULL);
  PROCESS_INFORMATION pi[3];
  for (int i = 0; i < 3; i++) {
    spawn("sleep", FALSE, 0, NULL, &pi[i]);
    AssignProcessToJobObject(job, pi[i].hProcess);
  }
  say("job signalled before: %lu", WaitForSingleObject(job, 0)); /* 258 */
  say("TerminateJobObject(77): %d", TerminateJobObject(job, 77)); /* 1 */
  for (int i = 0; i < 3; i++) say("member %d exit code: %lu", i, finish(pi[i].hProcess)); /* 77 ×3 */
  say("job signalled after: %lu", WaitForSingleObject(job, 0)); /* 0 */
  say("and stays signalled: %lu", WaitForSingleObject(job, 0)); /* 0 */

  HANDLE quiet = CreateJobObjectA(NULL, NULL);
  PROCESS_INFORMATION q;
  spawn("exit 4", FALSE, CREATE_SUSPENDED, NULL, &q);
  AssignProcessToJobObject(quiet, q.hProcess);
  ResumeThread(q.hThread);
  say("member exited on its own with %lu", finish(q.hProcess)); /* 4 */
  say("that job is signalled: %lu", WaitForSingleObject(quiet, 0)); /* 258 */
  return 0;
}
