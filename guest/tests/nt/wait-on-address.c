/* WaitOnAddress / WakeByAddressSingle / WakeByAddressAll. Windows (WaitOnAddress): "If the value at
 * Address differs from the value at CompareAddress, the function returns immediately" (TRUE); a
 * waiting thread wakes when "another thread in the same process calls WakeByAddressSingle or
 * WakeByAddressAll"; "If the function times out, the return value is FALSE and GetLastError
 * returns ERROR_TIMEOUT" (1460). WakeByAddressSingle wakes one waiter; WakeByAddressAll every one. */
#include "nt-test.h"

static volatile LONG word;
static volatile int woken;

static DWORD WINAPI waiter(LPVOID arg) {
  (void)arg;
  LONG undesired = 0;
  while (word == undesired) WaitOnAddress(&word, &undesired, sizeof word, INFINITE);
  __atomic_fetch_add(&woken, 1, __ATOMIC_SEQ_CST);
  return 0;
}

int main(void) {
  LONG compare = 1;
  say("value differs: %d", WaitOnAddress(&word, &compare, sizeof word, INFINITE)); /* 1 */
  compare = 0;
  BOOL ok = WaitOnAddress(&word, &compare, sizeof word, 20);
  say("timeout: %d error=%lu", ok, ok ? 0UL : GetLastError()); /* 0 error=1460 */
  HANDLE t[3];
  for (int i = 0; i < 3; i++) t[i] = CreateThread(NULL, 0, waiter, NULL, 0, NULL);
  Sleep(20);
  WakeByAddressSingle((PVOID)&word); /* the value is unchanged: the woken thread waits again */
  Sleep(20);
  say("woken with the value unchanged: %d", woken); /* 0 */
  word = 1;
  WakeByAddressSingle((PVOID)&word);
  Sleep(20);
  say("after one WakeByAddressSingle: %d", woken); /* 1 */
  WakeByAddressAll((PVOID)&word);
  WaitForMultipleObjects(3, t, TRUE, INFINITE);
  say("after WakeByAddressAll: %d", woken); /* 3 */
  unsigned char bytes[4] = {0, 0, 0, 0};
  unsigned char one = 0;
  say("one byte, differs: %d", (bytes[1] = 9, WaitOnAddress(&bytes[1], &one, 1, 0))); /* 1 */
  return 0;
}
