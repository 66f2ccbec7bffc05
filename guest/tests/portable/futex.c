/* futex: futex-style wait/wake between the threads of one process (lbx_futex_wait/wake). A wait on
 * a word that already differs returns at once; a wake with no waiter does nothing; two threads
 * alternate strictly through one word; four threads blocked behind a gate all pass after one
 * wake-all; a lock built on wait/wake keeps a read-yield-write counter exact under contention.
 * Threads make only lbx calls and plain or atomic memory accesses; the main thread prints. */
#include "portable-test.h"

#define ROUNDS 200
#define WORKERS 4
#define INCREMENTS 150

static unsigned load(volatile unsigned *w) { return __atomic_load_n(w, __ATOMIC_SEQ_CST); }
static void store(volatile unsigned *w, unsigned v) { __atomic_store_n(w, v, __ATOMIC_SEQ_CST); }

/* ---- ping-pong ---- */
static volatile unsigned turn;
static char log_of_turns[2 * ROUNDS];
static unsigned turns_taken;

static void take_turns(unsigned me) {
  for (int i = 0; i < ROUNDS; i++) {
    unsigned t;
    while ((t = load(&turn)) != me) lbx_futex_wait(&turn, t);
    log_of_turns[turns_taken++] = (char)('A' + me);
    store(&turn, 1 - me);
    lbx_futex_wake(&turn, 0);
  }
}
static int pong(void *arg) {
  (void)arg;
  take_turns(1);
  return 11;
}

/* ---- the gate ---- */
static volatile unsigned gate, arrived, passed;
static int behind_gate(void *arg) {
  __atomic_fetch_add(&arrived, 1, __ATOMIC_SEQ_CST);
  lbx_futex_wake(&arrived, 0);
  unsigned g;
  while ((g = load(&gate)) == 0) lbx_futex_wait(&gate, g);
  __atomic_fetch_add(&passed, 1, __ATOMIC_SEQ_CST);
  return (int)(long)arg;
}

/* ---- a lock: 0 free, 1 held, 2 held with waiters (the classic three-state futex mutex) ---- */
static volatile unsigned lock_word;
static unsigned counter;
static void lock(void) {
  unsigned c = 0;
  if (__atomic_compare_exchange_n(&lock_word, &c, 1, 0, __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST)) return;
  if (c != 2) c = __atomic_exchange_n(&lock_word, 2, __ATOMIC_SEQ_CST);
  while (c != 0) {
    lbx_futex_wait(&lock_word, 2);
    c = __atomic_exchange_n(&lock_word, 2, __ATOMIC_SEQ_CST);
  }
}
static void unlock(void) {
  if (__atomic_exchange_n(&lock_word, 0, __ATOMIC_SEQ_CST) == 2) lbx_futex_wake(&lock_word, 0);
}
static int increment(void *arg) {
  for (int i = 0; i < INCREMENTS; i++) {
    lock();
    unsigned v = counter;
    lbx_yield(); /* invite another thread in: only the lock keeps it out */
    counter = v + 1;
    unlock();
  }
  return (int)(long)arg;
}

int main(void) {
  volatile unsigned word = 5;
  lbx_futex_wait(&word, 4);
  say("wait on a word that already differs returns at once: yes\n");
  lbx_futex_wake(&word, 0);
  lbx_futex_wake(&word, 1);
  say("wake with no waiter returns: yes\n");

  lbx_thread t;
  must(lbx_thread_start(&t, pong, NULL), "thread");
  take_turns(0);
  int result = lbx_thread_join(&t);
  int alternating = turns_taken == 2 * ROUNDS;
  for (unsigned i = 0; i < turns_taken; i++) alternating &= log_of_turns[i] == (char)('A' + i % 2);
  say("ping-pong: %u turns, strictly alternating from the main thread: %s; the thread returned %d\n", turns_taken,
      yes_no(alternating), result);

  lbx_thread workers[WORKERS];
  for (long i = 0; i < WORKERS; i++) must(lbx_thread_start(&workers[i], behind_gate, (void *)(i + 1)), "thread");
  unsigned a;
  while ((a = load(&arrived)) != WORKERS) lbx_futex_wait(&arrived, a);
  say("gate: %u threads arrived, %u passed while it was shut\n", load(&arrived), load(&passed));
  store(&gate, 1);
  lbx_futex_wake(&gate, 1);
  int sum = 0;
  for (int i = 0; i < WORKERS; i++) sum += lbx_thread_join(&workers[i]);
  say("gate: after one wake-all, %u passed; their results add up to %d\n", load(&passed), sum);

  for (long i = 0; i < WORKERS; i++) must(lbx_thread_start(&workers[i], increment, (void *)(i * 10)), "thread");
  sum = 0;
  for (int i = 0; i < WORKERS; i++) sum += lbx_thread_join(&workers[i]);
  say("lock: %d threads x %d increments = %u (lock word %u at the end); results add up to %d\n", WORKERS, INCREMENTS,
      counter, load(&lock_word), sum);
  return 0;
}
