/* Basic POSIX types for the LiteBox rv32 SDK (ILP32, 64-bit off_t and time_t as glibc's rv32 port). */
#ifndef _LBX_BITS_TYPES_H
#define _LBX_BITS_TYPES_H

#include <stddef.h>
#include <stdint.h>

typedef int ssize_t;
typedef int pid_t;
typedef unsigned int uid_t;
typedef unsigned int gid_t;
typedef unsigned int id_t;
typedef unsigned int mode_t;
typedef int64_t off_t;
typedef int64_t time_t;
typedef long clock_t;
typedef int clockid_t;
typedef long suseconds_t;

#endif
