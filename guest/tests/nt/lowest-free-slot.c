/* New handles take the lowest free handle value, in steps of 4.
 * Windows: handle values are multiples of 4 (the low two bits are ignored by the handle table and
 * free for the application's use). Which free value a new handle gets is not documented; this shim
 * hands out the lowest one (its handle table is the core's RawDescriptorStorage, lowest free slot
 * first). The cases below free only the slot they reuse, or free them so that the most recently
 * freed is also the lowest, so Windows' free-list order gives the same values. */
#include "nt-test.h"

int main(void) {
  HANDLE a = CreateEventA(NULL, TRUE, FALSE, NULL);
  HANDLE b = CreateEventA(NULL, TRUE, FALSE, NULL);
  HANDLE c = CreateEventA(NULL, TRUE, FALSE, NULL);
  say("consecutive values 4 apart: %s", H(b) == H(a) + 4 && H(c) == H(b) + 4 ? "yes" : "no");
  CloseHandle(b);
  HANDLE d = CreateEventA(NULL, TRUE, FALSE, NULL);
  say("after closing the middle one, the new handle takes its value: %s", d == b ? "yes" : "no");
  CloseHandle(c);
  CloseHandle(a);
  HANDLE e = CreateEventA(NULL, TRUE, FALSE, NULL);
  say("after closing the last then the first, the new handle takes the first: %s", e == a ? "yes" : "no");
  HANDLE f = CreateEventA(NULL, TRUE, FALSE, NULL);
  say("and the next one the last: %s", f == c ? "yes" : "no");
  /* The low two bits are ignored. */
  say("SetEvent(handle | 3): %d", SetEvent((HANDLE)(H(e) | 3)));
  return 0;
}
