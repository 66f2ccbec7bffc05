/* unistd.h: POSIX process, descriptor and file-system calls (Linux rv32 system calls). */
#ifndef _UNISTD_H
#define _UNISTD_H
#include <bits/types.h>

#define STDIN_FILENO 0
#define STDOUT_FILENO 1
#define STDERR_FILENO 2

#define SEEK_SET 0
#define SEEK_CUR 1
#define SEEK_END 2

#define F_OK 0
#define X_OK 1
#define W_OK 2
#define R_OK 4

#ifndef NULL
#define NULL ((void *)0)
#endif

extern char **environ;

ssize_t read(int fd, void *buf, size_t count);
ssize_t write(int fd, const void *buf, size_t count);
int close(int fd);
off_t lseek(int fd, off_t offset, int whence);
int pipe(int fds[2]);
int pipe2(int fds[2], int flags);
int dup(int fd);
int dup2(int oldfd, int newfd);
int dup3(int oldfd, int newfd, int flags);
int ftruncate(int fd, off_t length);
int isatty(int fd);

pid_t fork(void);
/* clone(CLONE_VM | CLONE_VFORK | SIGCHLD): the child borrows the parent's memory and stack, and
 * the parent sleeps until the child calls execve or _exit, the only things it may do. */
pid_t vfork(void);
int execve(const char *path, char *const argv[], char *const envp[]);
int execv(const char *path, char *const argv[]);
_Noreturn void _exit(int status);

pid_t getpid(void);
pid_t getppid(void);
pid_t gettid(void);
int setpgid(pid_t pid, pid_t pgid);
pid_t getpgid(pid_t pid);
pid_t getpgrp(void);
pid_t setsid(void);
pid_t getsid(pid_t pid);
uid_t getuid(void);
uid_t geteuid(void);
gid_t getgid(void);
gid_t getegid(void);

int chdir(const char *path);
char *getcwd(char *buf, size_t size);
int unlink(const char *path);
int unlinkat(int dirfd, const char *path, int flags);
int rmdir(const char *path);
int access(const char *path, int mode);

int brk(void *addr);
void *sbrk(intptr_t increment);
unsigned int sleep(unsigned int seconds);
int usleep(unsigned int usec);
long syscall(long number, ...);

#endif
