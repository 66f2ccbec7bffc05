/* VirtualAlloc / VirtualProtect / VirtualQuery / VirtualFree. Windows: MEM_RESERVE reserves without
 * storage, MEM_COMMIT gives zero-filled pages ("Memory allocated by this function is automatically
 * initialized to zero"); reservations start on the allocation granularity (64 KiB); VirtualProtect
 * returns the previous protection; VirtualQuery reports MEM_COMMIT / MEM_RESERVE / MEM_FREE;
 * VirtualFree(MEM_RELEASE) needs dwSize 0 (else ERROR_INVALID_PARAMETER) and the allocation's base
 * (else ERROR_INVALID_ADDRESS, 487); committing inside no reservation fails with
 * ERROR_INVALID_ADDRESS. */
#include "nt-test.h"

int main(void) {
  char *p = VirtualAlloc(NULL, 3 * 4096, MEM_RESERVE | MEM_COMMIT, PAGE_READWRITE);
  say("VirtualAlloc: %s, on a 64 KiB boundary: %s", p ? "ok" : "failed", ((ULONG_PTR)p & 0xffff) == 0 ? "yes" : "no");
  say("zero-filled: %s", p[0] == 0 && p[3 * 4096 - 1] == 0 ? "yes" : "no");
  p[100] = 42;
  DWORD old = 0;
  say("VirtualProtect(READONLY): %d old=0x%lx", VirtualProtect(p, 4096, PAGE_READONLY, &old), old); /* 1 old=0x4 */
  say("still readable: %d", p[100]);                                                                /* 42 */
  MEMORY_BASIC_INFORMATION mbi;
  VirtualQuery(p, &mbi, sizeof mbi);
  say("first page: state=0x%lx protect=0x%lx size=%lu", mbi.State, mbi.Protect, (unsigned long)mbi.RegionSize); /* 0x1000 0x2 4096 */
  VirtualQuery(p + 4096, &mbi, sizeof mbi);
  say("rest: state=0x%lx protect=0x%lx size=%lu", mbi.State, mbi.Protect, (unsigned long)mbi.RegionSize); /* 0x1000 0x4 8192 */
  char *r = VirtualAlloc(NULL, 65536, MEM_RESERVE, PAGE_READWRITE);
  VirtualQuery(r, &mbi, sizeof mbi);
  say("reserved: state=0x%lx", mbi.State); /* 0x2000 */
  say("commit one page inside: %s", VirtualAlloc(r + 8192, 100, MEM_COMMIT, PAGE_READWRITE) == r + 8192 ? "ok" : "failed");
  r[8192] = 1;
  BOOL ok = VirtualFree(p, 4096, MEM_RELEASE);
  say("VirtualFree(RELEASE, size!=0): %d error=%lu", ok, ok ? 0UL : GetLastError()); /* 0 error=87 */
  ok = VirtualFree(p + 4096, 0, MEM_RELEASE);
  say("VirtualFree(RELEASE, not the base): %d error=%lu", ok, ok ? 0UL : GetLastError()); /* 0 error=487 */
  say("VirtualFree(RELEASE): %d", VirtualFree(p, 0, MEM_RELEASE)); /* 1 */
  VirtualQuery(p, &mbi, sizeof mbi);
  say("released: state=0x%lx", mbi.State); /* 0x10000 */
  say("VirtualFree(r): %d", VirtualFree(r, 0, MEM_RELEASE)); /* 1 */
  ok = VirtualAlloc(p, 4096, MEM_COMMIT, PAGE_READWRITE) != NULL;
  say("commit outside any reservation: %d error=%lu", ok, ok ? 0UL : GetLastError()); /* 0 error=487 */
  ok = VirtualAlloc(NULL, 4096, MEM_RESERVE | MEM_COMMIT, PAGE_GUARD | PAGE_READWRITE) != NULL;
  say("unsupported protection: %d", ok); /* 0 */
  return 0;
}
