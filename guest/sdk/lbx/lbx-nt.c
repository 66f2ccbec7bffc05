/* lbx-nt.c — lbx.h on the NT shim, over the SDK's kernel32-style layer (windows.h). Handles are NT
 * handles; lbx_spawn is CreateProcessA with STARTF_USESTDHANDLES and a handle list, so the child
 * inherits exactly its standard streams and the passed handles, at their values. */
#include "../lbx.h"
#include <stdlib.h>
#include <string.h>
#include <windows.h>

static long error_of(DWORD e) {
  switch (e) {
  case ERROR_INVALID_HANDLE:
  case ERROR_ACCESS_DENIED: return -LBX_EBADF;
  case ERROR_NO_DATA: return -LBX_EPIPE;
  case ERROR_FILE_NOT_FOUND: return -LBX_ENOENT;
  case ERROR_BAD_EXE_FORMAT: return -LBX_ENOEXEC;
  case ERROR_INVALID_PARAMETER:
  case ERROR_NOACCESS: return -LBX_EINVAL;
  case ERROR_NOT_ENOUGH_MEMORY:
  case ERROR_NO_SYSTEM_RESOURCES:
  case ERROR_NOT_ENOUGH_QUOTA: return -LBX_ENOMEM;
  default: return -LBX_EIO;
  }
}

const char *lbx_error_name(long code) {
  switch (code < 0 ? -code : code) {
  case 0: return "OK";
  case LBX_EBADF: return "EBADF";
  case LBX_EPIPE: return "EPIPE";
  case LBX_ENOENT: return "ENOENT";
  case LBX_ENOEXEC: return "ENOEXEC";
  case LBX_EINVAL: return "EINVAL";
  case LBX_ENOMEM: return "ENOMEM";
  default: return "EIO";
  }
}

lbx_handle lbx_stdin(void) { return (lbx_handle)GetStdHandle(STD_INPUT_HANDLE); }
lbx_handle lbx_stdout(void) { return (lbx_handle)GetStdHandle(STD_OUTPUT_HANDLE); }
lbx_handle lbx_stderr(void) { return (lbx_handle)GetStdHandle(STD_ERROR_HANDLE); }

long lbx_pipe(lbx_handle ends[2]) {
  HANDLE r, w;
  /* No SECURITY_ATTRIBUTES: neither end is inheritable; lbx_spawn lends inheritance per child. */
  if (!CreatePipe(&r, &w, NULL, 0)) return error_of(GetLastError());
  ends[0] = (lbx_handle)r;
  ends[1] = (lbx_handle)w;
  return 0;
}

long lbx_read(lbx_handle handle, void *buffer, unsigned long size) {
  DWORD n = 0;
  if (ReadFile((HANDLE)handle, buffer, size, &n, NULL)) return (long)n;
  DWORD e = GetLastError();
  /* A pipe whose writers are all gone, or the end of a host stream: the end of the data. */
  if (e == ERROR_BROKEN_PIPE || e == ERROR_HANDLE_EOF) return 0;
  return error_of(e);
}

long lbx_write(lbx_handle handle, const void *buffer, unsigned long size) {
  const char *p = buffer;
  unsigned long done = 0;
  while (done < size) {
    DWORD n = 0;
    if (!WriteFile((HANDLE)handle, p + done, size - done, &n, NULL)) return error_of(GetLastError());
    done += n;
  }
  return (long)size;
}

long lbx_close(lbx_handle handle) {
  /* The pseudo-handles close "successfully" on NT; they are no pipe ends, so refuse them here as
   * POSIX refuses a descriptor that is not open. */
  if (handle == -1 || handle == -2 || handle == 0) return -LBX_EBADF;
  return CloseHandle((HANDLE)handle) ? 0 : error_of(GetLastError());
}

/* One argument appended to an NT command line, quoted so that start-up code (sdk/nt/start-nt.c,
 * Windows' rules) splits it back unchanged. Returns the new end, or NULL when it does not fit. */
