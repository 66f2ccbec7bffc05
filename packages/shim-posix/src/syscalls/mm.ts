/**
 * Memory syscalls: brk, mmap2, munmap, mprotect — Linux's semantics and error order (`mm/mmap.c`,
 * `mm/mprotect.c`, riscv's `sys_mmap2`), scoped to the process's guest range (Linux's `TASK_SIZE`).
 *
 * - **brk** answers the new break, or the old one when the request is refused (never -errno): below
 *   the image's start, beyond RLIMIT_DATA, into another mapping or the stack's guard gap, beyond
 *   RLIMIT_AS. Growing maps fresh zero pages, shrinking unmaps (so growing again gives zeros).
 * - **mmap2** (offset in 4096-byte units): anonymous private and shared mappings (MAP_SHARED memory
 *   is a shared memory object, so it stays shared across fork), file mappings of the core
 *   filesystem's regular files (`mm/file-mapping.ts`), MAP_FIXED, MAP_FIXED_NOREPLACE (EEXIST), hints,
 *   and Linux's errors: EBADF first (`ksys_mmap_pgoff`), then EINVAL for length 0, ENOMEM when the
 *   page-aligned length wraps, EOVERFLOW for an offset overflow, ENOMEM when nothing fits, EINVAL for
 *   an unaligned MAP_FIXED address, EEXIST, the mapping type (EINVAL), the file checks, RLIMIT_AS.
 * - **munmap**: EINVAL for an unaligned address, a zero length or a range beyond the space; holes are
 *   fine. **mprotect**: EINVAL for an unaligned address or unknown bits, ENOMEM for unmapped memory —
 *   applied vma by vma up to the first hole, as Linux does (not atomic), EACCES for PROT_WRITE on a
 *   mapping that may never be written.
 *
 * Protection follows riscv's `protection_map`: PROT_WRITE implies read, PROT_EXEC alone is
 * execute-only.
 *
 * @module
 */
import { PAGE_SIZE, Prot } from "@litebox-ts/core";
import { MapFlag, ProtFlag, Rlimit } from "../abi/constants";
import { Errno } from "../abi/errno";
import { Sys } from "../abi/syscall-numbers";
import { checkFileMapping, fillFromFile, mappableEntry, type FileSource } from "../mm/file-mapping";
import { geometryOf, pageDown, pageUp } from "../mm/geometry";
import { findFreeArea, intersects, mappedBytes, mappedBytesIn, clip } from "../mm/mappings";
import type { MemoryLayer } from "../mm/memory-layer";
import type { ShimInstaller } from "../shim/installer";
import type { SyscallContext } from "./context";

/** `PROT_SEM`: accepted by mprotect, no effect. */
const PROT_SEM = 0x8;
/** Linux's `-ENOTSUPP` (524, kernel-internal, but what MAP_DROPPABLE answers on 32-bit kernels). */
const ENOTSUPP = 524;
/** The MAP_DROPPABLE mapping type (6.11+; 64-bit only). */
const MAP_DROPPABLE = 0x08;
const TWO_POW_32 = 0x1_0000_0000;

/** The page protection of PROT_* bits on riscv (W implies R; X alone is execute-only). */
export function pageProtection(prot: number): number {
  let p = 0;
  if ((prot & ProtFlag.PROT_READ) !== 0) p |= Prot.Read;
  if ((prot & ProtFlag.PROT_WRITE) !== 0) p |= Prot.Read | Prot.Write;
  if ((prot & ProtFlag.PROT_EXEC) !== 0) p |= Prot.Exec;
  return p;
}

