/* Children inherit their parent's job. Windows (Job Objects, "Managing Processes in Jobs"): "After a
 * process is associated with a job, by default any child processes it creates using CreateProcess
 * are also associated with the job." Wine's test_jobInheritance checks the same on Windows. */
#include "nt-test.h"

int main(void) {
  HANDLE job = CreateJobObjectA(NULL, NULL);
  say("assign self: %d", AssignProcessToJobObject(job, GetCurrentProcess())); /* 1 */
  PROCESS_INFORMATION pi;
  spawn("in-any-job", FALSE, 0, NULL, &pi); /* child: in a job */
  BOOL in = FALSE;
  say("IsProcessInJob(child, job): %d %d", IsProcessInJob(pi.hProcess, job, &in), in); /* 1 1 */
  finish(pi.hProcess);
  JOBOBJECT_BASIC_ACCOUNTING_INFORMATION acct;
  QueryInformationJobObject(job, JobObjectBasicAccountingInformation, &acct, sizeof acct, NULL);
  say("TotalProcesses=%lu ActiveProcesses=%lu", acct.TotalProcesses, acct.ActiveProcesses); /* 2 1 */
  return 0;
}
