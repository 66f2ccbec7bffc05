/**
 * The rest: uname, getrandom, sched_yield, the credential getters, prlimit64, umask, sysinfo,
 * sched_getaffinity / sched_setaffinity / getcpu (one CPU), and riscv_flush_icache — with Linux's
 * errors.
 *
 * - **uname**: sysname "Linux", nodename the shim's `hostname` option (default "litebox"), release
 *   {@link UNAME_RELEASE}, version {@link UNAME_VERSION}, machine "riscv32", domainname "(none)".
 * - **getrandom**: bytes from the shim's seeded generator (deterministic runs; every draw differs).
 *   Flags beyond GRND_NONBLOCK | GRND_RANDOM | GRND_INSECURE, or RANDOM with INSECURE, are EINVAL;
 *   the buffer is checked against the space (EFAULT) and filled page by page — a fault part-way
 *   answers the bytes written so far, and a pending signal stops it after a whole page.
 * - **sched_yield** ends the thread's quantum: it goes to the back of the run queue.
 * - **prlimit64**: pid 0 or any thread or process id (ESRCH otherwise); limits are kept as a 32-bit
 *   kernel keeps them (values ≥ 2^32 − 1 are infinity); soft above hard is EINVAL, RLIMIT_NOFILE
 *   above `nr_open` (2^20) is EPERM, raising a hard limit needs root — which every guest is, so it
 *   is allowed. RLIMIT_NOFILE takes effect on the descriptor table at once, RLIMIT_NPROC on the next
 *   fork, RLIMIT_STACK on the next execve, RLIMIT_AS and RLIMIT_DATA on mmap and brk; the others are
 *   kept and reported.
 *
 * @module
 */
import { MAX_DESCRIPTOR_LIMIT, PAGE_SIZE } from "@litebox-ts/core";
import { GetrandomFlag, RLIM64_INFINITY, RLIM_NLIMITS, Rlimit } from "../abi/constants";
import { Errno } from "../abi/errno";
import { MAX_RW_COUNT } from "../abi/fcntl";
import { Rlimit64Layout, UtsnameLayout } from "../abi/layouts";
import { Sys } from "../abi/syscall-numbers";
import { StructBuffer, StructReader } from "../memory/user-memory";
import { ResourceLimits, type ResourceLimit } from "../process/credentials";
import type { PosixProcess } from "../process/posix-process";
import type { PosixShim } from "../shim/posix-shim";
import type { ShimInstaller } from "../shim/installer";
import { mappedBytes, guestMappings } from "../mm/mappings";
import { BOOT_UPTIME_NS, platformNow } from "../time/clocks";
import type { SyscallContext } from "./context";

/** The kernel release uname reports (glibc checks it against its minimum). */
export const UNAME_RELEASE = "6.6.0-litebox";
/** The kernel version string uname reports. */
export const UNAME_VERSION = "#1 SMP LiteBox-TS";
/** The machine uname reports. */
export const UNAME_MACHINE = "riscv32";
/** Linux's `sysctl_nr_open` default: the highest RLIMIT_NOFILE. */
export const NR_OPEN = 1024 * 1024;
/** Number of CPUs the shim presents (threads share one hart at a time). */
export const NR_CPUS = 1;
/** `cpumask_size()` of a 32-bit kernel with NR_CPUS ≤ 32: one `unsigned long`. */
const CPUMASK_SIZE = 4;
/** struct sysinfo on rv32: 64 bytes. */
const SYSINFO_SIZE = 64;

const encoder = new TextEncoder();

function uname(ctx: SyscallContext): number {
  const u = new StructBuffer(UtsnameLayout.SIZE);
  const put = (offset: number, text: string): void => {
    u.set(offset, encoder.encode(text).subarray(0, UtsnameLayout.FIELD - 1));
  };
  put(UtsnameLayout.sysname, "Linux");
  put(UtsnameLayout.nodename, ctx.shim.options.hostname ?? "litebox");
  put(UtsnameLayout.release, UNAME_RELEASE);
  put(UtsnameLayout.version, UNAME_VERSION);
  put(UtsnameLayout.machine, UNAME_MACHINE);
  put(UtsnameLayout.domainname, "(none)");
  return ctx.memory.writeBytes(ctx.arg(0), u.bytes).ok ? 0 : -Errno.EFAULT;
}

