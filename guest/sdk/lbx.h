/* lbx.h — a tiny portable process API for LiteBox guests.
 *
 * One source, every shim: a program written against this header builds for the POSIX shim (linked
 * with sdk/lbx/lbx-posix.c and the SDK's POSIX runtime), for the NT shim (sdk/lbx/lbx-nt.c and the
 * NT runtime), and natively on Linux with gcc and glibc (lbx-posix.c again) — the native run is the
 * oracle of the portable suite (guest/tests/portable). It covers what both personalities truly
 * share: pipes, spawning a program with chosen pipe ends, waiting for its exit code, exiting, the
 * process's ids, threads of one process with futex-style wait/wake on a word, and one observation
 * whose answer differs by policy (what happens to a child whose parent exited).
 *
 * Conventions
 *   - Calls that can fail return 0 (or a count) on success and a negative LBX_E* code on failure.
 *     The codes are the same on every implementation, so a program may print them (lbx_error_name).
 *   - Handles (lbx_handle) are descriptors on POSIX and NT handles on NT. Their numeric values differ
 *     between shims: pass them to a child in argv if it needs them, never print them.
 *   - Every handle made here is private to the process: a child receives only what lbx_spawn passes
 *     it (its standard streams and the `pass` list), at the same value for `pass` entries.
 *   - Threads (lbx_thread_start) may call lbx_read, lbx_write, lbx_close, lbx_futex_wait, lbx_futex_wake, lbx_yield and
 *     make plain memory accesses; not stdio, malloc or lbx_spawn (the SDK's libc has no locks).
 *
 * Shared memory across processes is deliberately absent: the NT ABI has no section objects (its
 * memory is private to a process) and lbx_spawn is fork+exec on POSIX, which drops every mapping,
 * so futex-style wait/wake is offered between the threads of one process — the one kind of sharing
 * both shims support. */
#ifndef LBX_H
#define LBX_H

