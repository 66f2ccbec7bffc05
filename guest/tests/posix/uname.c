/* uname: the fields that are the same on every Linux: sysname is "Linux", release starts with a
 * digit and has a dot, and every field is a terminated string. machine (x86_64 on the host,
 * riscv32 in the guest), nodename, version and the release number are not printed. */
#include "posix-test.h"
#include <sys/utsname.h>

static int terminated(const char *f) { return memchr(f, 0, 65) != NULL; }

int main(void) {
  struct utsname u;
  memset(&u, 0x7f, sizeof u);
  CHECK("uname", uname(&u));
  say("sysname: %s\n", u.sysname);
  say("release starts with a digit and has a dot: %s\n", yes_no(u.release[0] >= '0' && u.release[0] <= '9' && strchr(u.release, '.') != NULL));
  say("machine is non-empty: %s\n", yes_no(u.machine[0] != 0));
  say("every field terminated within 65 bytes: %s\n", yes_no(terminated(u.sysname) && terminated(u.nodename) && terminated(u.release) &&
                                                               terminated(u.version) && terminated(u.machine) && terminated(u.domainname)));
  struct utsname *volatile nowhere = NULL;
  CHECK("uname(NULL)", uname(nowhere));
  return 0;
}