function getrandom(ctx: SyscallContext): number {
  const buffer = ctx.arg(0) >>> 0;
  let length = ctx.arg(1);
  const flags = ctx.arg(2);
  const valid = GetrandomFlag.GRND_NONBLOCK | GetrandomFlag.GRND_RANDOM | GetrandomFlag.GRND_INSECURE;
  if ((flags & ~valid) !== 0) return -Errno.EINVAL;
  const both = GetrandomFlag.GRND_RANDOM | GetrandomFlag.GRND_INSECURE;
  if ((flags & both) === both) return -Errno.EINVAL;
  if (length > MAX_RW_COUNT) length = MAX_RW_COUNT;
  const memory = ctx.memory;
  if (length === 0) return buffer <= ctx.process.space.guestRange.end ? 0 : -Errno.EFAULT;
  if (!memory.inRange(buffer, length)) return -Errno.EFAULT;
  // README M7: the shim's seeded generator — reproducible runs, not cryptographic bytes.
  const random = ctx.shim.random;
  let done = 0;
  while (done < length) {
    const at = buffer + done;
    // Pieces end at page boundaries of the buffer (where faults happen) and at every 4096 bytes
    // copied (where Linux checks for a pending signal).
    const chunk = Math.min(length - done, PAGE_SIZE - (at % PAGE_SIZE), PAGE_SIZE - (done % PAGE_SIZE));
    if (!memory.writeBytes(at, random.fill(new Uint8Array(chunk))).ok) break;
    done += chunk;
    if (done % PAGE_SIZE === 0 && done < length && ctx.interrupt.isPending()) break;
  }
  return done > 0 ? done : -Errno.EFAULT;
}

function writeIds(ctx: SyscallContext, ids: readonly number[]): number {
  // Linux stops at the first put_user that faults; the ones before stay written.
  for (const [i, id] of ids.entries()) {
    if (!ctx.memory.writeU32(ctx.arg(i), id).ok) return -Errno.EFAULT;
  }
  return 0;
}

const initLimits = new WeakMap<PosixShim, ResourceLimits>();

/** What prlimit64's pid names: a process (any of its thread ids, or a zombie's pid), init, or nothing. */
function limitTarget(ctx: SyscallContext, pid: number): { limits: ResourceLimits; process: PosixProcess | undefined } | undefined {
  if (pid === 0) return { limits: ctx.process.limits, process: ctx.process };
  const table = ctx.shim.processes;
  const process = table.thread(pid)?.process ?? table.process(pid);
  if (process !== undefined && process.state !== "reaped") return { limits: process.limits, process };
  if (pid !== 1) return undefined;
  let limits = initLimits.get(ctx.shim);
  if (limits === undefined) initLimits.set(ctx.shim, (limits = new ResourceLimits()));
  return { limits, process: undefined };
}

/** `rlim64_to_rlim` on a 32-bit kernel: anything from 2^32 − 1 up is infinity. */
function toKernelLimit(value: bigint): bigint {
  return value >= 0xffff_ffffn ? RLIM64_INFINITY : value;
}

function prlimit64(ctx: SyscallContext): number {
  const pid = ctx.argSigned(0);
  const resource = ctx.arg(1);
  const newAddress = ctx.arg(2);
  const oldAddress = ctx.arg(3);
  let wanted: ResourceLimit | undefined;
  if (newAddress !== 0) {
    const bytes = ctx.memory.readBytes(newAddress, Rlimit64Layout.SIZE);
    if (!bytes.ok) return -Errno.EFAULT;
    const r = new StructReader(bytes.value);
    wanted = { cur: toKernelLimit(r.u64(Rlimit64Layout.rlim_cur)), max: toKernelLimit(r.u64(Rlimit64Layout.rlim_max)) };
  }
  const target = limitTarget(ctx, pid);
  if (target === undefined) return -Errno.ESRCH;
  const self = ctx.process.credentials;
  if (target.process !== undefined && target.process !== ctx.process && self.euid !== 0) {
    const other = target.process.credentials;
    const same =
      self.uid === other.euid && self.uid === other.suid && self.uid === other.uid &&
      self.gid === other.egid && self.gid === other.sgid && self.gid === other.gid;
    if (!same) return -Errno.EPERM;
  }
  if (resource >= RLIM_NLIMITS) return -Errno.EINVAL;
  const current = target.limits.get(resource);
  const old = { cur: current.cur, max: current.max };
  if (wanted !== undefined) {
    if (wanted.cur > wanted.max) return -Errno.EINVAL;
    if (resource === Rlimit.RLIMIT_NOFILE && wanted.max > BigInt(NR_OPEN)) return -Errno.EPERM;
    // Raising a hard limit needs CAP_SYS_RESOURCE: root has it.
    if (wanted.max > current.max && self.euid !== 0) return -Errno.EPERM;
    current.cur = wanted.cur;
    current.max = wanted.max;
    if (resource === Rlimit.RLIMIT_NOFILE && target.process !== undefined) {
      target.process.files.limit = Math.min(Number(wanted.cur), MAX_DESCRIPTOR_LIMIT);
    }
  }
  if (oldAddress !== 0) {
    const out = new StructBuffer(Rlimit64Layout.SIZE).u64(Rlimit64Layout.rlim_cur, old.cur).u64(Rlimit64Layout.rlim_max, old.max);
    if (!ctx.memory.writeBytes(oldAddress, out.bytes).ok) return -Errno.EFAULT;
  }
  return 0;
}

function umask(ctx: SyscallContext): number {
  const process = ctx.process;
  const old = process.umask;
  process.umask = ctx.arg(0) & 0o777;
  return old;
}

