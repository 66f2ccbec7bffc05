/* Alertable waits and user APCs. Windows (QueueUserAPC): "the APC is queued ... When the thread is
 * in an alertable state, the system calls the APC function" (SleepEx, WaitForSingleObjectEx with
 * bAlertable TRUE); the wait then returns WAIT_IO_COMPLETION (192) "The wait was ended by one or
 * more user-mode asynchronous procedure calls (APC) queued to the thread". A non-alertable wait is
 * not interrupted by a queued APC, and APCs run in FIFO order. */
#include "nt-test.h"

static volatile int order[4];
static volatile int count;

static void CALLBACK apc(ULONG_PTR data) { order[count++] = (int)data; }

int main(void) {
  HANDLE self;
  DuplicateHandle(GetCurrentProcess(), GetCurrentThread(), GetCurrentProcess(), &self, 0, FALSE, DUPLICATE_SAME_ACCESS);
  say("QueueUserAPC: %d", QueueUserAPC(apc, self, 11) != 0); /* 1 */
  QueueUserAPC(apc, self, 22);
  HANDLE e = CreateEventA(NULL, TRUE, FALSE, NULL);
  say("non-alertable wait, APCs queued: %lu count=%d", WaitForSingleObject(e, 10), count); /* 258 count=0 */
  say("SleepEx(alertable): %lu", SleepEx(INFINITE, TRUE));                                  /* 192 */
  say("APCs ran in order: %d %d (count %d)", order[0], order[1], count);                    /* 11 22 (count 2) */
  QueueUserAPC(apc, self, 33);
  say("WaitForSingleObjectEx(alertable): %lu", WaitForSingleObjectEx(e, INFINITE, TRUE)); /* 192 */
  say("third APC: %d", order[2]);                                                         /* 33 */
  SetEvent(e);
  QueueUserAPC(apc, self, 44);
  say("signalled object wins over a queued APC: %lu count=%d", WaitForSingleObjectEx(e, INFINITE, TRUE), count); /* 0 count=3 */
  say("SleepEx(0, alertable) runs it: %lu count=%d", SleepEx(0, TRUE), count); /* 192 count=4 */
  return 0;
}
