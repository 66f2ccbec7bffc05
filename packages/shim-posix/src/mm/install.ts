/**
 * The memory engineer's part of the shim, as one installer: the memory layer (per-address-space
 * state with its lifetimes, shared-object references), the MAP_SHARED-aware futex keys, and the
 * memory, futex, time and miscellaneous syscalls.
 *
 * @module
 */
import type { ShimInstaller } from "../shim/installer";
import { installFutexSyscalls } from "../syscalls/futex";
import { installMemorySyscalls } from "../syscalls/mm";
import { installMiscSyscalls } from "../syscalls/misc";
import { installTimeSyscalls } from "../syscalls/time";
import { sharedMemoryFutexKeys } from "./futex-keys";
import { MemoryLayer } from "./memory-layer";

/**
 * Installs brk, mmap2, munmap, mprotect; futex_time64 and the futex-key resolver; clock_gettime64,
 * clock_getres_time64, clock_nanosleep_time64, restart_syscall; uname, getrandom, sched_yield, the id
 * getters, prlimit64, umask, sysinfo, sched_getaffinity, sched_setaffinity, getcpu, riscv_flush_icache.
 */
export function installMemoryTimeAndMisc(installer: ShimInstaller): void {
  const layer = new MemoryLayer(installer.shim);
  installer.processExtension(layer.extension);
  installer.futexKeys(sharedMemoryFutexKeys(installer.shim.platform));
  installMemorySyscalls(installer, layer);
  installFutexSyscalls(installer);
  installTimeSyscalls(installer);
  installMiscSyscalls(installer);
}
