/* Breakaway: CREATE_BREAKAWAY_FROM_JOB needs JOB_OBJECT_LIMIT_BREAKAWAY_OK; SILENT_BREAKAWAY_OK lets
 * every child leave. Windows (Job Objects): "If the job has the extended limit
 * JOB_OBJECT_LIMIT_BREAKAWAY_OK and the parent process was created with the
 * CREATE_BREAKAWAY_FROM_JOB flag, child processes of the parent process are not associated with the
 * job. If the job has the extended limit JOB_OBJECT_LIMIT_SILENT_BREAKAWAY_OK, no child processes
 * ... are associated with the job." (CreateProcess, CREATE_BREAKAWAY_FROM_JOB): without
 * BREAKAWAY_OK the creation fails — ERROR_ACCESS_DENIED, as Wine's test_BreakawayOk checks on Windows. */
#include "nt-test.h"

static void limits(HANDLE job, DWORD flags) {
  JOBOBJECT_EXTENDED_LIMIT_INFORMATION info;
  memset(&info, 0, sizeof info);
  info.BasicLimitInformation.LimitFlags = flags;
  say("SetInformationJobObject(0x%lx): %d", flags, SetInformationJobObject(job, JobObjectExtendedLimitInformation, &info, sizeof info));
}

static void child(HANDLE job, DWORD flags, const char *what) {
  PROCESS_INFORMATION pi;
  BOOL ok = spawn("exit 0", FALSE, flags, NULL, &pi);
  if (!ok) {
    say("%s: CreateProcess failed, error=%lu", what, GetLastError());
    return;
  }
  BOOL in = FALSE;
  IsProcessInJob(pi.hProcess, job, &in);
  say("%s: child in the job: %s", what, in ? "yes" : "no");
  finish(pi.hProcess);
}

int main(void) {
  HANDLE job = CreateJobObjectA(NULL, NULL);
  AssignProcessToJobObject(job, GetCurrentProcess());
  child(job, CREATE_BREAKAWAY_FROM_JOB, "breakaway, not allowed"); /* failed, error=5 */
  child(job, 0, "no breakaway");                                  /* yes */
  limits(job, JOB_OBJECT_LIMIT_BREAKAWAY_OK);
  child(job, CREATE_BREAKAWAY_FROM_JOB, "breakaway, allowed"); /* no */
  child(job, 0, "allowed but not asked");                      /* yes */
  limits(job, JOB_OBJECT_LIMIT_SILENT_BREAKAWAY_OK);
  child(job, 0, "silent breakaway"); /* no */
  return 0;
}
