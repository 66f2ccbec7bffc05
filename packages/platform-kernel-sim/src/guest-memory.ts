/**
 * Kernel-side access to guest memory (shims and loaders copying to and from an address space): the
 * page walk with user-mode permission checks (or none when forced), faults as values.
 *
 * Every page an access touches is checked before any byte moves, so a faulting access changes nothing
 * a caller can see. (A store may already have given earlier pages a private frame by then — a
 * copy-on-write break or a demand-zero allocation — which changes no byte.) Loads of demand-zero
 * pages read zeros without allocating a frame. Stores drop compiled code decoded from the pages they
 * change and break LR reservations on them, in the written space. When a store needs a frame and none
 * is free, the access faults with reason `protection`: the page is mapped but cannot be written now.
 *
 * @module
 */
import { PAGE_SIZE, Prot, err, memoryFault, ok, type AccessKind, type MemoryFault, type Result } from "@litebox-ts/core";
import { KernelAccess, type Mmu } from "./mmu";
import type { PhysicalMemory } from "./physical-memory";
import type { SimSpace } from "./sim-space";

const U32_END = 0x1_0000_0000;

/** Options of the copy operations. */
export interface CopyOptions {
  /** Access a mapped page whatever its protection. */
  readonly force?: boolean;
}

/** Kernel-side copies over one physical memory. */
export class GuestMemory {
  readonly #bytes: Uint8Array;
  readonly #words: Int32Array;
  readonly #mmu: Mmu;

  /** @param memory - frames. @param mmu - the walk. */
  constructor(memory: PhysicalMemory, mmu: Mmu) {
    this.#bytes = memory.bytes;
    this.#words = memory.words;
    this.#mmu = mmu;
  }

