/* pipeline: producer | filter | parent, three processes and two pipes, with more data than a pipe
 * holds, so every writer blocks on a full pipe and resumes as its reader drains it. The producer
 * writes a generated text, the filter applies ROT13 to it, and the parent checks what arrives
 * against its own computation of the same thing. The two children are siblings: each end lives in
 * exactly one process once the parent has closed its copies. */
#include "portable-test.h"

#define TOTAL (96u * 1024u)

/* The producer's text: letters from a linear congruential generator, a newline every 64 bytes. */
static unsigned next_byte(unsigned *state, unsigned i) {
  if (i % 64 == 63) return '\n';
  *state = *state * 1103515245u + 12345u;
  return 'a' + (*state >> 16) % 26;
}

static unsigned rot13(unsigned c) { return c >= 'a' && c <= 'z' ? 'a' + (c - 'a' + 13) % 26 : c; }

static int producer(void) {
  static char chunk[1000];
  unsigned state = 1;
  for (unsigned i = 0; i < TOTAL;) {
    unsigned n = 0;
    while (n < sizeof chunk && i < TOTAL) chunk[n++] = (char)next_byte(&state, i++);
    must(lbx_write(lbx_stdout(), chunk, n), "producer: write");
  }
  return 0;
}

static int filter(void) {
  static char buffer[777];
  long n;
  while ((n = lbx_read(lbx_stdin(), buffer, sizeof buffer)) > 0) {
    for (long i = 0; i < n; i++) buffer[i] = (char)rot13((unsigned char)buffer[i]);
    must(lbx_write(lbx_stdout(), buffer, (unsigned long)n), "filter: write");
  }
  return n < 0 ? 1 : 0;
}

int main(int argc, char **argv) {
  if (argc > 1 && strcmp(argv[1], "producer") == 0) return producer();
  if (argc > 1 && strcmp(argv[1], "filter") == 0) return filter();
  lbx_handle a[2], b[2];
  must(lbx_pipe(a), "pipe");
  must(lbx_pipe(b), "pipe");
  lbx_proc p, f;
  const char *pargs[] = {"producer", NULL};
  const char *fargs[] = {"filter", NULL};
  lbx_spawn_io pio = {LBX_INHERIT, a[1], LBX_INHERIT, NULL, 0};
  lbx_spawn_io fio = {a[0], b[1], LBX_INHERIT, NULL, 0};
  must(spawn_self(argv[0], pargs, &pio, &p), "spawn producer");
  must(spawn_self(argv[0], fargs, &fio, &f), "spawn filter");
  must(lbx_close(a[0]), "close");
  must(lbx_close(a[1]), "close");
  must(lbx_close(b[1]), "close");
  unsigned state = 1, received = 0, mismatches = 0, reads = 0;
  unsigned long hash = 2166136261u;
  static char buffer[1500];
  long n;
  while ((n = lbx_read(b[0], buffer, sizeof buffer)) > 0) {
    reads++;
    for (long i = 0; i < n; i++) {
      unsigned want = received < TOTAL ? rot13(next_byte(&state, received)) : 0;
      mismatches += (unsigned char)buffer[i] != want;
      hash = ((hash ^ (unsigned char)buffer[i]) * 16777619u) & 0xffffffffu;
      received++;
    }
  }
  if (n < 0) die("read", n);
  must(lbx_close(b[0]), "close");
  say("received %u bytes (sent %u) in one or more reads: %s\n", received, TOTAL, yes_no(reads >= 1));
  say("bytes differing from ROT13 of the producer's text: %u\n", mismatches);
  say("FNV-1a of the received text: %08lx\n", hash);
  say("producer exited with %d\n", wait_code(p));
  say("filter exited with %d\n", wait_code(f));
  return 0;
}
