/* Internal: raw Linux rv32 system calls. a7 = number, a0..a5 = arguments, a0 = result or -errno. */
#ifndef _LBX_SYSCALL_INTERNAL_H
#define _LBX_SYSCALL_INTERNAL_H
#include <sys/syscall.h>

static inline long __sc0(long n) {
  register long a7 __asm__("a7") = n;
  register long a0 __asm__("a0");
  __asm__ volatile("ecall" : "=r"(a0) : "r"(a7) : "memory");
  return a0;
}
static inline long __sc1(long n, long x0) {
  register long a7 __asm__("a7") = n;
  register long a0 __asm__("a0") = x0;
  __asm__ volatile("ecall" : "+r"(a0) : "r"(a7) : "memory");
  return a0;
}
static inline long __sc2(long n, long x0, long x1) {
  register long a7 __asm__("a7") = n;
  register long a0 __asm__("a0") = x0;
  register long a1 __asm__("a1") = x1;
  __asm__ volatile("ecall" : "+r"(a0) : "r"(a7), "r"(a1) : "memory");
  return a0;
}
static inline long __sc3(long n, long x0, long x1, long x2) {
  register long a7 __asm__("a7") = n;
  register long a0 __asm__("a0") = x0;
  register long a1 __asm__("a1") = x1;
  register long a2 __asm__("a2") = x2;
  __asm__ volatile("ecall" : "+r"(a0) : "r"(a7), "r"(a1), "r"(a2) : "memory");
  return a0;
}
static inline long __sc4(long n, long x0, long x1, long x2, long x3) {
  register long a7 __asm__("a7") = n;
  register long a0 __asm__("a0") = x0;
  register long a1 __asm__("a1") = x1;
  register long a2 __asm__("a2") = x2;
  register long a3 __asm__("a3") = x3;
  __asm__ volatile("ecall" : "+r"(a0) : "r"(a7), "r"(a1), "r"(a2), "r"(a3) : "memory");
  return a0;
}
static inline long __sc5(long n, long x0, long x1, long x2, long x3, long x4) {
  register long a7 __asm__("a7") = n;
  register long a0 __asm__("a0") = x0;
  register long a1 __asm__("a1") = x1;
  register long a2 __asm__("a2") = x2;
  register long a3 __asm__("a3") = x3;
  register long a4 __asm__("a4") = x4;
  __asm__ volatile("ecall" : "+r"(a0) : "r"(a7), "r"(a1), "r"(a2), "r"(a3), "r"(a4) : "memory");
  return a0;
}
static inline long __sc6(long n, long x0, long x1, long x2, long x3, long x4, long x5) {
  register long a7 __asm__("a7") = n;
  register long a0 __asm__("a0") = x0;
  register long a1 __asm__("a1") = x1;
  register long a2 __asm__("a2") = x2;
  register long a3 __asm__("a3") = x3;
  register long a4 __asm__("a4") = x4;
  register long a5 __asm__("a5") = x5;
  __asm__ volatile("ecall" : "+r"(a0) : "r"(a7), "r"(a1), "r"(a2), "r"(a3), "r"(a4), "r"(a5) : "memory");
  return a0;
}

/* Converts a raw result: -4095..-1 become errno and -1. */
long __syscall_ret(long r);

#define __SC_L(x) ((long)(x))
#define __sys0(n) __syscall_ret(__sc0(n))
#define __sys1(n, a) __syscall_ret(__sc1(n, __SC_L(a)))
#define __sys2(n, a, b) __syscall_ret(__sc2(n, __SC_L(a), __SC_L(b)))
#define __sys3(n, a, b, c) __syscall_ret(__sc3(n, __SC_L(a), __SC_L(b), __SC_L(c)))
#define __sys4(n, a, b, c, d) __syscall_ret(__sc4(n, __SC_L(a), __SC_L(b), __SC_L(c), __SC_L(d)))
#define __sys5(n, a, b, c, d, e) __syscall_ret(__sc5(n, __SC_L(a), __SC_L(b), __SC_L(c), __SC_L(d), __SC_L(e)))
#define __sys6(n, a, b, c, d, e, f) \
  __syscall_ret(__sc6(n, __SC_L(a), __SC_L(b), __SC_L(c), __SC_L(d), __SC_L(e), __SC_L(f)))

/* Internal hooks between modules. */
void __stdio_flush_all(void);
extern char **environ;

#endif
