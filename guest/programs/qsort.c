/* qsort: quicksort (median of three, insertion sort below 16) of pseudo-random 32-bit integers
 * from a linear congruential generator, then a check that the result is sorted.
 * Usage: qsort [count]  (default 1500000, at most 2097152). Prints min, max and a position-weighted
 * checksum; the exit status is the checksum's low 7 bits, 100 if unsorted, 2 on a bad count.
 * The array is static (bss), so the program needs no heap. Builds natively unchanged. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#define MAX_COUNT (1u << 21)

static int32_t a[MAX_COUNT];

static void insertion_sort(int32_t *v, int32_t lo, int32_t hi) {
  for (int32_t i = lo + 1; i <= hi; i++) {
    int32_t x = v[i], j = i - 1;
    while (j >= lo && v[j] > x) {
      v[j + 1] = v[j];
      j--;
    }
    v[j + 1] = x;
  }
}

static void swap(int32_t *v, int32_t i, int32_t j) {
  int32_t t = v[i];
  v[i] = v[j];
  v[j] = t;
}

static void quicksort(int32_t *v, int32_t lo, int32_t hi) {
  while (hi - lo >= 16) {
    int32_t mid = lo + (hi - lo) / 2;
    if (v[mid] < v[lo]) swap(v, mid, lo);
    if (v[hi] < v[lo]) swap(v, hi, lo);
    if (v[hi] < v[mid]) swap(v, hi, mid);
    int32_t pivot = v[mid], i = lo, j = hi;
    while (i <= j) {
      while (v[i] < pivot) i++;
      while (v[j] > pivot) j--;
      if (i <= j) swap(v, i++, j--);
    }
    /* Recurse into the smaller part, loop on the larger: the stack stays O(log n). */
    if (j - lo < hi - i) {
      quicksort(v, lo, j);
      lo = i;
    } else {
      quicksort(v, i, hi);
      hi = j;
    }
  }
  insertion_sort(v, lo, hi);
}

int main(int argc, char **argv) {
  uint32_t n = argc > 1 ? (uint32_t)strtoul(argv[1], NULL, 10) : 1500000;
  if (n == 0 || n > MAX_COUNT) {
    printf("qsort: count must be 1..%u\n", MAX_COUNT);
    return 2;
  }
  uint32_t x = 42;
  for (uint32_t i = 0; i < n; i++) {
    x = x * 1103515245u + 12345u;
    a[i] = (int32_t)(x ^ (x >> 15));
  }
  quicksort(a, 0, (int32_t)n - 1);
  uint32_t checksum = 0;
  for (uint32_t i = 0; i < n; i++) {
    if (i > 0 && a[i - 1] > a[i]) {
      printf("qsort: NOT SORTED at %u\n", i);
      return 100;
    }
    checksum = checksum * 31u + (uint32_t)a[i] * (i + 1);
  }
  printf("qsort: n=%u min=%d max=%d checksum=%08x\n", n, a[0], a[n - 1], checksum);
  return (int)(checksum & 0x7f);
}