function sysinfo(ctx: SyscallContext): number {
  const process = ctx.process;
  const now = platformNow(ctx.shim) + BOOT_UPTIME_NS;
  const uptime = Math.floor(now / 1e9) + (now % 1e9 === 0 ? 0 : 1);
  // README M8: memory figures describe the caller's address space; no loads, no swap.
  const range = process.space.guestRange;
  const total = range.end - range.start;
  const used = mappedBytes(guestMappings(ctx.shim.platform, process.space));
  const info = new StructBuffer(SYSINFO_SIZE)
    .u32(0, uptime)
    .u32(16, total) // totalram: what this process can address
    .u32(20, Math.max(0, total - used)) // freeram: what it has not mapped
    .u16(40, Math.min(0xffff, ctx.shim.processes.threadCount))
    .u32(52, 1); // mem_unit
  return ctx.memory.writeBytes(ctx.arg(0), info.bytes).ok ? 0 : -Errno.EFAULT;
}

/** `find_process_by_pid` for the scheduler calls: 0 is the caller; else a live thread, a zombie or init. */
function taskExists(ctx: SyscallContext, pid: number): boolean {
  if (pid === 0 || pid === 1) return true;
  const table = ctx.shim.processes;
  const process = table.process(pid);
  return table.thread(pid) !== undefined || (process !== undefined && process.state !== "reaped");
}

function schedGetaffinity(ctx: SyscallContext): number {
  const len = ctx.arg(1);
  if (Math.imul(len, 8) >>> 0 < NR_CPUS) return -Errno.EINVAL;
  if ((len & 3) !== 0) return -Errno.EINVAL;
  if (!taskExists(ctx, ctx.argSigned(0))) return -Errno.ESRCH;
  const size = Math.min(len, CPUMASK_SIZE);
  const mask = new Uint8Array(size);
  mask[0] = 1;
  return ctx.memory.writeBytes(ctx.arg(2), mask).ok ? size : -Errno.EFAULT;
}

function schedSetaffinity(ctx: SyscallContext): number {
  const len = ctx.arg(1);
  let first = 0;
  if (len >= CPUMASK_SIZE) {
    const bytes = ctx.memory.readBytes(ctx.arg(2), CPUMASK_SIZE);
    if (!bytes.ok) return -Errno.EFAULT;
    first = bytes.value[0]!;
  } else if (len > 0) {
    // A mask shorter than cpumask_size() is read as far as it goes (the rest is clear).
    const bytes = ctx.memory.readBytes(ctx.arg(2), len);
    if (!bytes.ok) return -Errno.EFAULT;
    first = bytes.value[0]!;
  }
  if (!taskExists(ctx, ctx.argSigned(0))) return -Errno.ESRCH;
  return (first & 1) === 0 ? -Errno.EINVAL : 0;
}

function getcpu(ctx: SyscallContext): number {
  let failed = false;
  for (const i of [0, 1]) {
    const address = ctx.arg(i);
    if (address !== 0 && !ctx.memory.writeU32(address, 0).ok) failed = true;
  }
  return failed ? -Errno.EFAULT : 0;
}

function riscvFlushIcache(ctx: SyscallContext): number {
  // SYS_RISCV_FLUSH_ICACHE_LOCAL is the only flag; the platforms keep code coherent with stores.
  return (ctx.arg(2) & ~1) !== 0 ? -Errno.EINVAL : 0;
}

/** Installs uname, getrandom, sched_yield, the id getters, prlimit64, umask, sysinfo and the CPU calls. */
export function installMiscSyscalls(installer: ShimInstaller): void {
  installer.syscall(Sys.uname, "uname", uname);
  installer.syscall(Sys.getrandom, "getrandom", getrandom);
  installer.syscall(Sys.sched_yield, "sched_yield", () => Promise.resolve(0));
  installer.syscall(Sys.getuid, "getuid", (ctx) => ctx.process.credentials.uid);
  installer.syscall(Sys.geteuid, "geteuid", (ctx) => ctx.process.credentials.euid);
  installer.syscall(Sys.getgid, "getgid", (ctx) => ctx.process.credentials.gid);
  installer.syscall(Sys.getegid, "getegid", (ctx) => ctx.process.credentials.egid);
  installer.syscall(Sys.getresuid, "getresuid", (ctx) => {
    const c = ctx.process.credentials;
    return writeIds(ctx, [c.uid, c.euid, c.suid]);
  });
  installer.syscall(Sys.getresgid, "getresgid", (ctx) => {
    const c = ctx.process.credentials;
    return writeIds(ctx, [c.gid, c.egid, c.sgid]);
  });
  installer.syscall(Sys.prlimit64, "prlimit64", prlimit64);
  installer.syscall(Sys.umask, "umask", umask);
  installer.syscall(Sys.sysinfo, "sysinfo", sysinfo);
  installer.syscall(Sys.sched_getaffinity, "sched_getaffinity", schedGetaffinity);
  installer.syscall(Sys.sched_setaffinity, "sched_setaffinity", schedSetaffinity);
  installer.syscall(Sys.getcpu, "getcpu", getcpu);
  installer.syscall(Sys.riscv_flush_icache, "riscv_flush_icache", riscvFlushIcache);
}
