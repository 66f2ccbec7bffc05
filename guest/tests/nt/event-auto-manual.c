/* Auto-reset events are consumed by the wait that sees them; manual-reset events stay signalled.
 * Windows (CreateEvent, bManualReset): "If this parameter is FALSE, the function creates an
 * auto-reset event object, and system automatically resets the event state to nonsignaled after a
 * single waiting thread has been released." "If TRUE ... the event state [stays signaled] until ...
 * ResetEvent." (SetEvent: "Setting an event that is already set has no effect"; for a manual-reset
 * event "any number of waiting threads ... are released".) */
#include "nt-test.h"

static HANDLE gate;
static volatile int released;

static DWORD WINAPI waiter(LPVOID arg) {
  (void)arg;
  WaitForSingleObject(gate, INFINITE);
  __atomic_fetch_add(&released, 1, __ATOMIC_SEQ_CST);
  return 0;
}

static void run_waiters(BOOL manual) {
  gate = CreateEventA(NULL, manual, FALSE, NULL);
  released = 0;
  HANDLE t[2];
  for (int i = 0; i < 2; i++) t[i] = CreateThread(NULL, 0, waiter, NULL, 0, NULL);
  Sleep(20); /* both threads are waiting */
  SetEvent(gate);
  Sleep(20);
  say("%s: one SetEvent released %d of 2 waiters", manual ? "manual-reset" : "auto-reset", released); /* 1 / 2 */
  if (released < 2) {
    SetEvent(gate);
    Sleep(20);
    say("%s: a second SetEvent released %d of 2", manual ? "manual-reset" : "auto-reset", released); /* 2 */
  }
  WaitForMultipleObjects(2, t, TRUE, INFINITE);
}

int main(void) {
  HANDLE a = CreateEventA(NULL, FALSE, TRUE, NULL);
  say("auto-reset, initially set: first wait %lu", WaitForSingleObject(a, 0)); /* 0 */
  say("auto-reset: second wait %lu", WaitForSingleObject(a, 0));                /* 258 */
  HANDLE m = CreateEventA(NULL, TRUE, TRUE, NULL);
  say("manual-reset, initially set: first wait %lu", WaitForSingleObject(m, 0)); /* 0 */
  say("manual-reset: second wait %lu", WaitForSingleObject(m, 0));                /* 0 */
  ResetEvent(m);
  say("manual-reset after ResetEvent: %lu", WaitForSingleObject(m, 0)); /* 258 */
  run_waiters(FALSE);
  run_waiters(TRUE);
  return 0;
}
