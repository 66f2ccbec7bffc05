/* The active-process limit is enforced. Windows (JOBOBJECT_BASIC_LIMIT_INFORMATION,
 * ActiveProcessLimit): "If you try to associate a process with a job, and this causes the active
 * process count to exceed this limit, the process is terminated and the association fails."
 * (AssignProcessToJobObject remarks say the same.) A process in the job creating a child beyond the
 * limit fails with ERROR_NOT_ENOUGH_QUOTA (1816). (Wine does not enforce the limit; Windows does.) */
#include "nt-test.h"

int main(void) {
  HANDLE job = CreateJobObjectA(NULL, NULL);
  JOBOBJECT_BASIC_LIMIT_INFORMATION limit;
  memset(&limit, 0, sizeof limit);
  limit.LimitFlags = JOB_OBJECT_LIMIT_ACTIVE_PROCESS;
  limit.ActiveProcessLimit = 2;
  say("limit 2: %d", SetInformationJobObject(job, JobObjectBasicLimitInformation, &limit, sizeof limit)); /* 1 */
  PROCESS_INFORMATION a, b, c;
  spawn("sleep", FALSE, 0, NULL, &a);
  say("first member: %d", AssignProcessToJobObject(job, a.hProcess)); /* 1 */
  spawn("sleep", FALSE, 0, NULL, &b);
  say("second member: %d", AssignProcessToJobObject(job, b.hProcess)); /* 1 */
  spawn("sleep", FALSE, 0, NULL, &c);
  BOOL ok = AssignProcessToJobObject(job, c.hProcess);
  say("third member: %d error=%lu", ok, ok ? 0UL : GetLastError()); /* 0 error=1816 */
  say("the refused process was terminated: %lu", WaitForSingleObject(c.hProcess, INFINITE)); /* 0 */
  TerminateProcess(b.hProcess, 0);
  finish(b.hProcess);
  say("a slot is free again: %d", AssignProcessToJobObject(job, GetCurrentProcess())); /* 1 */
  PROCESS_INFORMATION d;
  ok = spawn("exit 0", FALSE, 0, NULL, &d);
  say("CreateProcess from inside the full job: %d error=%lu", ok, ok ? 0UL : GetLastError()); /* 0 error=1816 */
  limit.ActiveProcessLimit = 3;
  SetInformationJobObject(job, JobObjectBasicLimitInformation, &limit, sizeof limit);
  ok = spawn("exit 6", FALSE, 0, NULL, &d);
  say("after raising the limit: %d exit=%lu", ok, ok ? finish(d.hProcess) : 0UL); /* 1 exit=6 */
  TerminateProcess(a.hProcess, 0);
  return 0;
}
