/* crt0 for NT guests: the shim starts the first thread with a0 = the PEB and tp = the TEB (the
 * Linux-style initial stack the loader also builds is not used). */
  .section .text.start, "ax", @progbits
  .globl _start
  .type _start, @function
_start:
  .option push
  .option norelax
  la gp, __global_pointer$
  .option pop
  mv s0, zero
  mv ra, zero
  andi sp, sp, -16
  call __nt_start_main
1:
  j 1b
  .size _start, . - _start
