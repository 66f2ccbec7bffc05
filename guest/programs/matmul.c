/* matmul: C = A x B for N x N matrices of 32-bit integers (wrapping arithmetic), i-k-j loop order.
 * Usage: matmul [N]  (default 400, at most 512). Prints a checksum of C; the exit status is its
 * low 7 bits, 2 on a bad N. Static matrices (bss), no heap. Builds natively unchanged. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#define MAX_N 512

static uint32_t A[MAX_N * MAX_N], B[MAX_N * MAX_N], C[MAX_N * MAX_N];

int main(int argc, char **argv) {
  uint32_t n = argc > 1 ? (uint32_t)strtoul(argv[1], NULL, 10) : 400;
  if (n == 0 || n > MAX_N) {
    printf("matmul: N must be 1..%u\n", MAX_N);
    return 2;
  }
  uint32_t x = 7;
  for (uint32_t i = 0; i < n * n; i++) {
    x = x * 1664525u + 1013904223u;
    A[i] = x >> 20;
    x = x * 1664525u + 1013904223u;
    B[i] = x >> 20;
  }
  for (uint32_t i = 0; i < n; i++) {
    uint32_t *c = &C[i * n];
    for (uint32_t j = 0; j < n; j++) c[j] = 0;
    for (uint32_t k = 0; k < n; k++) {
      uint32_t aik = A[i * n + k];
      const uint32_t *b = &B[k * n];
      for (uint32_t j = 0; j < n; j++) c[j] += aik * b[j];
    }
  }
  uint32_t checksum = 0, trace = 0;
  for (uint32_t i = 0; i < n * n; i++) checksum = (checksum << 5 | checksum >> 27) ^ C[i];
  for (uint32_t i = 0; i < n; i++) trace += C[i * n + i];
  printf("matmul: n=%u trace=%u checksum=%08x\n", n, trace, checksum);
  return (int)(checksum & 0x7f);
}
