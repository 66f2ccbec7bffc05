/* The helper every NT test starts as a child: argv[1] selects what it does. Not a test itself (it
 * has no expected transcript). */
#include "nt-test.h"

static HANDLE handle_arg(const char *text) { return (HANDLE)(ULONG_PTR)strtoul(text, NULL, 0); }

static ULONG creator_id(void) {
  NT_PROCESS_BASIC_INFORMATION info;
  if (!NT_SUCCESS(NtQueryInformationProcess(GetCurrentProcess(), ProcessBasicInformation, &info, sizeof info, NULL))) return 0;
  return info.InheritedFromUniqueProcessId;
}

static const char *kind(HANDLE h) {
  switch (GetFileType(h)) {
  case FILE_TYPE_PIPE: return "pipe";
  case FILE_TYPE_CHAR: return "console";
  default: return "other";
  }
}

int main(int argc, char **argv) {
  if (argc < 2) return 100;
  const char *mode = argv[1];
  if (!strcmp(mode, "exit") && argc > 2) return (int)strtoul(argv[2], NULL, 0);
  if (!strcmp(mode, "sleep")) {
    Sleep(INFINITE);
    return 0;
  }
  if (!strcmp(mode, "say") && argc > 2) {
    say("%s", argv[2]);
    return 0;
  }
  /* handles V...: which of these handle values are open here, inheritable, and of what kind. */
  if (!strcmp(mode, "handles")) {
    for (int i = 2; i < argc; i++) {
      DWORD flags = 0;
      HANDLE h = handle_arg(argv[i]);
      if (GetHandleInformation(h, &flags))
        say("child: handle %s open, inherit=%lu, %s", argv[i], flags & HANDLE_FLAG_INHERIT, kind(h));
      else
        say("child: handle %s not open (error %lu)", argv[i], GetLastError());
    }
    return 0;
  }
  /* pull-write PID VALUE TEXT: duplicate handle VALUE out of process PID, write TEXT to it. */
  if (!strcmp(mode, "pull-write") && argc > 4) {
    HANDLE parent = OpenProcess(PROCESS_DUP_HANDLE, FALSE, strtoul(argv[2], NULL, 0));
    say("child: OpenProcess(PROCESS_DUP_HANDLE): %s", parent ? "ok" : "failed");
    HANDLE mine = NULL;
    BOOL ok = DuplicateHandle(parent, handle_arg(argv[3]), GetCurrentProcess(), &mine, 0, FALSE, DUPLICATE_SAME_ACCESS);
    say("child: DuplicateHandle from the parent: %d, %s", ok, kind(mine));
    DWORD n = 0;
    ok = WriteFile(mine, argv[4], (DWORD)strlen(argv[4]), &n, NULL);
    say("child: WriteFile through the duplicate: %d, %lu bytes", ok, n);
    CloseHandle(mine);
    CloseHandle(parent);
    return 0;
  }
  /* creator-is PID: InheritedFromUniqueProcessId against PID. */
  if (!strcmp(mode, "creator-is") && argc > 2) {
    say("child: InheritedFromUniqueProcessId is the expected parent: %s", creator_id() == strtoul(argv[2], NULL, 0) ? "yes" : "no");
    return 0;
  }
  if (!strcmp(mode, "in-any-job")) {
    BOOL in = FALSE;
    BOOL ok = IsProcessInJob(GetCurrentProcess(), NULL, &in);
    say("child: IsProcessInJob(self, any job): %d, %s", ok, in ? "in a job" : "in no job");
    return 0;
  }
  /* orphan-parent: start the grandchild, wait until it has opened us, exit with 5. */
  if (!strcmp(mode, "orphan-parent")) {
    SECURITY_ATTRIBUTES inherit = {sizeof inherit, NULL, TRUE};
    HANDLE go = CreateEventA(&inherit, TRUE, FALSE, NULL);
    char args[64];
    snprintf(args, sizeof args, "orphan-child %lu", H(go));
    PROCESS_INFORMATION pi;
    if (!spawn(args, TRUE, 0, NULL, &pi)) return 101;
    CloseHandle(pi.hThread);
    CloseHandle(pi.hProcess);
    WaitForSingleObject(go, INFINITE);
    return 5;
  }
  /* orphan-child EVENT: observe the creator exiting while this process lives on. */
  if (!strcmp(mode, "orphan-child") && argc > 2) {
    ULONG creator = creator_id();
    HANDLE parent = OpenProcess(SYNCHRONIZE | PROCESS_QUERY_LIMITED_INFORMATION, FALSE, creator);
    say("grandchild: parent opened while it runs: %s", parent ? "yes" : "no");
    SetEvent(handle_arg(argv[2]));
    WaitForSingleObject(parent, INFINITE);
    DWORD code = 0;
    GetExitCodeProcess(parent, &code);
    say("grandchild: parent exited with %lu", code);
    CloseHandle(parent);
    HANDLE again = OpenProcess(PROCESS_QUERY_LIMITED_INFORMATION, FALSE, creator);
    say("grandchild: parent id resolves after its exit: %s (error %lu)", again ? "yes" : "no", again ? 0UL : GetLastError());
    say("grandchild: InheritedFromUniqueProcessId unchanged: %s", creator_id() == creator ? "yes" : "no");
    say("grandchild: reparented to PID 1: %s", creator_id() == 1 ? "yes" : "no");
    return 0;
  }
  /* fault: store through a null pointer. */
  if (!strcmp(mode, "fault")) {
    *(volatile int *)0 = 1;
    return 0;
  }
  /* readonly-write: store into a page made read-only. */
  if (!strcmp(mode, "readonly-write")) {
    volatile int *p = VirtualAlloc(NULL, 4096, MEM_RESERVE | MEM_COMMIT, PAGE_READWRITE);
    DWORD old;
    p[0] = 1;
    VirtualProtect((void *)p, 4096, PAGE_READONLY, &old);
    p[0] = 2;
    return 0;
  }
  /* echo-stdin: copy standard input to standard output until end of input. */
  if (!strcmp(mode, "echo-stdin")) {
    char buf[64];
    DWORD n;
    while (ReadFile(GetStdHandle(STD_INPUT_HANDLE), buf, sizeof buf, &n, NULL) && n > 0) {
      DWORD w;
      WriteFile(GetStdHandle(STD_OUTPUT_HANDLE), buf, n, &w, NULL);
    }
    say("child: end of input (error %lu)", GetLastError());
    return 0;
  }
  return 101;
}
