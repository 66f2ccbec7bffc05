/* The printf engine: flags (- + space # 0), width and precision (also *), length modifiers
 * (hh h l ll z j t), conversions d i u o x X c s p %. Behaviour follows glibc on every case the
 * libc self-test compares (e.g. "(nil)" for a null %p, "(null)" for a null %s). No floating point. */
#include <stdint.h>
#include <string.h>
#include "format.h"

#define F_MINUS 1
#define F_PLUS 2
#define F_SPACE 4
#define F_HASH 8
#define F_ZERO 16

struct state {
  struct sink *sink;
  int count;
  int failed;
};

static void emit(struct state *st, const char *p, size_t n) {
  if (st->failed || n == 0) return;
  if (st->sink->put(st->sink, p, n) < 0) st->failed = 1;
  st->count += (int)n;
}

static void pad(struct state *st, char c, int n) {
  char buf[32];
  memset(buf, c, sizeof buf);
  while (n > 0) {
    int k = n > (int)sizeof buf ? (int)sizeof buf : n;
    emit(st, buf, (size_t)k);
    n -= k;
  }
}

/* Writes the digits of v in base b (upper for X) ending at end; returns the start. */
static char *digits(char *end, unsigned long long v, unsigned b, int upper) {
  const char *set = upper ? "0123456789ABCDEF" : "0123456789abcdef";
  char *p = end;
  /* 32-bit arithmetic when the value fits: much cheaper than libgcc's 64-bit division on rv32. */
  if (v <= 0xffffffffu) {
    uint32_t w = (uint32_t)v;
    do *--p = set[w % b];
    while ((w /= b) != 0);
    return p;
  }
  do *--p = set[v % b];
  while ((v /= b) != 0);
  return p;
}

static void put_padded(struct state *st, int flags, int width, const char *prefix, size_t plen, int zeros,
                       const char *body, size_t blen) {
  int total = (int)(plen + blen) + zeros;
  int fill = width > total ? width - total : 0;
  if (!(flags & F_MINUS) && !(flags & F_ZERO)) pad(st, ' ', fill);
  emit(st, prefix, plen);
  if (!(flags & F_MINUS) && (flags & F_ZERO)) pad(st, '0', fill);
  pad(st, '0', zeros);
  emit(st, body, blen);
  if (flags & F_MINUS) pad(st, ' ', fill);
}

static void put_integer(struct state *st, int flags, int width, int prec, unsigned long long mag, int negative,
                        char conv) {
  char buf[24];
  char *end = buf + sizeof buf;
  unsigned base = conv == 'o' ? 8 : (conv == 'x' || conv == 'X' || conv == 'p') ? 16 : 10;
  char *start = end;
  if (!(prec == 0 && mag == 0)) start = digits(end, mag, base, conv == 'X');
  size_t len = (size_t)(end - start);
  char prefix[3];
  size_t plen = 0;
  if (conv == 'd' || conv == 'i') {
    if (negative)
      prefix[plen++] = '-';
    else if (flags & F_PLUS)
      prefix[plen++] = '+';
    else if (flags & F_SPACE)
      prefix[plen++] = ' ';
  } else if ((flags & F_HASH) && (conv == 'x' || conv == 'X') && mag != 0) {
    prefix[plen++] = '0';
    prefix[plen++] = conv == 'X' ? 'X' : 'x';
  } else if (conv == 'p') {
    prefix[plen++] = '0';
    prefix[plen++] = 'x';
  }
  int zeros = prec > (int)len ? prec - (int)len : 0;
  /* "%#o" guarantees a leading zero, but adds nothing when one is already there. */
  if (conv == 'o' && (flags & F_HASH) && zeros == 0 && (len == 0 || *start != '0')) zeros = 1;
  if (prec >= 0) flags &= ~F_ZERO;
  put_padded(st, flags, width, prefix, plen, zeros, start, len);
}

