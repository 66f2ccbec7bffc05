/**
 * Guest-memory access on behalf of the kernel side (shims, loaders, the fork helper): the platform's
 * `GuestMemoryProvider` methods once the space is found. Addresses are re-based into the region like
 * the hart's; an access running past the region's last page continues at its first, exactly as the
 * hart's address arithmetic wraps. Every page is checked before any byte moves, so a faulting access
 * changes nothing. Copies are `subarray().set()` over runs of private pages (one copy for a run of
 * any length) and per page for shared ones.
 *
 * @module
 */
import { PAGE_SIZE, Prot, err, memoryFault, ok, type AccessKind, type MemoryFault, type Result } from "@litebox-ts/core";
import { PageFlag } from "@litebox-ts/riscv";
import type { HostMemory } from "./host-memory";
import { PageKind, isAddress, type UserlandSpace } from "./space";

const PAGE_MASK = PAGE_SIZE - 1;
/** The hart's marks: a kernel write to a page carrying one must tell the hart. */
const MARKS = PageFlag.Code | PageFlag.Reserved;

/** The fault of a kernel-side access of `length` bytes at `address`, or `undefined` if it may proceed. */
export function checkAccess(
  space: UserlandSpace,
  address: number,
  length: number,
  access: AccessKind,
  force: boolean,
): MemoryFault | undefined {
  if (!isAddress(address)) return memoryFault(address, access, "unmapped");
  const need = force ? 0 : access === "read" ? Prot.Read : Prot.Write;
  let done = 0;
  while (done < length) {
    const at = address + done;
    const offset = space.offset(at);
    const index = offset >>> 12;
    if (space.kinds[index] === PageKind.Unmapped) return memoryFault(at, access, "unmapped");
    if ((space.permissions(index) & need) !== need) return memoryFault(at, access, "protection");
    done += PAGE_SIZE - (offset & PAGE_MASK);
  }
  return undefined;
}

/** Bytes from region offset `offset` (in page `index`, private) that stay private and inside the region. */
function privateRun(space: UserlandSpace, index: number, offset: number, wanted: number): number {
  let run = PAGE_SIZE - (offset & PAGE_MASK);
  const { kinds } = space;
  for (let next = index + 1; run < wanted && next < kinds.length && kinds[next] === PageKind.Private; next++) {
    run += PAGE_SIZE;
  }
  return Math.min(run, wanted);
}

/** Copies guest memory into `dest`; the access was checked by {@link checkAccess}. */
export function copyOut(memory: HostMemory, space: UserlandSpace, address: number, dest: Uint8Array): void {
  const host = memory.bytes;
  const length = dest.length;
  let done = 0;
  while (done < length) {
    const offset = space.offset(address + done);
    const index = offset >>> 12;
    let n: number;
    if (space.kinds[index] === PageKind.Private) {
      n = privateRun(space, index, offset, length - done);
      const from = space.range.start + offset;
      dest.set(host.subarray(from, from + n), done);
    } else {
      n = Math.min(PAGE_SIZE - (offset & PAGE_MASK), length - done);
      const page = space.shared.get(index)!;
      const from = page.index * PAGE_SIZE + (offset & PAGE_MASK);
      dest.set(page.object.bytes.subarray(from, from + n), done);
    }
    done += n;
  }
}

/**
 * Copies `src` into guest memory; the access was checked by {@link checkAccess}. Compiled code of the
 * pages written is dropped and LR reservations on the bytes written are broken, as a store does.
 */
export function copyIn(memory: HostMemory, space: UserlandSpace, address: number, src: Uint8Array): void {
  const host = memory.bytes;
  const length = src.length;
  const marks = space.port.flags;
  let done = 0;
  while (done < length) {
    const at = address + done;
    const offset = space.offset(at);
    const index = offset >>> 12;
    let n: number;
    if (space.kinds[index] === PageKind.Private) {
      n = privateRun(space, index, offset, length - done);
      const to = space.range.start + offset;
      host.set(src.subarray(done, done + n), to);
      const pages = Math.ceil(((offset & PAGE_MASK) + n) / PAGE_SIZE);
      memory.markDirty(space.region, index, pages);
      for (let i = 0; i < pages; i++) {
        if ((marks[index + i]! & MARKS) !== 0) {
          afterWrite(space, index + i, offset, n, at - offset);
        }
      }
    } else {
      n = Math.min(PAGE_SIZE - (offset & PAGE_MASK), length - done);
      const page = space.shared.get(index)!;
      page.object.bytes.set(src.subarray(done, done + n), page.index * PAGE_SIZE + (offset & PAGE_MASK));
      afterWrite(space, index, offset, n, at - offset);
    }
    done += n;
  }
}

