/* crt0: the process entry point. The kernel leaves argc at sp, then argv[], NULL, envp[], NULL,
 * auxv pairs (RISC-V psABI / Linux create_elf_tables). a0 may hold a termination function from a
 * dynamic linker; static programs have none, so it is ignored. */
  .section .text.start, "ax", @progbits
  .globl _start
  .type _start, @function
_start:
  .option push
  .option norelax
  la gp, __global_pointer$
  .option pop
  mv s0, zero          /* end of the frame chain, for debuggers */
  mv ra, zero
  mv a0, sp            /* pointer to argc */
  andi sp, sp, -16     /* the psABI already guarantees this; cheap insurance */
  call __libc_start_main
1:
  j 1b                 /* __libc_start_main never returns */
  .size _start, . - _start