static char *quote_argument(char *out, char *end, const char *arg) {
  int plain = arg[0] != 0;
  for (const char *c = arg; *c; c++)
    if (*c == ' ' || *c == '\t' || *c == '"') plain = 0;
  if (plain) {
    size_t n = strlen(arg);
    if ((size_t)(end - out) < n) return NULL;
    memcpy(out, arg, n);
    return out + n;
  }
  if (out >= end) return NULL;
  *out++ = '"';
  size_t slashes = 0;
  for (const char *c = arg;; c++) {
    if (*c == '\\') {
      slashes++;
      continue;
    }
    /* Backslashes are literal except before a quote (the argument's or the closing one). */
    size_t copies = (*c == '"' || *c == 0) ? slashes * 2 : slashes;
    if ((size_t)(end - out) < copies + 2) return NULL;
    for (size_t i = 0; i < copies; i++) *out++ = '\\';
    slashes = 0;
    if (*c == 0) break;
    if (*c == '"') *out++ = '\\';
    *out++ = *c;
  }
  if (out >= end) return NULL;
  *out++ = '"';
  return out;
}

#define MAX_PASSED 32

long lbx_spawn(const char *path, char *const argv[], const lbx_spawn_io *io, lbx_proc *child) {
  static char line[4096];
  char *out = line;
  char *end = line + sizeof line - 1;
  for (int i = 0; argv[i] != NULL; i++) {
    if (i > 0) {
      if (out >= end) return -LBX_EINVAL;
      *out++ = ' ';
    }
    out = quote_argument(out, end, argv[i]);
    if (out == NULL) return -LBX_EINVAL;
  }
  *out = 0;

  HANDLE std[3] = {GetStdHandle(STD_INPUT_HANDLE), GetStdHandle(STD_OUTPUT_HANDLE), GetStdHandle(STD_ERROR_HANDLE)};
  if (io != NULL) {
    if (io->std_in != LBX_INHERIT) std[0] = (HANDLE)io->std_in;
    if (io->std_out != LBX_INHERIT) std[1] = (HANDLE)io->std_out;
    if (io->std_err != LBX_INHERIT) std[2] = (HANDLE)io->std_err;
  }
  /* The handle list: the three streams (those that exist) and the passed handles, each once. */
  HANDLE list[3 + MAX_PASSED];
  DWORD old_flags[3 + MAX_PASSED];
  unsigned count = 0;
  unsigned npass = io == NULL ? 0 : io->npass;
  if (npass > MAX_PASSED) return -LBX_EINVAL;
  for (unsigned i = 0; i < 3 + npass; i++) {
    HANDLE h = i < 3 ? std[i] : (HANDLE)io->pass[i - 3];
    if (h == NULL) continue;
    int seen = 0;
    for (unsigned j = 0; j < count; j++) seen |= list[j] == h;
    if (!seen) list[count++] = h;
  }
  /* Lend inheritance for this one creation: a handle list may only name inheritable handles. */
  long result = 0;
  unsigned lent = 0;
  for (; lent < count; lent++) {
    if (!GetHandleInformation(list[lent], &old_flags[lent]) ||
        !SetHandleInformation(list[lent], HANDLE_FLAG_INHERIT, HANDLE_FLAG_INHERIT)) {
      result = -LBX_EBADF;
      break;
    }
  }
  if (result == 0) {
    SIZE_T size = 0;
    InitializeProcThreadAttributeList(NULL, 1, 0, &size);
    char attributes[64] __attribute__((aligned(8)));
    LPPROC_THREAD_ATTRIBUTE_LIST list_attribute = (LPPROC_THREAD_ATTRIBUTE_LIST)attributes;
    STARTUPINFOEXA info;
    memset(&info, 0, sizeof info);
    info.StartupInfo.cb = sizeof info;
    info.StartupInfo.dwFlags = STARTF_USESTDHANDLES;
    info.StartupInfo.hStdInput = std[0];
    info.StartupInfo.hStdOutput = std[1];
    info.StartupInfo.hStdError = std[2];
    DWORD flags = 0;
    if (count > 0 && size <= sizeof attributes && InitializeProcThreadAttributeList(list_attribute, 1, 0, &size) &&
        UpdateProcThreadAttribute(list_attribute, 0, PROC_THREAD_ATTRIBUTE_HANDLE_LIST, list, count * sizeof(HANDLE), NULL, NULL)) {
      info.lpAttributeList = list_attribute;
      flags = EXTENDED_STARTUPINFO_PRESENT;
    } else if (count > 0) {
      result = -LBX_EINVAL;
    }
    PROCESS_INFORMATION pi;
    if (result == 0) {
      if (CreateProcessA(path, line, NULL, NULL, count > 0, flags, NULL, NULL, &info.StartupInfo, &pi)) {
        CloseHandle(pi.hThread);
        *child = (lbx_proc)pi.hProcess;
      } else {
        result = error_of(GetLastError());
      }
    }
  }
  for (unsigned i = 0; i < lent; i++) SetHandleInformation(list[i], HANDLE_FLAG_INHERIT, old_flags[i] & HANDLE_FLAG_INHERIT);
  return result;
}

