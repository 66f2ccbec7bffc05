/* Internal: the printf engine writes through a sink. */
#ifndef _LBX_FORMAT_H
#define _LBX_FORMAT_H
#include <stdarg.h>
#include <stddef.h>

struct sink {
  /* Consumes n bytes; returns 0, or -1 on an output error (which stops formatting). */
  int (*put)(struct sink *s, const char *p, size_t n);
};

/* Formats into the sink; returns the number of bytes produced, or -1 after an output error. */
int __vformat(struct sink *s, const char *fmt, va_list ap);

#endif
