/* Memory mappings and scheduling calls. */
#include <errno.h>
#include <sched.h>
#include <sys/mman.h>
#include "syscall.h"

void *mmap(void *addr, size_t length, int prot, int flags, int fd, off_t offset) {
  if (offset & 4095) {
    errno = EINVAL;
    return MAP_FAILED;
  }
  /* mmap2: the offset is counted in 4 KiB units so 32 bits reach 16 TiB. */
  long r = __sys6(SYS_mmap2, addr, length, prot, flags, fd, (long)(offset >> 12));
  return r == -1 ? MAP_FAILED : (void *)r;
}
int munmap(void *addr, size_t length) { return __sys2(SYS_munmap, addr, length); }
int mprotect(void *addr, size_t length, int prot) { return __sys3(SYS_mprotect, addr, length, prot); }
int sched_yield(void) { return __sys0(SYS_sched_yield); }
