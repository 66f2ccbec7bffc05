/* pipe-fork: a pipe created before fork connects parent and child. The parent sends a message,
 * the child answers it on a second pipe after seeing EOF, and then 256 KiB (four times a Linux
 * pipe's capacity) go through in each direction, so both sides block and wake. */
#include "posix-test.h"

#define BULK (256 * 1024)

static uint32_t checksum(const unsigned char *p, size_t n) {
  uint32_t h = 2166136261u;
  for (size_t i = 0; i < n; i++) h = (h ^ p[i]) * 16777619u;
  return h;
}

static unsigned char bulk[BULK];

int main(void) {
  int down[2], up[2];
  xpipe(down);
  xpipe(up);
  pid_t pid = xfork();
  if (pid == 0) {
    close(down[1]);
    close(up[0]);
    char msg[64];
    size_t n = read_full(down[0], msg, sizeof msg - 1); /* until EOF: the parent closes */
    msg[n] = 0;
    char reply[128];
    int len = snprintf(reply, sizeof reply, "child got %u bytes: \"%s\"", (unsigned)n, msg);
    write_full(up[1], reply, (size_t)len);
    close(up[1]);
    _exit(0);
  }
  close(down[0]);
  close(up[1]);
  write_full(down[1], "hello through a pipe", 20);
  close(down[1]);
  char reply[128];
  size_t n = read_full(up[0], reply, sizeof reply - 1);
  reply[n] = 0;
  say("reply: %s\n", reply);
  char extra;
  say("then EOF: %s\n", yes_no(read(up[0], &extra, 1) == 0));
  close(up[0]);
  say("child: %s\n", status_text(wait_for(pid)));

  for (size_t i = 0; i < BULK; i++) bulk[i] = (unsigned char)(i * 7 + (i >> 9));
  uint32_t sum = checksum(bulk, BULK);

  /* Parent to child: the child checks what it read and exits 0 only if it all arrived. */
  xpipe(down);
  pid = xfork();
  if (pid == 0) {
    close(down[1]);
    memset(bulk, 0, sizeof bulk);
    size_t got = read_full(down[0], bulk, BULK);
    char more;
    ssize_t after = read(down[0], &more, 1);
    _exit(got == BULK && checksum(bulk, BULK) == sum && after == 0 ? 0 : 1);
  }
  close(down[0]);
  write_full(down[1], bulk, BULK);
  close(down[1]);
  say("256 KiB parent to child, intact: %s\n", status_text(wait_for(pid)));

  /* Child to parent, in 1000-byte writes. */
  xpipe(up);
  pid = xfork();
  if (pid == 0) {
    close(up[0]);
    for (size_t off = 0; off < BULK; off += 1000) write_full(up[1], bulk + off, BULK - off < 1000 ? BULK - off : 1000);
    _exit(0);
  }
  close(up[1]);
  static unsigned char in[BULK + 1];
  size_t got = read_full(up[0], in, BULK + 1);
  close(up[0]);
  say("256 KiB child to parent: %u bytes, checksum matches: %s\n", (unsigned)got, yes_no(got == BULK && checksum(in, BULK) == sum));
  say("child: %s\n", status_text(wait_for(pid)));
  return 0;
}
