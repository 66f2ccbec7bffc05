/* ntlibc.c — what the SDK's portable C library (stdio, stdlib, malloc) needs from its operating
 * system, implemented on the NT ABI for NT guests: descriptors 0, 1, 2 are the PEB's standard
 * handles (so printf writes to the standard output handle), the heap comes from
 * NtAllocateVirtualMemory, _exit is NtTerminateProcess, and abort ends the process with exit code 3
 * as the Windows C runtime does. It replaces the POSIX syscall layer (unistd.c, signal.c, mman.c). */
#include <errno.h>
#include <signal.h>
#include <stdint.h>
#include <sys/mman.h>
#include <unistd.h>
#include <windows.h>

static char *empty_environment[] = {0};
char **environ = empty_environment;

static HANDLE std_handle(int fd) {
  switch (fd) {
  case 0: return NtCurrentPeb()->StdInput;
  case 1: return NtCurrentPeb()->StdOutput;
  case 2: return NtCurrentPeb()->StdError;
  default: return NULL;
  }
}

static int errno_of(NTSTATUS status) {
  switch ((unsigned long)status) {
  case STATUS_INVALID_HANDLE:
  case STATUS_OBJECT_TYPE_MISMATCH: return EBADF;
  case STATUS_PIPE_CLOSING: return EPIPE;
  case STATUS_ACCESS_VIOLATION: return EFAULT;
  case STATUS_ACCESS_DENIED: return EBADF;
  default: return EIO;
  }
}

ssize_t write(int fd, const void *buf, size_t count) {
  IO_STATUS_BLOCK iosb = {0, 0};
  NTSTATUS status = NtWriteFile(std_handle(fd), &iosb, buf, count);
  if (!NT_SUCCESS(status)) {
    errno = errno_of(status);
    return -1;
  }
  return (ssize_t)iosb.Information;
}

ssize_t read(int fd, void *buf, size_t count) {
  IO_STATUS_BLOCK iosb = {0, 0};
  NTSTATUS status = NtReadFile(std_handle(fd), &iosb, buf, count);
  if (status == STATUS_END_OF_FILE || status == STATUS_PIPE_BROKEN) return 0;
  if (!NT_SUCCESS(status)) {
    errno = errno_of(status);
    return -1;
  }
  return (ssize_t)iosb.Information;
}

/* The console (a host stream) is a terminal: stdout is line buffered there, fully buffered on a pipe. */
int isatty(int fd) { return GetFileType(std_handle(fd)) == FILE_TYPE_CHAR; }

_Noreturn void _exit(int status) {
  NtTerminateProcess(NtCurrentProcess(), (NTSTATUS)status);
  for (;;) {
  }
}

int raise(int sig) {
  (void)sig;
  NtTerminateProcess(NtCurrentProcess(), 3);
  return 0;
}

int sigaction(int sig, const struct sigaction *act, struct sigaction *oldact) {
  (void)sig;
  (void)act;
  (void)oldact;
  return 0;
}
int sigprocmask(int how, const sigset_t *set, sigset_t *oldset) {
  (void)how;
  (void)set;
  (void)oldset;
  return 0;
}
int sigemptyset(sigset_t *set) {
  (void)set;
  return 0;
}
int sigaddset(sigset_t *set, int sig) {
  (void)set;
  (void)sig;
  return 0;
}

/* The program break: one 16 MiB reservation, committed 64 KiB at a time as it grows. */
#define HEAP_RESERVE (16u << 20)
#define HEAP_STEP (64u << 10)
static char *heap_base, *heap_break, *heap_committed;

void *sbrk(intptr_t increment) {
  if (!heap_base) {
    heap_base = VirtualAlloc(NULL, HEAP_RESERVE, MEM_RESERVE, PAGE_READWRITE);
    if (!heap_base) {
      errno = ENOMEM;
      return (void *)-1;
    }
    heap_break = heap_committed = heap_base;
  }
  char *old = heap_break;
  if (increment < 0 || (size_t)increment > (size_t)(heap_base + HEAP_RESERVE - heap_break)) {
    errno = ENOMEM;
    return (void *)-1;
  }
  char *want = heap_break + increment;
  if (want > heap_committed) {
    size_t grow = (size_t)(want - heap_committed + HEAP_STEP - 1) / HEAP_STEP * HEAP_STEP;
    if (grow > (size_t)(heap_base + HEAP_RESERVE - heap_committed)) grow = (size_t)(heap_base + HEAP_RESERVE - heap_committed);
    if (!VirtualAlloc(heap_committed, grow, MEM_COMMIT, PAGE_READWRITE)) {
      errno = ENOMEM;
      return (void *)-1;
    }
    heap_committed += grow;
  }
  heap_break = want;
  return old;
}

void *mmap(void *addr, size_t length, int prot, int flags, int fd, off_t offset) {
  (void)addr;
  (void)prot;
  (void)offset;
  if (!(flags & MAP_ANONYMOUS) || fd != -1) {
    errno = ENODEV;
    return MAP_FAILED;
  }
  void *p = VirtualAlloc(NULL, length, MEM_RESERVE | MEM_COMMIT, PAGE_READWRITE);
  if (!p) {
    errno = ENOMEM;
    return MAP_FAILED;
  }
  return p;
}

int munmap(void *addr, size_t length) {
  (void)length;
  if (!VirtualFree(addr, 0, MEM_RELEASE)) {
    errno = EINVAL;
    return -1;
  }
  return 0;
}
