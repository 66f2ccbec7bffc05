/**
 * The memory port: what a hart needs from an address space, and what a platform implements (by
 * instantiating {@link FlatMemoryPort} or {@link TranslatedMemoryPort}). This base class holds what
 * both paths share: the typed-array views over host memory, the slow path (misaligned and
 * page-crossing accesses, platform-served pages, code invalidation, LR reservations), and the
 * kernel-side copy helpers. The fast paths (`load32`, `store8`, …) live in the two subclasses and are
 * what the interpreter calls; the compiler inlines equivalent code.
 *
 * Faults are values: a failed load returns 0 and sets {@link MemoryPort.faultCause} and
 * {@link MemoryPort.faultAddress}; a failed store returns {@link STORE_FAULT}. No host exception is
 * thrown for any guest address.
 *
 * Harts that share a port (threads of one process) must run on one JS thread: the code cache and the
 * reservation list are not synchronised across workers.
 *
 * @module
 */
import { memoryFault, type AccessKind, type MemoryFault } from "@litebox-ts/core";
import { PAGE_SHIFT, PAGE_SIZE, PageFlag, type AccessSize, type MemoryTrapCause } from "./access";

/** `resolvePage` answer: the page faults for this access. */
export const PAGE_FAULT = -1;
/** `resolvePage` answer: the platform serves every access to this page (flat `Slow` pages). */
export const PAGE_SLOW = -2;

/** `store*` answer: the store was performed. */
export const STORE_DONE = 0;
/** `store*` answer: the store was performed and invalidated compiled code (compiled code must exit). */
export const STORE_CODE_CHANGED = 1;
/** `store*` answer: the store faulted; nothing was written ({@link MemoryPort.faultCause} tells why). */
export const STORE_FAULT = -1;

/** What a `store*` method answers. */
export type StoreStatus = typeof STORE_DONE | typeof STORE_CODE_CHANGED | typeof STORE_FAULT;

/** What a platform-served access answers when it neither succeeds nor faults: flags changed, redo it. */
export const RETRY = "retry";

/** Told when compiled code of a page must be dropped (a store hit it, or the platform said so). */
export interface CodeObserver {
  /** The page starting at `pageAddress` (a guest address) changed: drop everything decoded from it. */
  codeInvalidated(pageAddress: number): void;
}

/** A hart as the reservation bookkeeping sees it. */
export interface ReservationHolder {
  /** The 4-byte-aligned guest address reserved by the last `lr.w`, or -1 for none. */
  reservationAddress: number;
}

/** Options of {@link MemoryPort.writeBytes}. */
export interface WriteOptions {
  /** Write into a mapped page whatever its protection (loaders filling read-only text). */
  readonly force?: boolean;
}

const MAX_RETRIES = 64;
const NO_RESULT = -1;
const RETRY_RESULT = -2;

/**
 * The shared part of both memory ports. Not instantiated directly: a platform creates a
 * {@link FlatMemoryPort} or a {@link TranslatedMemoryPort}.
 */
export abstract class MemoryPort {
  /** Which fast path the hart and the compiler use. */
  abstract readonly kind: "flat" | "translated";
  /** Host memory, byte view. Host offsets used by the port are indices into it. */
  readonly bytes: Uint8Array;
  /** Host memory as signed bytes. */
  readonly i8: Int8Array;
  /** Host memory as unsigned halfwords (aligned accesses only). */
  readonly u16: Uint16Array;
  /** Host memory as signed halfwords. */
  readonly i16: Int16Array;
  /** Host memory as words. */
  readonly i32: Int32Array;
  /** RISC-V cause of the last failed slow access (0 when none is pending); the hart clears it. */
  faultCause: 0 | MemoryTrapCause = 0;
  /** Guest address of the last failed slow access. */
  faultAddress = 0;
  /** The hart-side code cache of this address space, told when code must be dropped. */
  codeObserver: CodeObserver | undefined = undefined;
  readonly #holders: ReservationHolder[] = [];

  /**
   * @param bytes - host memory; its byte offset and length must be multiples of 4 (the word views
   *   share its buffer). The host is assumed little-endian, as every JS engine in use is.
   */
  protected constructor(bytes: Uint8Array) {
    if (bytes.byteOffset % 4 !== 0 || bytes.byteLength % 4 !== 0) {
      throw new RangeError("memory port: host memory must be 4-byte aligned and sized");
    }
    this.bytes = bytes;
    const { buffer, byteOffset, byteLength } = bytes;
    this.i8 = new Int8Array(buffer, byteOffset, byteLength);
    this.u16 = new Uint16Array(buffer, byteOffset, byteLength >>> 1);
    this.i16 = new Int16Array(buffer, byteOffset, byteLength >>> 1);
    this.i32 = new Int32Array(buffer, byteOffset, byteLength >>> 2);
  }

