/* An exited process cannot be assigned to a job. Windows: AssignProcessToJobObject on a process
 * that has terminated fails with ERROR_ACCESS_DENIED (5) — Wine's test_TerminateJobObject checks it
 * on Windows ("Test adding an already terminated process to a job object"). */
#include "nt-test.h"

int main(void) {
  HANDLE job = CreateJobObjectA(NULL, NULL);
  PROCESS_INFORMATION pi;
  spawn("exit 3", FALSE, 0, NULL, &pi);
  say("child exit code: %lu", finish(pi.hProcess)); /* 3 */
  BOOL ok = AssignProcessToJobObject(job, pi.hProcess);
  say("AssignProcessToJobObject(exited): %d error=%lu", ok, ok ? 0UL : GetLastError()); /* 0 error=5 */
  JOBOBJECT_BASIC_ACCOUNTING_INFORMATION acct;
  QueryInformationJobObject(job, JobObjectBasicAccountingInformation, &acct, sizeof acct, NULL);
  say("TotalProcesses=%lu", acct.TotalProcesses); /* 0 */
  return 0;
}
