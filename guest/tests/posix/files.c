/* files: the file-system calls a program needs, in a fresh directory under /tmp (or argv[1]):
 * mkdir, chdir and getcwd; open with O_CREAT/O_EXCL/O_TRUNC/O_APPEND/O_DIRECTORY; read, write,
 * lseek (holes read as zeros), ftruncate; fstat/stat (type, size, permission bits under umask
 * 022, link count); getdents64 (names, sorted here: their order is the file system's); unlink and
 * rmdir with their errors; an unlinked file stays readable while open; a read-only private file
 * mapping; an open file's offset shared with a child across fork. Everything is removed at the
 * end. The directory's name (it has the pid in it) is never printed. */
#include <sys/mman.h>
#include <sys/stat.h>
#include "posix-test.h"

struct dirent64_raw {
  uint64_t d_ino;
  int64_t d_off;
  unsigned short d_reclen;
  unsigned char d_type;
  char d_name[];
};

static int cmp_names(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }

static void list_dir(const char *label) {
  int fd = open(".", O_RDONLY | O_DIRECTORY);
  if (fd < 0) die("open .");
  static char buf[4096];
  static char names[32][64];
  char *sorted[32];
  int n = 0;
  long got;
  while ((got = syscall(SYS_getdents64, fd, buf, sizeof buf)) > 0) {
    for (long off = 0; off < got;) {
      struct dirent64_raw *d = (struct dirent64_raw *)(buf + off);
      if (n < 32) {
        snprintf(names[n], sizeof names[n], "%s", d->d_name);
        sorted[n] = names[n];
        n++;
      }
      off += d->d_reclen;
    }
  }
  close(fd);
  qsort(sorted, (size_t)n, sizeof sorted[0], cmp_names);
  char line[512];
  int len = snprintf(line, sizeof line, "%s:", label);
  for (int i = 0; i < n; i++) {
    struct stat st;
    int isdir = stat(sorted[i], &st) == 0 && S_ISDIR(st.st_mode);
    len += snprintf(line + len, sizeof line - (size_t)len, " %s%s", sorted[i], isdir ? "/" : "");
  }
  say("%s (getdents64 ended with %ld)\n", line, got);
}

static void show_stat(const char *label, const struct stat *st) {
  say("%s: %s size=%lld mode=%04o nlink=%u\n", label, S_ISREG(st->st_mode) ? "regular" : S_ISDIR(st->st_mode) ? "directory" : "other",
      (long long)st->st_size, (unsigned)(st->st_mode & 07777), (unsigned)st->st_nlink);
}