long lbx_wait(lbx_proc child, int *code) {
  if (WaitForSingleObject((HANDLE)child, INFINITE) == WAIT_FAILED) return error_of(GetLastError());
  DWORD status = 0;
  if (!GetExitCodeProcess((HANDLE)child, &status)) return error_of(GetLastError());
  CloseHandle((HANDLE)child);
  /* POSIX keeps the low 8 bits of an exit code; so does lbx on NT, for one answer everywhere. */
  *code = (int)(status & 0xff);
  return 0;
}

lbx_id lbx_proc_id(lbx_proc child) { return (lbx_id)GetProcessId((HANDLE)child); }

void lbx_exit(int code) { exit(code); }

lbx_id lbx_self_id(void) { return (lbx_id)GetCurrentProcessId(); }

lbx_id lbx_parent_id(void) { return (lbx_id)NtCurrentPeb()->InheritedFromUniqueProcessId; }

int lbx_parent_status(lbx_id creator) {
  /* NT never rewrites InheritedFromUniqueProcessId; were it ever to change, that would be a new parent. */
  if ((lbx_id)NtCurrentPeb()->InheritedFromUniqueProcessId != creator) return LBX_PARENT_REPARENTED;
  HANDLE h = OpenProcess(PROCESS_QUERY_LIMITED_INFORMATION, FALSE, (DWORD)creator);
  if (h == NULL) return LBX_PARENT_DETACHED; /* the id names no process any more */
  DWORD status = 0;
  BOOL ok = GetExitCodeProcess(h, &status);
  CloseHandle(h);
  return ok && status == STILL_ACTIVE ? LBX_PARENT_RUNNING : LBX_PARENT_DETACHED;
}

const char *lbx_parent_status_name(int status) {
  switch (status) {
  case LBX_PARENT_RUNNING: return "running";
  case LBX_PARENT_REPARENTED: return "reparented";
  case LBX_PARENT_DETACHED: return "detached";
  default: return "unknown";
  }
}

static DWORD WINAPI thread_entry(LPVOID arg) {
  lbx_thread *t = arg;
  t->result = t->fn(t->arg);
  return 0;
}

long lbx_thread_start(lbx_thread *thread, int (*fn)(void *), void *arg) {
  thread->fn = fn;
  thread->arg = arg;
  thread->result = 0;
  thread->tid = 0;
  thread->stack = NULL;
  HANDLE h = CreateThread(NULL, 64 * 1024, thread_entry, thread, 0, NULL);
  if (h == NULL) return -LBX_ENOMEM;
  thread->handle = (long)h;
  return 0;
}

int lbx_thread_join(lbx_thread *thread) {
  WaitForSingleObject((HANDLE)thread->handle, INFINITE);
  CloseHandle((HANDLE)thread->handle);
  thread->handle = 0;
  return thread->result;
}

void lbx_futex_wait(volatile unsigned *word, unsigned expected) { WaitOnAddress(word, &expected, sizeof expected, INFINITE); }

void lbx_futex_wake(volatile unsigned *word, int all) {
  if (all)
    WakeByAddressAll((PVOID)word);
  else
    WakeByAddressSingle((PVOID)word);
}

void lbx_yield(void) { NtYieldExecution(); }