#ifdef __cplusplus
extern "C" {
#endif

/** A pipe end or a standard stream: a descriptor (POSIX) or a handle (NT). */
typedef long lbx_handle;
/** A started child: its pid (POSIX) or its process handle (NT). Released by lbx_wait. */
typedef long lbx_proc;
/** A process id. */
typedef long lbx_id;

/* Error codes (returned negated). The same numbers on every implementation. */
#define LBX_EBADF 1   /* not an open handle, or the wrong end of a pipe */
#define LBX_EPIPE 2   /* write to a pipe that has no reader left */
#define LBX_ENOENT 3  /* no program at that path */
#define LBX_ENOEXEC 4 /* the file is not a program */
#define LBX_EINVAL 5  /* a bad argument */
#define LBX_ENOMEM 6  /* out of memory, processes or threads */
#define LBX_EIO 7     /* anything else */

/** The name of an LBX_E* code (positive or negated): "EBADF", …; "OK" for 0. */
const char *lbx_error_name(long code);

/* ---- the standard streams and pipes ------------------------------------------------------ */

/** The process's standard input, output and error (as its creator gave them). */
lbx_handle lbx_stdin(void);
lbx_handle lbx_stdout(void);
lbx_handle lbx_stderr(void);

/**
 * A pipe: ends[0] reads, ends[1] writes. Neither end is inherited unless passed to lbx_spawn.
 * On POSIX the first call also sets SIGPIPE to be ignored (inherited by children), so that a write
 * with no reader is an error (LBX_EPIPE) on every shim, as on NT, instead of killing the writer.
 */
long lbx_pipe(lbx_handle ends[2]);

/**
 * Reads at most `size` bytes; blocks until at least one is there. Returns the count, 0 at the end
 * (every write end in every process closed and the pipe drained), or -LBX_E*.
 */
long lbx_read(lbx_handle handle, void *buffer, unsigned long size);

/** Writes all `size` bytes (blocking while the pipe is full). Returns `size` or -LBX_E*. */
long lbx_write(lbx_handle handle, const void *buffer, unsigned long size);

/** Closes a handle. 0 or -LBX_EBADF. */
long lbx_close(lbx_handle handle);

/* ---- processes ----------------------------------------------------------------------------- */

/** lbx_spawn_io's "the caller's own stream" for std_in, std_out, std_err. */
#define LBX_INHERIT ((lbx_handle)-1)

/** What a child gets besides its arguments. */
typedef struct lbx_spawn_io {
  lbx_handle std_in;  /* the child's standard input (LBX_INHERIT: the caller's) */
  lbx_handle std_out; /* its standard output */
  lbx_handle std_err; /* its standard error */
  const lbx_handle *pass; /* more handles the child gets, at the same values (may be NULL; on POSIX
                             never 0, 1 or 2, which the standard streams take) */
  unsigned npass;
} lbx_spawn_io;

/**
 * Starts the program at `path` with `argv` (argv[0] first, NULL-terminated) as a child of the
 * caller. `io` NULL means: the caller's three streams, nothing more. On success stores the child in
 * *child and returns 0; otherwise -LBX_ENOENT (no such program), -LBX_ENOEXEC, -LBX_EBADF (a handle
 * to pass is not open), -LBX_ENOMEM; nothing is left behind then. The caller keeps its own copies
 * of the passed handles: close them when the child should be their only holder.
 * Not for threads: call it from the main thread while no other thread spawns.
 */
long lbx_spawn(const char *path, char *const argv[], const lbx_spawn_io *io, lbx_proc *child);

/**
 * Waits until `child` has exited and stores its exit code in *code: the value it gave lbx_exit (or
 * returned from main), 0..255 — its low 8 bits on every shim. Releases the child: call it once.
 * Returns 0 or -LBX_E*.
 */
long lbx_wait(lbx_proc child, int *code);

/** The process id of a started child. */
lbx_id lbx_proc_id(lbx_proc child);

/** Ends the process with `code` (0..255) after flushing stdio; every handle it holds is closed. */
__attribute__((noreturn)) void lbx_exit(int code);

/** The caller's process id. */
lbx_id lbx_self_id(void);

/**
 * The id the caller knows as its parent: POSIX getppid() (which changes when the parent exits and
 * the orphan is reparented), NT's InheritedFromUniqueProcessId (the creator's id, forever).
 */
lbx_id lbx_parent_id(void);

/* Answers of lbx_parent_status. */
#define LBX_PARENT_RUNNING 0    /* the creator is alive and still the parent */
#define LBX_PARENT_REPARENTED 1 /* the creator is gone; the caller was given another parent (POSIX) */
#define LBX_PARENT_DETACHED 2   /* the creator is gone; the caller has no parent now (NT) */

/**
 * What became of the caller's creator, whose id `creator` the caller was told (its lbx_self_id,
 * passed in argv: by the time the child asks, lbx_parent_id may already have changed). An
 * observation, not a constant: POSIX compares getppid() with `creator`; NT checks that
 * InheritedFromUniqueProcessId still names `creator` and whether that id still opens a running
 * process. The answer after the creator exited is each shim's orphan policy.
 */
int lbx_parent_status(lbx_id creator);

/** "running", "reparented" or "detached". */
const char *lbx_parent_status_name(int status);

/* ---- threads and futex-style waits ------------------------------------------------------- */

/** A thread of the calling process. Fill nothing: lbx_thread_start does. */
typedef struct lbx_thread {
  long handle;         /* NT: the thread handle */
  volatile int tid;    /* POSIX: the thread id, cleared by the kernel when the thread ends */
  void *stack;         /* POSIX: its stack */
  int (*fn)(void *);
  void *arg;
  volatile int result;
} lbx_thread;

/** Starts fn(arg) on a new thread (64 KiB of stack). 0 or -LBX_ENOMEM. */
long lbx_thread_start(lbx_thread *thread, int (*fn)(void *), void *arg);

/** Waits until the thread has ended; returns fn's result. Call it once per thread. */
int lbx_thread_join(lbx_thread *thread);

/**
 * Blocks while *word == expected (checked after the caller is queued, so a wake between the
 * caller's last look and the wait is never lost). Returns when woken, at once when the value
 * differs, or spuriously: always re-check the condition in a loop.
 */
void lbx_futex_wait(volatile unsigned *word, unsigned expected);

/** Wakes one waiter (or, with `all` non-zero, every waiter) blocked on `word`. */
void lbx_futex_wake(volatile unsigned *word, int all);

/** Lets other threads run. */
void lbx_yield(void);

#ifdef __cplusplus
}
#endif

#endif