int __vformat(struct sink *sink, const char *fmt, va_list ap) {
  struct state st = {sink, 0, 0};
  while (*fmt && !st.failed) {
    if (*fmt != '%') {
      const char *p = fmt;
      while (*p && *p != '%') p++;
      emit(&st, fmt, (size_t)(p - fmt));
      fmt = p;
      continue;
    }
    const char *spec = fmt++;
    int flags = 0;
    for (;; fmt++) {
      if (*fmt == '-') flags |= F_MINUS;
      else if (*fmt == '+') flags |= F_PLUS;
      else if (*fmt == ' ') flags |= F_SPACE;
      else if (*fmt == '#') flags |= F_HASH;
      else if (*fmt == '0') flags |= F_ZERO;
      else break;
    }
    int width = 0;
    if (*fmt == '*') {
      width = va_arg(ap, int);
      if (width < 0) {
        flags |= F_MINUS;
        width = -width;
      }
      fmt++;
    } else {
      while (*fmt >= '0' && *fmt <= '9') width = width * 10 + (*fmt++ - '0');
    }
    int prec = -1;
    if (*fmt == '.') {
      fmt++;
      if (*fmt == '*') {
        prec = va_arg(ap, int);
        if (prec < 0) prec = -1;
        fmt++;
      } else {
        prec = 0;
        while (*fmt >= '0' && *fmt <= '9') prec = prec * 10 + (*fmt++ - '0');
      }
    }
    if (flags & F_MINUS) flags &= ~F_ZERO;
    if (flags & F_PLUS) flags &= ~F_SPACE;
    /* Length: 0 = int, 1 = char, 2 = short, 3 = long, 4 = long long (also size_t, intmax_t, ptrdiff_t). */
    int len = 0;
    if (fmt[0] == 'h' && fmt[1] == 'h') len = 1, fmt += 2;
    else if (fmt[0] == 'h') len = 2, fmt++;
    else if (fmt[0] == 'l' && fmt[1] == 'l') len = 4, fmt += 2;
    else if (fmt[0] == 'l') len = 3, fmt++;
    else if (fmt[0] == 'j' || fmt[0] == 'q') len = 4, fmt++;
    else if (fmt[0] == 'z' || fmt[0] == 't') len = sizeof(size_t) == 8 ? 4 : 3, fmt++;
    else if (fmt[0] == 'L') fmt++;
    char conv = *fmt;
    if (conv) fmt++;
    switch (conv) {
      case 'd':
      case 'i': {
        long long v;
        if (len == 4) v = va_arg(ap, long long);
        else if (len == 3) v = va_arg(ap, long);
        else v = va_arg(ap, int);
        if (len == 1) v = (signed char)v;
        else if (len == 2) v = (short)v;
        unsigned long long mag = v < 0 ? 0 - (unsigned long long)v : (unsigned long long)v;
        put_integer(&st, flags, width, prec, mag, v < 0, conv);
        break;
      }
      case 'u':
      case 'o':
      case 'x':
      case 'X': {
        unsigned long long v;
        if (len == 4) v = va_arg(ap, unsigned long long);
        else if (len == 3) v = va_arg(ap, unsigned long);
        else v = va_arg(ap, unsigned int);
        if (len == 1) v = (unsigned char)v;
        else if (len == 2) v = (unsigned short)v;
        put_integer(&st, flags & ~(F_PLUS | F_SPACE), width, prec, v, 0, conv);
        break;
      }
      case 'p': {
        void *p = va_arg(ap, void *);
        if (!p) put_padded(&st, flags & ~F_ZERO, width, "", 0, 0, "(nil)", 5);
        else put_integer(&st, flags, width, prec, (uintptr_t)p, 0, 'p');
        break;
      }
      case 'c': {
        char c = (char)va_arg(ap, int);
        put_padded(&st, flags & ~F_ZERO, width, "", 0, 0, &c, 1);
        break;
      }
      case 's': {
        const char *s = va_arg(ap, const char *);
        if (!s) s = (prec < 0 || prec >= 6) ? "(null)" : "";
        size_t n = prec < 0 ? strlen(s) : strnlen(s, (size_t)prec);
        put_padded(&st, flags & ~F_ZERO, width, "", 0, 0, s, n);
        break;
      }
      case '%':
        emit(&st, "%", 1);
        break;
      default:
        /* Unknown conversion: printed as written, like glibc. */
        emit(&st, spec, (size_t)(fmt - spec));
        break;
    }
  }
  return st.failed ? -1 : st.count;
}
