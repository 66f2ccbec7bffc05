/* Streams on descriptors 0, 1, 2. stdout decides its buffering on first use, as glibc does: line
 * buffered on a terminal, fully buffered otherwise; stderr is unbuffered (one write per call). */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include "format.h"
#include "syscall.h"

#define MODE_UNDECIDED (-1)
#define ST_ERR 1
#define ST_EOF 2

struct __lbx_file {
  int fd;
  int mode;
  int state;
  unsigned char *buf;
  size_t cap;
  size_t len;  /* pending output bytes */
  size_t rpos; /* read buffer: next byte */
  size_t rlen; /* read buffer: bytes held */
};

static unsigned char in_buf[BUFSIZ], out_buf[BUFSIZ];
static struct __lbx_file files[3] = {
    {0, _IOFBF, 0, in_buf, sizeof in_buf, 0, 0, 0},
    {1, MODE_UNDECIDED, 0, out_buf, sizeof out_buf, 0, 0, 0},
    {2, _IONBF, 0, NULL, 0, 0, 0, 0},
};
FILE *const stdin = &files[0];
FILE *const stdout = &files[1];
FILE *const stderr = &files[2];

static int write_all(FILE *f, const unsigned char *p, size_t n) {
  while (n) {
    ssize_t w = write(f->fd, p, n);
    if (w < 0) {
      if (errno == EINTR) continue;
      f->state |= ST_ERR;
      return -1;
    }
    p += w;
    n -= (size_t)w;
  }
  return 0;
}

int fflush(FILE *f) {
  if (!f) {
    __stdio_flush_all();
    return 0;
  }
  if (f->len == 0) return 0;
  size_t n = f->len;
  f->len = 0;
  return write_all(f, f->buf, n) < 0 ? EOF : 0;
}

void __stdio_flush_all(void) {
  fflush(stdout);
  fflush(stderr);
}

static void decide_mode(FILE *f) {
  if (f->mode == MODE_UNDECIDED) f->mode = isatty(f->fd) ? _IOLBF : _IOFBF;
}

/* Appends n bytes to a stream, honouring its buffering mode. */
static int stream_put(FILE *f, const char *p, size_t n) {
  decide_mode(f);
  if (f->mode == _IONBF || f->cap == 0) return write_all(f, (const unsigned char *)p, n);
  if (f->len + n > f->cap) {
    if (fflush(f) < 0) return -1;
    if (n >= f->cap) return write_all(f, (const unsigned char *)p, n);
  }
  memcpy(f->buf + f->len, p, n);
  f->len += n;
  if (f->mode == _IOLBF && memchr(p, '\n', n)) return fflush(f) < 0 ? -1 : 0;
  return 0;
}

int setvbuf(FILE *f, char *buf, int mode, size_t size) {
  if (mode != _IOFBF && mode != _IOLBF && mode != _IONBF) return -1;
  fflush(f);
  f->mode = mode;
  if (buf && size) {
    f->buf = (unsigned char *)buf;
    f->cap = size;
  }
  return 0;
}

/* A stream sink; unbuffered streams collect one call's output in a stack buffer, so a single
 * fprintf(stderr, ...) becomes one write, as in glibc. */
struct file_sink {
  struct sink base;
  FILE *f;
  char tmp[256];
  size_t n;
};

static int file_sink_put(struct sink *s, const char *p, size_t n) {
  struct file_sink *fs = (struct file_sink *)s;
  decide_mode(fs->f);
  if (fs->f->mode != _IONBF) return stream_put(fs->f, p, n);
  if (fs->n + n > sizeof fs->tmp) {
    if (fs->n && write_all(fs->f, (const unsigned char *)fs->tmp, fs->n) < 0) return -1;
    fs->n = 0;
    if (n > sizeof fs->tmp) return write_all(fs->f, (const unsigned char *)p, n);
  }
  memcpy(fs->tmp + fs->n, p, n);
  fs->n += n;
  return 0;
}

int vfprintf(FILE *f, const char *fmt, va_list ap) {
  struct file_sink fs = {{file_sink_put}, f, {0}, 0};
  int r = __vformat(&fs.base, fmt, ap);
  if (fs.n && write_all(f, (const unsigned char *)fs.tmp, fs.n) < 0) return -1;
  return r;
}

int fprintf(FILE *f, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  int r = vfprintf(f, fmt, ap);
  va_end(ap);
  return r;
}

int vprintf(const char *fmt, va_list ap) { return vfprintf(stdout, fmt, ap); }

int printf(const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  int r = vfprintf(stdout, fmt, ap);
  va_end(ap);
  return r;
}

