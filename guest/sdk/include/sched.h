/* sched.h: yielding the processor; clone flags. */
#ifndef _SCHED_H
#define _SCHED_H
#include <bits/types.h>

/* The low byte of clone's flags is the signal sent to the parent when the child exits. */
#define CSIGNAL 0x000000ff
#define CLONE_VM 0x00000100
#define CLONE_FS 0x00000200
#define CLONE_FILES 0x00000400
#define CLONE_SIGHAND 0x00000800
#define CLONE_PIDFD 0x00001000
#define CLONE_PTRACE 0x00002000
#define CLONE_VFORK 0x00004000
#define CLONE_PARENT 0x00008000
#define CLONE_THREAD 0x00010000
#define CLONE_SYSVSEM 0x00040000
#define CLONE_SETTLS 0x00080000
#define CLONE_PARENT_SETTID 0x00100000
#define CLONE_CHILD_CLEARTID 0x00200000
#define CLONE_UNTRACED 0x00800000
#define CLONE_CHILD_SETTID 0x01000000

int sched_yield(void);

/* glibc's clone: runs fn(arg) on `stack` (its highest address) in a new task made with `flags`;
 * the optional arguments are parent_tid, tls and child_tid, read as CLONE_PARENT_SETTID,
 * CLONE_SETTLS and CLONE_CHILD_SETTID/CLONE_CHILD_CLEARTID ask. When fn returns, the task ends
 * with the exit system call (the task only, not its thread group) and fn's result as status.
 * Returns the new task's id, or -1 with errno. */
int clone(int (*fn)(void *), void *stack, int flags, void *arg, ...);

#endif
