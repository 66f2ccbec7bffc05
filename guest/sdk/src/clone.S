/* clone and vfork: both need assembly, because the new task must not return through a C frame.
 *
 * riscv's clone system call takes (flags, stack, parent_tid, tls, child_tid) — the kernel's
 * CLONE_BACKWARDS order — with a7 = 220. Each routine has its own section so --gc-sections drops
 * it from programs that do not call it. */

/* int clone(int (*fn)(void *), void *stack, int flags, void *arg, pid_t *ptid, void *tls, pid_t *ctid)
 * The variadic ptid, tls and ctid arrive in a4..a6 like named arguments (ilp32 passes them alike). */
  .section .text.clone, "ax", @progbits
  .globl clone
  .type clone, @function
clone:
  beqz a0, 1f                /* no function */
  beqz a1, 1f                /* no stack */
  andi a1, a1, -16           /* the psABI wants sp 16-byte aligned */
  addi a1, a1, -16
  sw a0, 0(a1)               /* fn and arg travel on the new stack: the child has no other state */
  sw a3, 4(a1)
  mv a0, a2                  /* flags */
  mv a2, a4                  /* parent_tid */
  mv a3, a5                  /* tls */
  mv a4, a6                  /* child_tid */
  li a7, 220                 /* SYS_clone */
  ecall
  beqz a0, 2f
  tail __syscall_ret         /* parent: the new id, or -errno turned into errno and -1 */
1:
  li a0, -22                 /* EINVAL */
  tail __syscall_ret
2:
  /* The child, on its own stack. */
  mv s0, zero
  mv ra, zero
  lw a1, 0(sp)
  lw a0, 4(sp)
  jalr a1
  li a7, 93                  /* SYS_exit: this task only, with fn's result */
  ecall
3:
  j 3b
  .size clone, . - clone

/* pid_t vfork(void)
 * The child runs on the parent's stack until it calls execve or _exit; the parent is suspended
 * meanwhile. Nothing here touches the stack, so the child cannot corrupt the parent's frame by
 * returning through this routine; __syscall_ret is a leaf that uses no stack either. */
  .section .text.vfork, "ax", @progbits
  .globl vfork
  .type vfork, @function
vfork:
  li a0, 0x4111              /* CLONE_VM | CLONE_VFORK | SIGCHLD */
  li a1, 0
  li a2, 0
  li a3, 0
  li a4, 0
  li a7, 220                 /* SYS_clone */
  ecall
  tail __syscall_ret
  .size vfork, . - vfork

  .section .note.GNU-stack, "", @progbits
