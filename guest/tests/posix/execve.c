/* execve: a child replaces its program with exec-child (the ELF beside this one) and keeps what
 * Linux keeps across execve: the pid and parent, descriptors without close-on-exec (an inherited
 * pipe at fd 10 to write to and one at fd 12 to read from), ignored signals, the signal mask and
 * pending signals; it loses close-on-exec descriptors (fd 11) and handlers (back to SIG_DFL).
 * argv and envp arrive exactly, empty strings and spaces included. exec-child prints what it
 * finds, sends its getpid()/getppid() through fd 10 and exits 7.
 *
 * Finding exec-child: argv[1] if given, else argv[0]'s folder + "/exec-child", with ".elf"
 * appended when argv[0] ends in ".elf". Natively argv[0] is the built program's path; in LiteBox
 * it is the ELF's path in the guest filesystem (tests.json: /bin/posix/execve.elf with guest/ as
 * the root), so both find their own build of exec-child. Failed execve calls return to the
 * caller with ENOENT or EACCES and change nothing. */
#include "posix-test.h"

static char child_path[4096];

static void find_child(int argc, char **argv) {
  if (argc > 1) {
    snprintf(child_path, sizeof child_path, "%s", argv[1]);
    return;
  }
  const char *self = argv[0];
  const char *slash = strrchr(self, '/');
  size_t len = strlen(self);
  int elf = len > 4 && strcmp(self + len - 4, ".elf") == 0;
  if (slash == NULL)
    snprintf(child_path, sizeof child_path, "exec-child%s", elf ? ".elf" : "");
  else
    snprintf(child_path, sizeof child_path, "%.*s/exec-child%s", (int)(slash - self), self, elf ? ".elf" : "");
}

static volatile sig_atomic_t usr1;
static void on_usr1(int sig) { usr1 = sig; }

int main(int argc, char **argv) {
  find_child(argc, argv);

  /* Failures first: they return, and the process is unchanged. */
  char *const noargs[] = {"x", NULL};
  char *const noenv[] = {NULL};
  CHECK("execve(missing file)", execve("/nonexistent/exec-child", noargs, noenv));
  CHECK("execve(\"/\") (a directory)", execve("/", noargs, noenv));
  CHECK("execve(\"\")", execve("", noargs, noenv));

  int up[2], down[2];
  xpipe(up);
  xpipe(down);
  if (dup2(up[1], 10) != 10) die("dup2 10");
  if (dup3(up[1], 11, O_CLOEXEC) != 11) die("dup3 11");
  if (dup2(down[0], 12) != 12) die("dup2 12");
  close(up[1]);
  close(down[0]);
  write_full(down[1], "payload from the parent", 23);
  close(down[1]);

  struct sigaction sa;
  memset(&sa, 0, sizeof sa);
  sa.sa_handler = on_usr1;
  sigaction(SIGUSR1, &sa, NULL);
  signal(SIGUSR2, SIG_IGN);
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGTERM);
  sigaddset(&set, SIGHUP);
  sigprocmask(SIG_BLOCK, &set, NULL);

  pid_t parent = getpid();
  pid_t pid = xfork();
  if (pid == 0) {
    kill(getpid(), SIGHUP); /* blocked: stays pending through execve */
    char *args[] = {"exec-child", "alpha", "two words", "", "--fd=10", NULL};
    char *env[] = {"LBX_TEST=1", "EMPTY=", "SPACES=a b c", NULL};
    execve(child_path, args, env);
    say("UNEXPECTED: execve(%s) failed: errno=%s\n", child_path, errno_name(errno));
    _exit(127);
  }
  close(10);
  close(11);
  close(12);
  int status = wait_for(pid);
  say("exec-child: %s\n", status_text(status));
  pid_t ids[2] = {0, 0};
  size_t got = read_full(up[0], ids, sizeof ids);
  say("after execve, same pid: %s; parent unchanged: %s\n", yes_no(got == sizeof ids && ids[0] == pid),
      yes_no(got == sizeof ids && ids[1] == parent));
  char extra;
  say("then EOF on the pipe: %s\n", yes_no(read(up[0], &extra, 1) == 0));
  return 0;
}