  // ---- fast paths (subclasses) -------------------------------------------------------------

  /** Loads a zero-extended byte; on a fault returns 0 and sets {@link MemoryPort.faultCause}. */
  abstract loadU8(address: number): number;
  /** Loads a sign-extended byte. */
  abstract loadI8(address: number): number;
  /** Loads a zero-extended halfword (any alignment). */
  abstract loadU16(address: number): number;
  /** Loads a sign-extended halfword (any alignment). */
  abstract loadI16(address: number): number;
  /** Loads a word (any alignment). */
  abstract load32(address: number): number;
  /** Stores the low byte of `value`; `who` is the storing hart (its own reservation survives). */
  abstract store8(address: number, value: number, who: ReservationHolder | undefined): StoreStatus;
  /** Stores the low halfword of `value` (any alignment). */
  abstract store16(address: number, value: number, who: ReservationHolder | undefined): StoreStatus;
  /** Stores a word (any alignment). */
  abstract store32(address: number, value: number, who: ReservationHolder | undefined): StoreStatus;

  // ---- page-level hooks (subclasses) -------------------------------------------------------

  /**
   * The host offset of the page holding `address` if `access` is allowed there, else
   * {@link PAGE_FAULT}, or {@link PAGE_SLOW} when the platform serves the page.
   */
  abstract resolvePage(address: number, access: AccessKind): number;
  /** The hart-owned marks (`PageFlag.Code`, `PageFlag.Reserved`) of the page holding `address`. */
  protected abstract pageMarks(address: number): number;
  /** Replaces the hart-owned marks of the page holding `address`. */
  protected abstract setPageMarks(address: number, marks: number): void;
  /** Whether any mapping covers `address` (to tell "unmapped" from "protection" faults). */
  protected abstract pageMapped(address: number): boolean;
  /** The host offset of a mapped page regardless of its protection, or {@link PAGE_FAULT}. */
  protected abstract resolveForced(address: number): number;

  /**
   * Serves a load from a platform-served page: `size` bytes (1–4, within one page), little-endian,
   * unsigned. The default (no platform pages) faults.
   */
  protected servedLoad(_address: number, _size: number, _access: AccessKind): number | "fault" | typeof RETRY {
    return "fault";
  }

  /** Serves a store to a platform-served page. The default faults. */
  protected servedStore(_address: number, _size: number, _value: number): "done" | "fault" | typeof RETRY {
    return "fault";
  }

  // ---- slow paths --------------------------------------------------------------------------

  /**
   * Any load, including misaligned and page-crossing ones (emulated byte-wise, as Linux and
   * qemu-user do for user mode). Returns the value, or 0 with the fault recorded.
   */
  loadSlow(address: number, size: AccessSize, signed: boolean): number {
    for (let attempt = 0; attempt < MAX_RETRIES; attempt++) {
      const raw = this.#tryLoad(address | 0, size, "read");
      if (raw === RETRY_RESULT) continue;
      if (raw === NO_RESULT) return 0;
      if (!signed) return size === 4 ? raw | 0 : raw;
      const shift = 32 - size * 8;
      return (raw << shift) >> shift;
    }
    return this.#fault(address, 13);
  }

  /** Any store, including misaligned and page-crossing ones; see {@link StoreStatus}. */
  storeSlow(address: number, size: AccessSize, value: number, who: ReservationHolder | undefined): StoreStatus {
    for (let attempt = 0; attempt < MAX_RETRIES; attempt++) {
      const status = this.#tryStore(address | 0, size, value, who);
      if (status !== RETRY_RESULT) return status as StoreStatus;
    }
    this.#fault(address, 15);
    return STORE_FAULT;
  }

  /**
   * Fetches the instruction word at `pc` (4-byte aligned) through the slow path; on a fault returns
   * 0 with cause 12 recorded.
   */
  fetchSlow(pc: number): number {
    for (let attempt = 0; attempt < MAX_RETRIES; attempt++) {
      const raw = this.#tryLoad(pc | 0, 4, "execute");
      if (raw === RETRY_RESULT) continue;
      return raw === NO_RESULT ? 0 : raw | 0;
    }
    return this.#fault(pc, 12);
  }