  /** Copies guest memory at `address` into `dest`; see the module documentation. */
  read(space: SimSpace | undefined, address: number, dest: Uint8Array, options?: CopyOptions): MemoryFault | undefined {
    const need = options?.force === true ? 0 : Prot.Read;
    const fault = this.#check(space, address, dest.length, false, need);
    if (fault !== undefined || dest.length === 0) return fault;
    this.#pages(address, dest.length, (at, done, n) => {
      const frame = this.#mmu.kernelFrame(space!, at, false, need);
      if (frame === KernelAccess.Zero) {
        dest.fill(0, done, done + n);
      } else {
        const from = frame + (at & (PAGE_SIZE - 1));
        dest.set(this.#bytes.subarray(from, from + n), done);
      }
    });
    return undefined;
  }

  /** Copies `src` into guest memory at `address`; see the module documentation. */
  write(space: SimSpace | undefined, address: number, src: Uint8Array, options?: CopyOptions): MemoryFault | undefined {
    const need = options?.force === true ? 0 : Prot.Write;
    const fault = this.#check(space, address, src.length, true, need);
    if (fault !== undefined || src.length === 0) return fault;
    this.#pages(address, src.length, (at, done, n) => {
      const frame = this.#mmu.kernelFrame(space!, at, true, need);
      this.#bytes.set(src.subarray(done, done + n), frame + (at & (PAGE_SIZE - 1)));
    });
    this.#written(space!, address, src.length);
    return undefined;
  }

  /** Reads the little-endian word at `address` (any alignment). */
  readU32(space: SimSpace | undefined, address: number): Result<number, MemoryFault> {
    if (space !== undefined && (address & 3) === 0 && Number.isInteger(address) && address >= 0 && address < U32_END) {
      const frame = this.#mmu.kernelFrame(space, address, false, Prot.Read);
      if (frame === KernelAccess.Zero) return ok(0);
      if (frame >= 0) return ok(this.#words[(frame + (address & (PAGE_SIZE - 1))) >>> 2]! >>> 0);
      return err(faultOf(address, "read", frame));
    }
    const bytes = new Uint8Array(4);
    const fault = this.read(space, address, bytes);
    return fault ? err(fault) : ok((bytes[0]! | (bytes[1]! << 8) | (bytes[2]! << 16) | (bytes[3]! << 24)) >>> 0);
  }

  /** Writes the little-endian word `value` at `address` (any alignment). */
  writeU32(space: SimSpace | undefined, address: number, value: number): MemoryFault | undefined {
    if (space !== undefined && (address & 3) === 0 && Number.isInteger(address) && address >= 0 && address < U32_END) {
      const frame = this.#mmu.kernelFrame(space, address, true, Prot.Write);
      if (frame < 0) return faultOf(address, "write", frame);
      this.#words[(frame + (address & (PAGE_SIZE - 1))) >>> 2] = value;
      this.#written(space, address, 4);
      return undefined;
    }
    const v = value >>> 0;
    return this.write(space, address, Uint8Array.of(v & 0xff, (v >>> 8) & 0xff, (v >>> 16) & 0xff, v >>> 24));
  }

  /**
   * Reads a NUL-terminated string of at most `maxLength` bytes (NUL not counted); `undefined` when no
   * NUL comes within `maxLength + 1` bytes. Reads no byte past the NUL, so a string ending just before
   * an unmapped page is fine.
   */
  readCString(space: SimSpace | undefined, address: number, maxLength: number): Result<Uint8Array | undefined, MemoryFault> {
    const limit = Math.floor(maxLength) + 1;
    if (!(limit > 0)) return ok(undefined);
    if (space === undefined || !Number.isInteger(address) || address < 0) return err(memoryFault(address, "read", "unmapped"));
    const parts: Uint8Array[] = [];
    let scanned = 0;
    while (scanned < limit) {
      const at = address + scanned;
      if (at >= U32_END) return err(memoryFault(at, "read", "unmapped"));
      const frame = this.#mmu.kernelFrame(space, at, false, Prot.Read);
      if (frame === KernelAccess.Zero) return ok(concat(parts));
      if (frame < 0) return err(faultOf(at, "read", frame));
      const n = Math.min(PAGE_SIZE - (at & (PAGE_SIZE - 1)), limit - scanned);
      const from = frame + (at & (PAGE_SIZE - 1));
      const view = this.#bytes.subarray(from, from + n);
      const nul = view.indexOf(0);
      if (nul >= 0) {
        parts.push(view.subarray(0, nul));
        return ok(concat(parts));
      }
      parts.push(view);
      scanned += n;
    }
    return ok(undefined);
  }

  /** The fault of the first page of the access that cannot be made, or `undefined`. */
  #check(space: SimSpace | undefined, address: number, length: number, write: boolean, need: number): MemoryFault | undefined {
    if (length === 0) return undefined;
    const access: AccessKind = write ? "write" : "read";
    if (space === undefined || !Number.isInteger(address) || address < 0) return memoryFault(address, access, "unmapped");
    const end = address + length;
    for (let at = address; at < end; at = (Math.floor(at / PAGE_SIZE) + 1) * PAGE_SIZE) {
      if (at >= U32_END) return memoryFault(at, access, "unmapped");
      const frame = this.#mmu.kernelFrame(space, at, write, need);
      if (frame < KernelAccess.Zero) return faultOf(at, access, frame);
    }
    return undefined;
  }

  /** Calls `chunk(at, done, n)` for each page-sized piece of an access. */
  #pages(address: number, length: number, chunk: (at: number, done: number, n: number) => void): void {
    let done = 0;
    while (done < length) {
      const at = address + done;
      const n = Math.min(PAGE_SIZE - (at & (PAGE_SIZE - 1)), length - done);
      chunk(at, done, n);
      done += n;
    }
  }

  /** What a store by the kernel does to the harts of the space: code dropped, reservations broken. */
  #written(space: SimSpace, address: number, length: number): void {
    space.port.invalidateCode(address, length);
    space.port.breakReservations(address, length);
  }
}

function faultOf(address: number, access: AccessKind, code: number): MemoryFault {
  return memoryFault(address, access, code === KernelAccess.Unmapped ? "unmapped" : "protection");
}

function concat(parts: readonly Uint8Array[]): Uint8Array {
  let length = 0;
  for (const p of parts) length += p.length;
  const out = new Uint8Array(length);
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}
