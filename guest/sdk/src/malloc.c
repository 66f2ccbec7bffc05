/* malloc: power-of-two size classes carved from the program break (brk), with free lists per class.
 * Blocks larger than LARGE_LIMIT get their own anonymous mapping and are unmapped on free. When brk
 * cannot grow, arena chunks come from mmap instead. Alignment is 16 bytes (max_align_t on rv32:
 * long double is 128-bit). Single-threaded. */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#define ALIGN 16
#define HEADER 16
#define MIN_SHIFT 5              /* smallest block: 32 bytes including the header */
#define NUM_CLASSES 14           /* up to 32 << 13 = 256 KiB */
#define LARGE_LIMIT (128 * 1024) /* requests above this are mapped directly */
#define ARENA_CHUNK (64 * 1024)
#define MMAPPED 0xffu

struct header {
  uint32_t size;  /* block size (class) or mapping length */
  uint32_t klass; /* class index, or MMAPPED */
  uint32_t pad[2];
};

static void *free_lists[NUM_CLASSES];
static uintptr_t arena_ptr, arena_end;

static unsigned class_of(size_t total) {
  unsigned k = 0;
  while (((size_t)1 << (k + MIN_SHIFT)) < total) k++;
  return k;
}

static int grow_arena(size_t need) {
  /* Room for aligning a break that is not 16-byte aligned. */
  size_t want = (need > ARENA_CHUNK ? need : ARENA_CHUNK) + ALIGN;
  want = (want + 4095) & ~(size_t)4095;
  void *p = sbrk((intptr_t)want);
  if (p != (void *)-1) {
    uintptr_t start = ((uintptr_t)p + ALIGN - 1) & ~(uintptr_t)(ALIGN - 1);
    /* Contiguous with the current arena: extend it; otherwise start a new one. */
    if ((uintptr_t)p != arena_end) arena_ptr = start;
    arena_end = (uintptr_t)p + want;
    if (arena_end - arena_ptr >= need) return 0;
  }
  p = mmap(NULL, want, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (p == MAP_FAILED) return -1;
  arena_ptr = (uintptr_t)p;
  arena_end = (uintptr_t)p + want;
  return 0;
}

void *malloc(size_t size) {
  if (size > SIZE_MAX - 2 * 4096) {
    errno = ENOMEM;
    return NULL;
  }
  size_t total = size + HEADER;
  struct header *h;
  if (size > LARGE_LIMIT) {
    size_t len = (total + 4095) & ~(size_t)4095;
    void *p = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (p == MAP_FAILED) {
      errno = ENOMEM;
      return NULL;
    }
    h = p;
    h->size = (uint32_t)len;
    h->klass = MMAPPED;
    return (char *)h + HEADER;
  }
  unsigned k = class_of(total);
  if (free_lists[k]) {
    void *p = free_lists[k];
    free_lists[k] = *(void **)p;
    return p;
  }
  size_t block = (size_t)1 << (k + MIN_SHIFT);
  if (arena_end - arena_ptr < block && grow_arena(block) < 0) {
    errno = ENOMEM;
    return NULL;
  }
  h = (struct header *)arena_ptr;
  arena_ptr += block;
  h->size = (uint32_t)block;
  h->klass = k;
  return (char *)h + HEADER;
}

void free(void *ptr) {
  if (!ptr) return;
  struct header *h = (struct header *)((char *)ptr - HEADER);
  if (h->klass == MMAPPED) {
    munmap(h, h->size);
    return;
  }
  *(void **)ptr = free_lists[h->klass];
  free_lists[h->klass] = ptr;
}

void *calloc(size_t n, size_t size) {
  if (size && n > SIZE_MAX / size) {
    errno = ENOMEM;
    return NULL;
  }
  void *p = malloc(n * size);
  /* Recycled blocks may hold old data; fresh pages are zero but clearing is cheap enough. */
  if (p) memset(p, 0, n * size);
  return p;
}

void *realloc(void *ptr, size_t size) {
  if (!ptr) return malloc(size);
  if (size == 0) {
    free(ptr);
    return NULL;
  }
  struct header *h = (struct header *)((char *)ptr - HEADER);
  size_t usable = h->size - HEADER;
  if (size <= usable) return ptr;
  void *n = malloc(size);
  if (!n) return NULL;
  memcpy(n, ptr, usable);
  free(ptr);
  return n;
}
