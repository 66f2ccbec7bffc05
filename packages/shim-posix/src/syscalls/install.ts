/**
 * The installers of every part of the shim, in installation order. Each part owns its files and adds
 * exactly one line here (see `README.md` beside this file for who owns what).
 *
 * @module
 */
import { installMemoryTimeAndMisc } from "../mm/install";
import type { Installer } from "../shim/installer";
import { installDescriptorSyscalls } from "./descriptors";
import { installFileSyscalls } from "./fs";
import { installProcessSyscalls } from "./process";
import { installSignals } from "./signal";

/** Every part, in installation order. */
export const INSTALLERS: readonly Installer[] = [
  installProcessSyscalls, // process core (lead): exit, ids, clone, execve, waitid, groups, sessions
  installDescriptorSyscalls, // descriptors and pipes (lead): pipe2, dup, fcntl, read, write, ppoll…
  installFileSyscalls, // files (files engineer): openat, statx, getdents64, *at, getcwd, chdir, the fs program source
  installSignals, // signals (signals engineer): the signal layer, rt_sig*, sigaltstack, kill, tkill, tgkill
  installMemoryTimeAndMisc, // memory, futex, time, misc (memory engineer): brk, mmap2, futex_time64, clock_*, uname, getrandom, prlimit64…
];