  #fault(address: number, cause: MemoryTrapCause): 0 {
    this.faultCause = cause;
    this.faultAddress = address | 0;
    return 0;
  }

  #failed(address: number, cause: MemoryTrapCause): number {
    this.#fault(address, cause);
    return NO_RESULT;
  }

  /** Unsigned little-endian value, or NO_RESULT (fault recorded) / RETRY_RESULT. */
  #tryLoad(address: number, size: number, access: AccessKind): number {
    const cause = access === "read" ? 13 : 12;
    const first = Math.min(size, PAGE_SIZE - (address & (PAGE_SIZE - 1)));
    const host1 = this.resolvePage(address, access);
    if (host1 === PAGE_FAULT) return this.#failed(address, cause);
    const second = (address + first) | 0;
    let host2 = PAGE_FAULT;
    if (first < size) {
      host2 = this.resolvePage(second, access);
      if (host2 === PAGE_FAULT) return this.#failed(second, cause);
    }
    const low = this.#readPiece(host1, address, first, access);
    if (low < 0) return low === RETRY_RESULT ? low : this.#failed(address, cause);
    if (first === size) return low;
    const high = this.#readPiece(host2, second, size - first, access);
    if (high < 0) return high === RETRY_RESULT ? high : this.#failed(second, cause);
    return low + high * 2 ** (8 * first);
  }

  #readPiece(host: number, address: number, size: number, access: AccessKind): number {
    if (host === PAGE_SLOW) {
      const served = this.servedLoad(address, size, access);
      if (served === "fault") return NO_RESULT;
      if (served === RETRY) return RETRY_RESULT;
      return size === 4 ? served >>> 0 : served & ((1 << (8 * size)) - 1);
    }
    const b = this.bytes;
    const at = host + (address & (PAGE_SIZE - 1));
    let value = 0;
    for (let i = size - 1; i >= 0; i--) value = value * 256 + b[at + i]!;
    return value;
  }

  #tryStore(address: number, size: number, value: number, who: ReservationHolder | undefined): number {
    const first = Math.min(size, PAGE_SIZE - (address & (PAGE_SIZE - 1)));
    const host1 = this.resolvePage(address, "write");
    if (host1 === PAGE_FAULT) return this.#failed(address, 15);
    const second = (address + first) | 0;
    let host2 = PAGE_FAULT;
    if (first < size) {
      host2 = this.resolvePage(second, "write");
      if (host2 === PAGE_FAULT) return this.#failed(second, 15);
    }
    // Platform-served pieces go first: if one of them faults, nothing has been written yet.
    const r1 = this.#writePiece(host1, address, first, value, true);
    if (r1 !== 0) return r1 === RETRY_RESULT ? r1 : this.#failed(address, 15);
    if (first < size) {
      const r2 = this.#writePiece(host2, second, size - first, value >>> (8 * first), true);
      if (r2 !== 0) return r2 === RETRY_RESULT ? r2 : this.#failed(second, 15);
    }
    this.#writePiece(host1, address, first, value, false);
    if (first < size) this.#writePiece(host2, second, size - first, value >>> (8 * first), false);
    let status: StoreStatus = STORE_DONE;
    if (this.#afterWrite(address, size, who)) status = STORE_CODE_CHANGED;
    if (first < size && this.#afterWrite(second, size - first, who)) status = STORE_CODE_CHANGED;
    return status;
  }

  /** Writes one piece; `served` selects the platform pass or the host-memory pass. */
  #writePiece(host: number, address: number, size: number, value: number, served: boolean): number {
    if (host === PAGE_SLOW) {
      if (!served) return 0;
      const mask = size === 4 ? 0xffffffff : (1 << (8 * size)) - 1;
      const r = this.servedStore(address, size, (value & mask) >>> 0);
      return r === "done" ? 0 : r === RETRY ? RETRY_RESULT : NO_RESULT;
    }
    if (served) return 0;
    const at = host + (address & (PAGE_SIZE - 1));
    for (let i = 0; i < size; i++) this.bytes[at + i] = value >>> (8 * i);
    return 0;
  }

  /** Invalidates code and breaks reservations after bytes of one page changed; true if code was dropped. */
  #afterWrite(address: number, size: number, who: ReservationHolder | undefined): boolean {
    const marks = this.pageMarks(address);
    if (marks === 0) return false;
    if ((marks & PageFlag.Reserved) !== 0) this.breakReservations(address, size, who);
    if ((marks & PageFlag.Code) !== 0) {
      this.#dropCode(address);
      return true;
    }
    return false;
  }

  // ---- code ------------------------------------------------------------------------------

  /** Marks the page holding `address` as holding compiled code (called by the hart's compiler). */
  markCode(address: number): void {
    this.setPageMarks(address, this.pageMarks(address) | PageFlag.Code);
  }

  /** Whether the page holding `address` is marked as holding compiled code. */
  hasCode(address: number): boolean {
    return (this.pageMarks(address) & PageFlag.Code) !== 0;
  }

  /**
   * Drops compiled code of every page overlapping `[address, address + length)`. Platforms call it
   * when they change those pages behind the hart's back (writes through their own views of host
   * memory, remapping, protection changes; the port's own methods already do it).
   */
  invalidateCode(address: number, length: number): void {
    if (length <= 0) return;
    const firstPage = (address >>> PAGE_SHIFT);
    const pages = Math.ceil(((address % PAGE_SIZE) + length) / PAGE_SIZE);
    for (let i = 0; i < pages && i < 1 << 20; i++) {
      const page = ((firstPage + i) << PAGE_SHIFT) | 0;
      if ((this.pageMarks(page) & PageFlag.Code) !== 0) this.#dropCode(page);
    }
  }

  #dropCode(address: number): void {
    const page = (address & ~(PAGE_SIZE - 1)) | 0;
    this.setPageMarks(page, this.pageMarks(page) & ~PageFlag.Code);
    this.codeObserver?.codeInvalidated(page);
  }

  // ---- LR/SC reservations ---------------------------------------------------------------------

  /** Records `holder`'s reservation on the word at `address` (4-byte aligned); replaces its old one. */
  reserve(holder: ReservationHolder, address: number): void {
    this.release(holder);
    holder.reservationAddress = address | 0;
    this.#holders.push(holder);
    this.setPageMarks(address, this.pageMarks(address) | PageFlag.Reserved);
  }

  /** Drops `holder`'s reservation, if any. */
  release(holder: ReservationHolder): void {
    const address = holder.reservationAddress;
    if (address === -1) return;
    holder.reservationAddress = -1;
    const at = this.#holders.indexOf(holder);
    if (at >= 0) this.#holders.splice(at, 1);
    const page = address >>> PAGE_SHIFT;
    if (!this.#holders.some((h) => h.reservationAddress >>> PAGE_SHIFT === page)) {
      this.setPageMarks(address, this.pageMarks(address) & ~PageFlag.Reserved);
    }
  }

  /**
   * Breaks every reservation (except `except`'s) whose word overlaps `[address, address + size)`:
   * what a store by another hart, or by the kernel side, does.
   */
  breakReservations(address: number, size: number, except?: ReservationHolder): void {
    const start = address >>> 0;
    for (const holder of [...this.#holders]) {
      if (holder === except) continue;
      const word = holder.reservationAddress >>> 0;
      if (word < start + size && start < word + 4) this.release(holder);
    }
  }

  // ---- kernel-side copies ------------------------------------------------------------------

  /**
   * Copies guest memory at `address` into `dest` with user-mode read permission checks. Returns the
   * fault (first inaccessible address) or `undefined`.
   */
  readBytes(address: number, dest: Uint8Array): MemoryFault | undefined {
    let done = 0;
    while (done < dest.length) {
      const at = (address + done) | 0;
      const chunk = Math.min(dest.length - done, PAGE_SIZE - (at & (PAGE_SIZE - 1)));
      const host = this.resolvePage(at, "read");
      if (host === PAGE_FAULT) return this.#kernelFault(at, "read");
      if (host === PAGE_SLOW) {
        for (let i = 0; i < chunk; i++) {
          const v = this.loadSlow((at + i) | 0, 1, false);
          if (this.faultCause !== 0) {
            this.faultCause = 0;
            return this.#kernelFault((at + i) | 0, "read");
          }
          dest[done + i] = v;
        }
      } else {
        const from = host + (at & (PAGE_SIZE - 1));
        dest.set(this.bytes.subarray(from, from + chunk), done);
      }
      done += chunk;
    }
    return undefined;
  }

  /**
   * Copies `src` into guest memory at `address` with user-mode write permission checks (or none
   * with `force`), invalidating code and breaking reservations it overwrites. On a fault, the bytes
   * before the faulting page may have been written (as with a partial `read()` into a buffer).
   */
  writeBytes(address: number, src: Uint8Array, options?: WriteOptions): MemoryFault | undefined {
    const force = options?.force === true;
    let done = 0;
    while (done < src.length) {
      const at = (address + done) | 0;
      const chunk = Math.min(src.length - done, PAGE_SIZE - (at & (PAGE_SIZE - 1)));
      let host = force ? this.resolveForced(at) : this.resolvePage(at, "write");
      if (host === PAGE_SLOW && force) host = PAGE_FAULT;
      if (host === PAGE_FAULT) return this.#kernelFault(at, "write");
      if (host === PAGE_SLOW) {
        for (let i = 0; i < chunk; i++) {
          if (this.storeSlow((at + i) | 0, 1, src[done + i]!, undefined) === STORE_FAULT) {
            this.faultCause = 0;
            return this.#kernelFault((at + i) | 0, "write");
          }
        }
      } else {
        const to = host + (at & (PAGE_SIZE - 1));
        this.bytes.set(src.subarray(done, done + chunk), to);
        this.#afterWrite(at, chunk, undefined);
      }
      done += chunk;
    }
    return undefined;
  }

  #kernelFault(address: number, access: AccessKind): MemoryFault {
    return memoryFault(address, access, this.pageMapped(address) ? "protection" : "unmapped");
  }
}