function brk(layer: MemoryLayer, ctx: SyscallContext): number {
  const process = ctx.process;
  const want = ctx.arg(0);
  const old = process.brk;
  const start = process.image.brkStart;
  if (want < start) return old;
  // README M4: the heap alone counts against RLIMIT_DATA (Linux adds the data segment).
  if (want - start > process.limits.soft(Rlimit.RLIMIT_DATA)) return old;
  const geometry = geometryOf(process);
  if (want > geometry.end) return old;
  const newEnd = pageUp(want);
  const oldEnd = pageUp(old);
  if (newEnd === oldEnd) {
    process.brk = want;
    return want;
  }
  const maps = layer.mappings(process);
  if (want <= old) {
    // Shrinking needs heap pages there (a heap the guest unmapped itself cannot shrink).
    if (!intersects(maps, newEnd, oldEnd) || !layer.unmap(process, newEnd, oldEnd, maps)) return old;
    process.brk = want;
    return want;
  }
  // Growing keeps a page free before the next mapping, and the guard gap before the stack.
  if (intersects(maps, oldEnd, newEnd + PAGE_SIZE)) return old;
  if (oldEnd < geometry.stackTop && newEnd + PAGE_SIZE > geometry.stackBase - geometry.guardGap) return old;
  if (mappedBytes(maps) + (newEnd - oldEnd) > process.limits.soft(Rlimit.RLIMIT_AS)) return old;
  if (!layer.mapPrivate(process, oldEnd, newEnd - oldEnd, Prot.Read | Prot.Write, maps)) return old;
  process.brk = want;
  return want;
}

/** The anonymous mapping types' checks (`do_mmap`'s `else` branch). */
function checkAnonymousType(flags: number): number {
  switch (flags & MapFlag.MAP_TYPE) {
    case MapFlag.MAP_SHARED:
      return (flags & MapFlag.MAP_GROWSDOWN) !== 0 ? -Errno.EINVAL : 0;
    case MapFlag.MAP_PRIVATE:
      return 0;
    case MAP_DROPPABLE:
      // VM_DROPPABLE exists only on 64-bit kernels.
      return -ENOTSUPP;
    default:
      return -Errno.EINVAL;
  }
}

function mmap2(layer: MemoryLayer, ctx: SyscallContext): number {
  const process = ctx.process;
  const hint = ctx.arg(0);
  const len = ctx.arg(1);
  const prot = ctx.arg(2);
  let flags = ctx.arg(3);
  const pgoff = ctx.arg(5);
  const anonymous = (flags & MapFlag.MAP_ANONYMOUS) !== 0;
  const entry = anonymous ? undefined : mappableEntry(process, ctx.argSigned(4));
  if (typeof entry === "number") return entry;
  if ((flags & MapFlag.MAP_HUGETLB) !== 0) return anonymous ? -Errno.ENOMEM : -Errno.EINVAL; // no huge pages reserved
  if (len === 0) return -Errno.EINVAL;
  if ((flags & MapFlag.MAP_FIXED_NOREPLACE) !== 0) flags |= MapFlag.MAP_FIXED;
  const fixed = (flags & MapFlag.MAP_FIXED) !== 0;
  const length = pageUp(len);
  if (length >= TWO_POW_32) return -Errno.ENOMEM;
  if (pgoff + length / PAGE_SIZE >= TWO_POW_32) return -Errno.EOVERFLOW;

  // __get_unmapped_area.
  const geometry = geometryOf(process);
  const maps = layer.mappings(process);
  if (length > geometry.end - geometry.low) return -Errno.ENOMEM;
  let address: number;
  if (fixed) {
    address = hint;
    if (address > geometry.end - length) return -Errno.ENOMEM;
    if (address % PAGE_SIZE !== 0) return -Errno.EINVAL;
    // README M3: the space has no addresses below its range (Linux would let root map them).
    if (address < geometry.start) return -Errno.ENOMEM;
  } else {
    const found = findFreeArea(maps, geometry, length, pageDown(hint));
    if (found === undefined) return -Errno.ENOMEM;
    address = found;
  }
  if ((flags & MapFlag.MAP_FIXED_NOREPLACE) !== 0 && intersects(maps, address, address + length)) return -Errno.EEXIST;

  let source: FileSource | undefined;
  if (entry !== undefined) {
    const checked = checkFileMapping(entry, prot, flags);
    if (typeof checked === "number") return checked;
    source = checked;
  } else {
    const checked = checkAnonymousType(flags);
    if (checked !== 0) return checked;
  }
  // mmap_region: may_expand_vm against RLIMIT_AS (pages replaced by MAP_FIXED do not count twice).
  const total = mappedBytes(maps) + length - mappedBytesIn(maps, address, address + length);
  if (total > process.limits.soft(Rlimit.RLIMIT_AS)) return -Errno.ENOMEM;

  const pages = pageProtection(prot);
  const shared = (flags & MapFlag.MAP_TYPE) !== MapFlag.MAP_PRIVATE;
  if (source === undefined) {
    const mapped = shared ? layer.mapShared(process, address, length, pages, maps) : layer.mapPrivate(process, address, length, pages, maps);
    return mapped ? address : -Errno.ENOMEM;
  }
  if (!layer.mapPrivate(process, address, length, pages, maps)) return -Errno.ENOMEM;
  const platform = ctx.shim.platform;
  const space = process.space.id;
  const filled = fillFromFile(source, pgoff * PAGE_SIZE, address, length, (at, bytes) => !platform.writeBytes(space, at, bytes, { force: true }));
  if (!filled) {
    layer.unmap(process, address, address + length);
    return -Errno.ENOMEM;
  }
  if (!source.mayWrite) layer.stateOf(process).denyWrite(address, address + length);
  return address;
}

