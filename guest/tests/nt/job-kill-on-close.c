/* JOB_OBJECT_LIMIT_KILL_ON_JOB_CLOSE: closing the last handle to the job terminates its processes.
 * Windows (JOBOBJECT_BASIC_LIMIT_INFORMATION): "Causes all processes associated with the job to
 * terminate when the last handle to the job is closed." The limit is set through the extended
 * limit information. Without it, processes outlive their job's handles (Job Objects: "If there are
 * running processes still associated with the job when it is destroyed, they will continue to
 * run"). */
#include "nt-test.h"

int main(void) {
  HANDLE job = CreateJobObjectA(NULL, NULL);
  JOBOBJECT_EXTENDED_LIMIT_INFORMATION info;
  memset(&info, 0, sizeof info);
  info.BasicLimitInformation.LimitFlags = JOB_OBJECT_LIMIT_KILL_ON_JOB_CLOSE;
  say("set KILL_ON_JOB_CLOSE: %d", SetInformationJobObject(job, JobObjectExtendedLimitInformation, &info, sizeof info));
  PROCESS_INFORMATION pi;
  spawn("sleep", FALSE, 0, NULL, &pi);
  AssignProcessToJobObject(job, pi.hProcess);
  HANDLE copy;
  DuplicateHandle(GetCurrentProcess(), job, GetCurrentProcess(), &copy, 0, FALSE, DUPLICATE_SAME_ACCESS);
  CloseHandle(job);
  say("one of two job handles closed, member still running: %lu", WaitForSingleObject(pi.hProcess, 0)); /* 258 */
  CloseHandle(copy);
  say("last job handle closed, member ended: %lu", WaitForSingleObject(pi.hProcess, INFINITE)); /* 0 */

  HANDLE plain = CreateJobObjectA(NULL, NULL);
  PROCESS_INFORMATION p2;
  spawn("sleep", FALSE, 0, NULL, &p2);
  AssignProcessToJobObject(plain, p2.hProcess);
  CloseHandle(plain);
  say("without the limit the member keeps running: %lu", WaitForSingleObject(p2.hProcess, 0)); /* 258 */
  TerminateProcess(p2.hProcess, 0);
  return 0;
}
