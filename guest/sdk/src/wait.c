/* wait, waitpid, waitid. rv32 has no wait4: waitpid is waitid plus a status word rebuilt from the
 * siginfo, in the encoding of <sys/wait.h>. */
#include <errno.h>
#include <string.h>
#include <sys/wait.h>
#include "syscall.h"

int waitid(idtype_t idtype, id_t id, siginfo_t *info, int options) {
  return __sys5(SYS_waitid, idtype, id, info, options, 0);
}

pid_t waitpid(pid_t pid, int *status, int options) {
  idtype_t type;
  id_t id;
  if (pid < -1) {
    type = P_PGID;
    id = (id_t)-pid;
  } else if (pid == -1) {
    type = P_ALL;
    id = 0;
  } else if (pid == 0) {
    type = P_PGID;
    id = 0; /* the kernel reads 0 as the caller's process group */
  } else {
    type = P_PID;
    id = (id_t)pid;
  }
  siginfo_t info;
  memset(&info, 0, sizeof info);
  /* WUNTRACED in waitpid is WSTOPPED in waitid; exited children are always wanted. */
  if (waitid(type, id, &info, options | WEXITED) < 0) return -1;
  if (info.si_pid == 0) return 0; /* WNOHANG and nothing ready */
  if (status) {
    int s = info.si_status;
    switch (info.si_code) {
      case CLD_EXITED: *status = (s & 0xff) << 8; break;
      case CLD_KILLED: *status = s & 0x7f; break;
      case CLD_DUMPED: *status = (s & 0x7f) | 0x80; break;
      case CLD_STOPPED:
      case CLD_TRAPPED: *status = ((s & 0xff) << 8) | 0x7f; break;
      case CLD_CONTINUED: *status = 0xffff; break;
      default: *status = 0; break;
    }
  }
  return info.si_pid;
}

pid_t wait(int *status) { return waitpid(-1, status, 0); }
