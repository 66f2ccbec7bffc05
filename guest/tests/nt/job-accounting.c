/* Job accounting and the process-id list.
 * Windows (JOBOBJECT_BASIC_ACCOUNTING_INFORMATION): TotalProcesses is "the total number of processes
 * associated with the job during its lifetime, including those that have terminated";
 * ActiveProcesses "the total number of processes currently associated with the job".
 * (JOBOBJECT_BASIC_PROCESS_ID_LIST): NumberOfAssignedProcesses and NumberOfProcessIdsInList; "If the
 * buffer is too small to store all the process IDs, the function returns ERROR_MORE_DATA"
 * (QueryInformationJobObject); a buffer smaller than the structure's header gives ERROR_BAD_LENGTH
 * (Wine's test_QueryInformationJobObject, run on Windows). Only active processes are listed. */
#include "nt-test.h"

int main(void) {
  HANDLE job = CreateJobObjectA(NULL, NULL);
  PROCESS_INFORMATION gone, a, b;
  spawn("exit 0", FALSE, CREATE_SUSPENDED, NULL, &gone);
  AssignProcessToJobObject(job, gone.hProcess);
  ResumeThread(gone.hThread);
  finish(gone.hProcess);
  spawn("sleep", FALSE, 0, NULL, &a);
  AssignProcessToJobObject(job, a.hProcess);
  spawn("sleep", FALSE, 0, NULL, &b);
  AssignProcessToJobObject(job, b.hProcess);

  JOBOBJECT_BASIC_ACCOUNTING_INFORMATION acct;
  DWORD len = 0;
  BOOL ok = QueryInformationJobObject(job, JobObjectBasicAccountingInformation, &acct, sizeof acct, &len);
  say("accounting: %d len=%lu TotalProcesses=%lu ActiveProcesses=%lu", ok, len, acct.TotalProcesses, acct.ActiveProcesses); /* 1 48 3 2 */

  union {
    JOBOBJECT_BASIC_PROCESS_ID_LIST list;
    char bytes[sizeof(JOBOBJECT_BASIC_PROCESS_ID_LIST) + 4 * sizeof(ULONG_PTR)];
  } ids;
  memset(&ids, 0, sizeof ids);
  ok = QueryInformationJobObject(job, JobObjectBasicProcessIdList, &ids, sizeof ids, &len);
  say("id list: %d len=%lu assigned=%lu listed=%lu", ok, len, ids.list.NumberOfAssignedProcesses, ids.list.NumberOfProcessIdsInList); /* 1 16 2 2 */
  say("ids are the two active members, in order: %s",
      ids.list.ProcessIdList[0] == a.dwProcessId && ids.list.ProcessIdList[1] == b.dwProcessId ? "yes" : "no");
  memset(&ids, 0, sizeof ids);
  ok = QueryInformationJobObject(job, JobObjectBasicProcessIdList, &ids, 8 + sizeof(ULONG_PTR), &len);
  say("room for one id: %d error=%lu assigned=%lu listed=%lu", ok, ok ? 0UL : GetLastError(),
      ids.list.NumberOfAssignedProcesses, ids.list.NumberOfProcessIdsInList); /* 0 error=234 assigned=2 listed=1 */
  ok = QueryInformationJobObject(job, JobObjectBasicProcessIdList, &ids, 4, &len);
  say("smaller than the header: %d error=%lu", ok, ok ? 0UL : GetLastError()); /* 0 error=24 */
  ok = QueryInformationJobObject(job, JobObjectBasicAccountingInformation, &acct, sizeof acct - 1, &len);
  say("short accounting buffer: %d error=%lu", ok, ok ? 0UL : GetLastError()); /* 0 error=24 */

  TerminateJobObject(job, 1);
  finish(a.hProcess);
  finish(b.hProcess);
  QueryInformationJobObject(job, JobObjectBasicAccountingInformation, &acct, sizeof acct, NULL);
  say("after termination: TotalProcesses=%lu ActiveProcesses=%lu TotalTerminatedProcesses=%lu", acct.TotalProcesses,
      acct.ActiveProcesses, acct.TotalTerminatedProcesses); /* 3 0 2 */
  return 0;
}
