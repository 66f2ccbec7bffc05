/**
 * clone flags (`include/uapi/linux/sched.h`). riscv uses CLONE_BACKWARDS: the arguments are
 * (flags, newsp, parent_tidptr, tls, child_tidptr).
 *
 * @module
 */

/** clone flag bits. The low byte (CSIGNAL) is the exit signal sent to the parent. */
export const CloneFlag = {
  CSIGNAL: 0x0000_00ff,
  CLONE_VM: 0x0000_0100,
  CLONE_FS: 0x0000_0200,
  CLONE_FILES: 0x0000_0400,
  CLONE_SIGHAND: 0x0000_0800,
  CLONE_PIDFD: 0x0000_1000,
  CLONE_PTRACE: 0x0000_2000,
  CLONE_VFORK: 0x0000_4000,
  CLONE_PARENT: 0x0000_8000,
  CLONE_THREAD: 0x0001_0000,
  CLONE_NEWNS: 0x0002_0000,
  CLONE_SYSVSEM: 0x0004_0000,
  CLONE_SETTLS: 0x0008_0000,
  CLONE_PARENT_SETTID: 0x0010_0000,
  CLONE_CHILD_CLEARTID: 0x0020_0000,
  CLONE_DETACHED: 0x0040_0000,
  CLONE_UNTRACED: 0x0080_0000,
  CLONE_CHILD_SETTID: 0x0100_0000,
  CLONE_NEWCGROUP: 0x0200_0000,
  CLONE_NEWUTS: 0x0400_0000,
  CLONE_NEWIPC: 0x0800_0000,
  CLONE_NEWUSER: 0x1000_0000,
  CLONE_NEWPID: 0x2000_0000,
  CLONE_NEWNET: 0x4000_0000,
  CLONE_IO: 0x8000_0000,
} as const;

/** The namespace flags (not supported: clone answers EINVAL, see the README). */
export const CLONE_NAMESPACE_FLAGS =
  (CloneFlag.CLONE_NEWNS |
    CloneFlag.CLONE_NEWCGROUP |
    CloneFlag.CLONE_NEWUTS |
    CloneFlag.CLONE_NEWIPC |
    CloneFlag.CLONE_NEWUSER |
    CloneFlag.CLONE_NEWPID |
    CloneFlag.CLONE_NEWNET) >>>
  0;