/** The hart-side consequences of a kernel write of `[offset, offset + n)` on page `index`. */
function afterWrite(space: UserlandSpace, index: number, offset: number, n: number, callerDelta: number): void {
  const pageStart = index * PAGE_SIZE;
  const from = Math.max(offset, pageStart);
  const to = Math.min(offset + n, pageStart + PAGE_SIZE);
  space.breakReservations(from, to - from, callerDelta);
  space.dropCode(index, 1, callerDelta);
}

/** {@inheritDoc GuestMemoryProvider.readU32} Aligned private words are read straight from host memory. */
export function readU32(memory: HostMemory, space: UserlandSpace, address: number): Result<number, MemoryFault> {
  if (isAddress(address) && (address & 3) === 0) {
    const offset = space.offset(address);
    const index = offset >>> 12;
    if (space.kinds[index] === PageKind.Private && (space.permissions(index) & Prot.Read) !== 0) {
      return ok(space.port.i32[offset / 4]! >>> 0);
    }
  }
  const word = new Uint8Array(4);
  const fault = checkAccess(space, address, 4, "read", false);
  if (fault) return err(fault);
  copyOut(memory, space, address, word);
  return ok((word[0]! | (word[1]! << 8) | (word[2]! << 16) | (word[3]! << 24)) >>> 0);
}

/** {@inheritDoc GuestMemoryProvider.writeU32} */
export function writeU32(memory: HostMemory, space: UserlandSpace, address: number, value: number): MemoryFault | undefined {
  const fault = checkAccess(space, address, 4, "write", false);
  if (fault) return fault;
  const v = value >>> 0;
  copyIn(memory, space, address, Uint8Array.of(v & 0xff, (v >>> 8) & 0xff, (v >>> 16) & 0xff, v >>> 24));
  return undefined;
}

/**
 * {@inheritDoc GuestMemoryProvider.readCString} Reads no byte past the NUL; a `maxLength` beyond the
 * region's size is taken as the region's size (a longer string would repeat the region).
 */
export function readCString(
  memory: HostMemory,
  space: UserlandSpace,
  address: number,
  maxLength: number,
): Result<Uint8Array | undefined, MemoryFault> {
  if (!isAddress(address)) return err(memoryFault(address, "read", "unmapped"));
  if (!(maxLength >= 0)) return ok(undefined);
  const limit = Math.min(Math.floor(maxLength), space.size) + 1;
  const pieces: Uint8Array[] = [];
  let done = 0;
  while (done < limit) {
    const at = address + done;
    const fault = checkAccess(space, at, 1, "read", false);
    if (fault) return err(fault);
    const offset = space.offset(at);
    const n = Math.min(PAGE_SIZE - (offset & PAGE_MASK), limit - done);
    let chunk: Uint8Array;
    if (space.kinds[offset >>> 12] === PageKind.Private) {
      const from = space.range.start + offset;
      chunk = memory.bytes.subarray(from, from + n);
    } else {
      const page = space.shared.get(offset >>> 12)!;
      const from = page.index * PAGE_SIZE + (offset & PAGE_MASK);
      chunk = page.object.bytes.subarray(from, from + n);
    }
    const nul = chunk.indexOf(0);
    if (nul >= 0) {
      pieces.push(chunk.subarray(0, nul));
      return ok(concat(pieces, done + nul));
    }
    pieces.push(chunk);
    done += n;
  }
  return ok(undefined);
}

function concat(pieces: readonly Uint8Array[], length: number): Uint8Array {
  const out = new Uint8Array(length);
  let at = 0;
  for (const piece of pieces) {
    out.set(piece, at);
    at += piece.length;
  }
  return out;
}