function munmap(layer: MemoryLayer, ctx: SyscallContext): number {
  const process = ctx.process;
  const start = ctx.arg(0);
  const len = ctx.arg(1);
  const end = process.space.guestRange.end;
  if (start % PAGE_SIZE !== 0 || start > end || len > end - start) return -Errno.EINVAL;
  const length = pageUp(len);
  if (length === 0) return -Errno.EINVAL;
  return layer.unmap(process, start, start + length) ? 0 : -Errno.ENOMEM;
}

function mprotect(layer: MemoryLayer, ctx: SyscallContext): number {
  const process = ctx.process;
  let start = ctx.arg(0);
  const len = ctx.arg(1);
  const requested = ctx.arg(2);
  const growsDown = (requested & ProtFlag.PROT_GROWSDOWN) !== 0;
  const growsUp = (requested & ProtFlag.PROT_GROWSUP) !== 0;
  const prot = requested & ~(ProtFlag.PROT_GROWSDOWN | ProtFlag.PROT_GROWSUP);
  if (growsDown && growsUp) return -Errno.EINVAL;
  if (start % PAGE_SIZE !== 0) return -Errno.EINVAL;
  if (len === 0) return 0;
  const length = pageUp(len);
  if (start + length >= TWO_POW_32) return -Errno.ENOMEM;
  const end = start + length;
  if ((prot & ~(ProtFlag.PROT_READ | ProtFlag.PROT_WRITE | ProtFlag.PROT_EXEC | PROT_SEM)) !== 0) return -Errno.EINVAL;
  const maps = layer.mappings(process);
  const first = maps.find((m) => m.end > start && m.start < end);
  if (first === undefined) return -Errno.ENOMEM;
  if (growsUp) return -Errno.EINVAL; // riscv has no VM_GROWSUP mappings
  if (growsDown) {
    // Only the stack grows down: the change extends to its lowest page.
    const geometry = geometryOf(process);
    if (!(first.start <= geometry.stackBase && geometry.stackBase < first.end)) return -Errno.EINVAL;
    start = first.start;
  } else if (first.start > start) {
    return -Errno.ENOMEM;
  }
  const state = layer.stateOf(process);
  const pages = pageProtection(prot);
  const platform = ctx.shim.platform;
  let at = start;
  for (const run of clip(maps, start, end)) {
    if (run.start !== at) return -Errno.ENOMEM;
    for (const piece of state.pieces(run.start, run.end)) {
      if (!piece.mayWrite && (prot & ProtFlag.PROT_WRITE) !== 0) return -Errno.EACCES;
      if (!platform.protectPages(process.space.id, piece.start, piece.end - piece.start, pages).ok) return -Errno.ENOMEM;
    }
    at = run.end;
  }
  return at < end ? -Errno.ENOMEM : 0;
}

/** Installs brk, mmap2, munmap and mprotect over `layer`. */
export function installMemorySyscalls(installer: ShimInstaller, layer: MemoryLayer): void {
  installer.syscall(Sys.brk, "brk", (ctx) => brk(layer, ctx));
  installer.syscall(Sys.mmap2, "mmap2", (ctx) => mmap2(layer, ctx));
  installer.syscall(Sys.munmap, "munmap", (ctx) => munmap(layer, ctx));
  installer.syscall(Sys.mprotect, "mprotect", (ctx) => mprotect(layer, ctx));
}