struct fd_sink {
  struct sink base;
  int fd;
};
static int fd_sink_put(struct sink *s, const char *p, size_t n) {
  struct __lbx_file tmp = {((struct fd_sink *)s)->fd, _IONBF, 0, NULL, 0, 0, 0, 0};
  return write_all(&tmp, (const unsigned char *)p, n);
}
int vdprintf(int fd, const char *fmt, va_list ap) {
  struct fd_sink s = {{fd_sink_put}, fd};
  return __vformat(&s.base, fmt, ap);
}
int dprintf(int fd, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  int r = vdprintf(fd, fmt, ap);
  va_end(ap);
  return r;
}

struct str_sink {
  struct sink base;
  char *buf;
  size_t size; /* room including the terminating NUL */
  size_t len;
};
static int str_sink_put(struct sink *s, const char *p, size_t n) {
  struct str_sink *ss = (struct str_sink *)s;
  if (ss->size > 0 && ss->len < ss->size - 1) {
    size_t room = ss->size - 1 - ss->len;
    memcpy(ss->buf + ss->len, p, n < room ? n : room);
  }
  ss->len += n;
  return 0;
}

int vsnprintf(char *buf, size_t size, const char *fmt, va_list ap) {
  struct str_sink s = {{str_sink_put}, buf, size, 0};
  int r = __vformat(&s.base, fmt, ap);
  if (size > 0) buf[s.len < size - 1 ? s.len : size - 1] = 0;
  return r;
}

int snprintf(char *buf, size_t size, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  int r = vsnprintf(buf, size, fmt, ap);
  va_end(ap);
  return r;
}

int vsprintf(char *buf, const char *fmt, va_list ap) { return vsnprintf(buf, (size_t)-1 >> 1, fmt, ap); }

int sprintf(char *buf, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  int r = vsprintf(buf, fmt, ap);
  va_end(ap);
  return r;
}

int fputc(int c, FILE *f) {
  char ch = (char)c;
  return stream_put(f, &ch, 1) < 0 ? EOF : (unsigned char)ch;
}
int putc(int c, FILE *f) { return fputc(c, f); }
int putchar(int c) { return fputc(c, stdout); }
int fputs(const char *s, FILE *f) { return stream_put(f, s, strlen(s)) < 0 ? EOF : 0; }
int puts(const char *s) {
  /* One stream operation, so an unbuffered stream sees a single write. */
  struct file_sink fs = {{file_sink_put}, stdout, {0}, 0};
  if (file_sink_put(&fs.base, s, strlen(s)) < 0 || file_sink_put(&fs.base, "\n", 1) < 0) return EOF;
  if (fs.n && write_all(stdout, (const unsigned char *)fs.tmp, fs.n) < 0) return EOF;
  return 0;
}
size_t fwrite(const void *ptr, size_t size, size_t n, FILE *f) {
  if (size == 0 || n == 0) return 0;
  return stream_put(f, ptr, size * n) < 0 ? 0 : n;
}

static int refill(FILE *f) {
  /* Reading a terminal-style stream first flushes pending output, so prompts appear. */
  if (stdout->mode == _IOLBF) fflush(stdout);
  for (;;) {
    ssize_t r = read(f->fd, f->buf, f->cap);
    if (r < 0 && errno == EINTR) continue;
    if (r < 0) {
      f->state |= ST_ERR;
      return EOF;
    }
    if (r == 0) {
      f->state |= ST_EOF;
      return EOF;
    }
    f->rpos = 0;
    f->rlen = (size_t)r;
    return 0;
  }
}

int fgetc(FILE *f) {
  if (f->rpos == f->rlen && refill(f) == EOF) return EOF;
  return f->buf[f->rpos++];
}
int getc(FILE *f) { return fgetc(f); }
int getchar(void) { return fgetc(stdin); }

char *fgets(char *s, int size, FILE *f) {
  int i = 0;
  if (size <= 0) return NULL;
  while (i < size - 1) {
    int c = fgetc(f);
    if (c == EOF) break;
    s[i++] = (char)c;
    if (c == '\n') break;
  }
  if (i == 0) return NULL;
  s[i] = 0;
  return s;
}

size_t fread(void *ptr, size_t size, size_t n, FILE *f) {
  unsigned char *p = ptr;
  size_t want = size * n, got = 0;
  if (size == 0) return 0;
  while (got < want) {
    int c = fgetc(f);
    if (c == EOF) break;
    p[got++] = (unsigned char)c;
  }
  return got / size;
}

int feof(FILE *f) { return (f->state & ST_EOF) != 0; }
int ferror(FILE *f) { return (f->state & ST_ERR) != 0; }
void clearerr(FILE *f) { f->state = 0; }
int fileno(FILE *f) { return f->fd; }
