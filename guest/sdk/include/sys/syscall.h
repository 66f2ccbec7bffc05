/* sys/syscall.h: Linux rv32 system-call numbers (asm-generic table; rv32 is time64-only, so the
 * 32-bit-time calls are absent and their *_time64 successors are used). */
#ifndef _SYS_SYSCALL_H
#define _SYS_SYSCALL_H

#define SYS_getcwd 17
#define SYS_dup 23
#define SYS_dup3 24
#define SYS_fcntl64 25
#define SYS_ioctl 29
#define SYS_mkdirat 34
#define SYS_unlinkat 35
#define SYS_renameat 38
#define SYS_ftruncate64 46
#define SYS_faccessat 48
#define SYS_chdir 49
#define SYS_openat 56
#define SYS_close 57
#define SYS_pipe2 59
#define SYS_getdents64 61
#define SYS_llseek 62
#define SYS_read 63
#define SYS_write 64
#define SYS_readv 65
#define SYS_writev 66
#define SYS_exit 93
#define SYS_exit_group 94
#define SYS_waitid 95
#define SYS_set_tid_address 96
#define SYS_sched_yield 124
#define SYS_kill 129
#define SYS_tkill 130
#define SYS_tgkill 131
#define SYS_sigaltstack 132
#define SYS_rt_sigsuspend 133
#define SYS_rt_sigaction 134
#define SYS_rt_sigprocmask 135
#define SYS_rt_sigpending 136
#define SYS_rt_sigqueueinfo 138
#define SYS_rt_sigreturn 139
#define SYS_setpgid 154
#define SYS_getpgid 155
#define SYS_getsid 156
#define SYS_setsid 157
#define SYS_uname 160
#define SYS_umask 166
#define SYS_prctl 167
#define SYS_getpid 172
#define SYS_getppid 173
#define SYS_getuid 174
#define SYS_geteuid 175
#define SYS_getgid 176
#define SYS_getegid 177
#define SYS_gettid 178
#define SYS_brk 214
#define SYS_munmap 215
#define SYS_mremap 216
#define SYS_clone 220
#define SYS_execve 221
#define SYS_mmap2 222
#define SYS_mprotect 226
#define SYS_madvise 233
#define SYS_prlimit64 261
#define SYS_getrandom 278
#define SYS_statx 291
#define SYS_clock_gettime64 403
#define SYS_clock_nanosleep_time64 407
#define SYS_pselect6_time64 413
#define SYS_ppoll_time64 414
#define SYS_rt_sigtimedwait_time64 421
#define SYS_futex_time64 422

#endif