int main(int argc, char **argv) {
  const char *base = argc > 1 ? argv[1] : "/tmp";
  char dir[512];
  snprintf(dir, sizeof dir, "%s/lbx-posix-files.%d", base, (int)getpid());
  umask(022);
  CHECK("mkdir(fresh directory, 0755)", mkdir(dir, 0755));
  CHECK("mkdir(same) again", mkdir(dir, 0755));
  CHECK("chdir(it)", chdir(dir));
  char cwd[512];
  say("getcwd is that directory: %s\n", yes_no(getcwd(cwd, sizeof cwd) != NULL && strcmp(cwd, dir) == 0));
  list_dir("empty directory");

  int fd;
  CHECK_OK("open(a.txt, O_CREAT|O_EXCL|O_WRONLY, 0666)", fd = open("a.txt", O_CREAT | O_EXCL | O_WRONLY, 0666));
  CHECK("open(a.txt, O_CREAT|O_EXCL) again", open("a.txt", O_CREAT | O_EXCL | O_WRONLY, 0666));
  CHECK("write 12 bytes", write(fd, "hello world\n", 12));
  char buf[64];
  CHECK("read from an O_WRONLY descriptor", read(fd, buf, 1));
  struct stat st;
  CHECK("fstat", fstat(fd, &st));
  show_stat("a.txt", &st);
  close(fd);

  CHECK_OK("open(a.txt, O_RDONLY)", fd = open("a.txt", O_RDONLY));
  memset(buf, 0, sizeof buf);
  CHECK("read 5", read(fd, buf, 5));
  say("got \"%s\"\n", buf);
  CHECK("lseek(0, SEEK_CUR)", lseek(fd, 0, SEEK_CUR));
  CHECK("lseek(0, SEEK_END)", lseek(fd, 0, SEEK_END));
  CHECK("read at end of file", read(fd, buf, sizeof buf));
  CHECK("lseek(-1, SEEK_SET)", lseek(fd, -1, SEEK_SET));
  CHECK("lseek(0, whence 7)", lseek(fd, 0, 7));
  CHECK("write to an O_RDONLY descriptor", write(fd, "x", 1));
  close(fd);

  fd = open("a.txt", O_WRONLY | O_APPEND);
  lseek(fd, 0, SEEK_SET);
  CHECK("O_APPEND write after lseek(0)", write(fd, "tail", 4));
  close(fd);
  stat("a.txt", &st);
  show_stat("after append", &st);
  fd = open("a.txt", O_RDONLY);
  memset(buf, 0, sizeof buf);
  read(fd, buf, sizeof buf - 1);
  say("content: \"%.11s\" + newline + \"%s\"\n", buf, buf + 12);
  close(fd);

  /* Holes and truncation. */
  fd = open("b.bin", O_CREAT | O_RDWR | O_TRUNC, 0600);
  lseek(fd, 8192, SEEK_SET);
  write(fd, "x", 1);
  fstat(fd, &st);
  show_stat("b.bin after a write at 8192", &st);
  lseek(fd, 4000, SEEK_SET);
  memset(buf, 'q', sizeof buf);
  CHECK("read 16 bytes in the hole", read(fd, buf, 16));
  int zeros = 1;
  for (int i = 0; i < 16; i++) zeros &= buf[i] == 0;
  say("the hole reads as zeros: %s\n", yes_no(zeros));
  CHECK("ftruncate(100)", ftruncate(fd, 100));
  fstat(fd, &st);
  show_stat("b.bin after ftruncate(100)", &st);
  close(fd);
  fd = open("b.bin", O_RDWR | O_TRUNC);
  fstat(fd, &st);
  show_stat("b.bin after O_TRUNC", &st);
  close(fd);
  CHECK("unlink(b.bin)", unlink("b.bin"));

  /* Directories and their errors. */
  CHECK("mkdir(sub)", mkdir("sub", 0700));
  stat("sub", &st);
  say("sub: %s mode=%04o\n", S_ISDIR(st.st_mode) ? "directory" : "other", (unsigned)(st.st_mode & 07777));
  CHECK("open(sub, O_WRONLY)", open("sub", O_WRONLY));
  int dfd = open("sub", O_RDONLY | O_DIRECTORY);
  CHECK("read(directory)", read(dfd, buf, 1));
  CHECK_OK("openat(sub, inner.txt, O_CREAT)", fd = openat(dfd, "inner.txt", O_CREAT | O_WRONLY, 0644));
  close(fd);
  CHECK("fstatat(sub, inner.txt)", fstatat(dfd, "inner.txt", &st, 0));
  close(dfd);
  list_dir("after creating files");
  CHECK("open(a.txt, O_DIRECTORY)", open("a.txt", O_RDONLY | O_DIRECTORY));
  CHECK("open(missing)", open("missing", O_RDONLY));
  CHECK("open(missing/x, O_CREAT)", open("missing/x", O_CREAT | O_WRONLY, 0644));
  CHECK("open(a.txt/x)", open("a.txt/x", O_RDONLY));
  CHECK("stat(missing)", stat("missing", &st));
  CHECK("unlink(sub)", unlink("sub"));
  CHECK("rmdir(a.txt)", rmdir("a.txt"));
  CHECK("rmdir(sub) (not empty)", rmdir("sub"));
  CHECK("unlinkat(sub/inner.txt)", unlinkat(AT_FDCWD, "sub/inner.txt", 0));
  CHECK("unlinkat(sub, AT_REMOVEDIR)", unlinkat(AT_FDCWD, "sub", AT_REMOVEDIR));
  CHECK("unlink(missing)", unlink("missing"));
  CHECK("chdir(a.txt)", chdir("a.txt"));
  CHECK("chdir(missing)", chdir("missing"));
  errno = 0;
  char *small = getcwd(buf, 1);
  int e = errno;
  say("getcwd into 1 byte: %s errno=%s\n", small == NULL ? "NULL" : "buffer", errno_name(e));

  /* A read-only private mapping of the file. */
  fd = open("a.txt", O_RDONLY);
  char *m = mmap(NULL, 4096, PROT_READ, MAP_PRIVATE, fd, 0);
  say("mmap(a.txt, PROT_READ, MAP_PRIVATE): mapped: %s, first bytes \"%.5s\", past the end zero: %s\n", yes_no(m != MAP_FAILED),
      m != MAP_FAILED ? m : "", yes_no(m != MAP_FAILED && m[16] == 0 && m[4095] == 0));
  if (m != MAP_FAILED) munmap(m, 4096);

  /* The offset belongs to the open file, shared with a child. */
  lseek(fd, 0, SEEK_SET);
  pid_t pid = xfork();
  if (pid == 0) {
    char c[6];
    read(fd, c, 6);
    _exit(0);
  }
  wait_for(pid);
  CHECK("offset after the child read 6 bytes", lseek(fd, 0, SEEK_CUR));
  memset(buf, 0, sizeof buf);
  read(fd, buf, 5);
  say("parent reads on from there: \"%s\"\n", buf);

  /* Unlinked while open: still readable, link count 0. */
  CHECK("unlink(a.txt) while open", unlink("a.txt"));
  lseek(fd, 0, SEEK_SET);
  memset(buf, 0, sizeof buf);
  read(fd, buf, 5);
  fstat(fd, &st);
  say("still readable: \"%s\", nlink=%u\n", buf, (unsigned)st.st_nlink);
  close(fd);
  list_dir("at the end");

  CHECK("rmdir(.) (the cwd)", rmdir("."));
  CHECK("chdir(..)", chdir(".."));
  CHECK("rmdir(the directory)", rmdir(dir));
  CHECK("stat(the directory)", stat(dir, &st));
  return 0;
}
