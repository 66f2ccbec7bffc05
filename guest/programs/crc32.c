/* crc32: CRC-32 (IEEE 802.3, reflected, table-driven) over a generated buffer, repeated.
 * Usage: crc32 [KiB]  (default 65536 KiB). Prints the CRC; the exit status is its low 7 bits,
 * or 100 if the known-answer self-test fails. Builds natively with gcc/glibc unchanged. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define BUF_SIZE (64 * 1024)

static uint32_t table[256];
static unsigned char buf[BUF_SIZE];

static void make_table(void) {
  for (uint32_t i = 0; i < 256; i++) {
    uint32_t c = i;
    for (int k = 0; k < 8; k++) c = (c & 1) ? 0xEDB88320u ^ (c >> 1) : c >> 1;
    table[i] = c;
  }
}

/* Continues a CRC: pass the previous result (0 to start). */
static uint32_t crc32_update(uint32_t crc, const unsigned char *p, size_t n) {
  crc = ~crc;
  for (size_t i = 0; i < n; i++) crc = table[(crc ^ p[i]) & 0xff] ^ (crc >> 8);
  return ~crc;
}

int main(int argc, char **argv) {
  uint32_t kib = argc > 1 ? (uint32_t)strtoul(argv[1], NULL, 10) : 65536;
  make_table();
  const char *check = "123456789";
  if (crc32_update(0, (const unsigned char *)check, strlen(check)) != 0xCBF43926u) {
    printf("crc32: self-test FAILED\n");
    return 100;
  }
  uint32_t x = 12345;
  for (size_t i = 0; i < BUF_SIZE; i++) {
    x = x * 1664525u + 1013904223u;
    buf[i] = (unsigned char)(x >> 24);
  }
  uint32_t crc = 0;
  uint32_t done = 0;
  for (uint32_t pass = 0; done < kib; pass++) {
    uint32_t chunk = kib - done < BUF_SIZE / 1024 ? kib - done : BUF_SIZE / 1024;
    buf[pass % BUF_SIZE] ^= (unsigned char)pass; /* every pass sees different data */
    crc = crc32_update(crc, buf, (size_t)chunk * 1024);
    done += chunk;
  }
  printf("crc32: %u KiB crc=%08x\n", kib, crc);
  return (int)(crc & 0x7f);
}
