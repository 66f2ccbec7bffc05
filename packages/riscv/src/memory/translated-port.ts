/**
 * The translated memory path (the kernel-sim platform's Isolated spaces): guest virtual addresses go
 * through a {@link SoftTlb} that the hart probes inline; on a miss, or when the entry does not allow
 * the access, the port calls the platform's {@link TranslateFunction}, which walks its page tables
 * (the hart knows nothing of them), and caches the answer. The platform shoots entries down with
 * {@link TranslatedMemoryPort.flushTlbPage} / {@link TranslatedMemoryPort.flushTlb} when it unmaps,
 * protects, breaks a copy-on-write page or otherwise changes a mapping.
 *
 * One port per address space: its TLB and code cache are keyed by virtual address, so switching
 * address space means switching the hart's port, not flushing (the port plays the role of an ASID).
 *
 * @module
 */
import type { AccessKind } from "@litebox-ts/core";
import { PAGE_SHIFT, PAGE_SIZE, PERMISSION_MASK, PageFlag, type TranslationResult } from "./access";
import {
  MemoryPort,
  PAGE_FAULT,
  STORE_DONE,
  type ReservationHolder,
  type StoreStatus,
} from "./memory-port";
import { DEFAULT_TLB_ENTRIES, SoftTlb } from "./soft-tlb";

/**
 * The platform's page-table walk: the frame and user permissions of the page holding `address`
 * (see {@link translation}), or `TRANSLATION_FAULT`. It may resolve the fault itself first (demand
 * paging, copy-on-write) and answer the new frame. It must not throw.
 */
export type TranslateFunction = (address: number, access: AccessKind) => TranslationResult;

/** Options of a {@link TranslatedMemoryPort}. */
export interface TranslatedMemoryPortOptions {
  /** Host memory holding the frames (simulated physical memory). */
  readonly bytes: Uint8Array;
  /** The page-table walk. */
  readonly translate: TranslateFunction;
  /** TLB entries, a power of two (default {@link DEFAULT_TLB_ENTRIES}). */
  readonly tlbEntries?: number;
}

function accessBit(access: AccessKind): number {
  return access === "read" ? PageFlag.Read : access === "write" ? PageFlag.Write : PageFlag.Exec;
}

/** A translated (software-TLB) memory port. See the module documentation. */
export class TranslatedMemoryPort extends MemoryPort {
  /** {@inheritDoc MemoryPort.kind} */
  readonly kind = "translated" as const;
  /** The TLB the hart probes. Flush it through the port's methods, which keep the code cache right. */
  readonly tlb: SoftTlb;
  /** Number of calls to the platform's translate function so far (profiling, tests). */
  translations = 0;
  // The hot arrays, held directly so the fast paths do one property load each.
  readonly #mask: number;
  readonly #readTag: Int32Array;
  readonly #writeTag: Int32Array;
  readonly #addend: Int32Array;
  readonly #translate: TranslateFunction;
  /** Hart-owned marks (Code, Reserved) per virtual page number. */
  readonly #marks = new Map<number, number>();

  /** @param options - host memory, translate function, TLB size. */
  constructor(options: TranslatedMemoryPortOptions) {
    super(options.bytes);
    this.tlb = new SoftTlb(options.tlbEntries ?? DEFAULT_TLB_ENTRIES);
    this.#mask = this.tlb.mask;
    this.#readTag = this.tlb.readTag;
    this.#writeTag = this.tlb.writeTag;
    this.#addend = this.tlb.addend;
    this.#translate = options.translate;
  }

  // ---- platform API ------------------------------------------------------------------------

  /**
   * TLB shootdown of the page holding `address`. Compiled code decoded from the page is dropped too,
   * since the mapping it was decoded through may have changed.
   */
  flushTlbPage(address: number): void {
    this.tlb.flushPage(address >>> PAGE_SHIFT);
    this.invalidateCode(address, 1);
  }

  /** TLB shootdown of every page overlapping `[address, address + length)`. */
  flushTlbRange(address: number, length: number): void {
    if (length <= 0) return;
    const pages = Math.ceil(((address % PAGE_SIZE) + length) / PAGE_SIZE);
    if (pages >= this.tlb.size) {
      this.tlb.flushAll();
    } else {
      for (let i = 0; i < pages; i++) this.tlb.flushPage(((address >>> PAGE_SHIFT) + i) & 0xfffff);
    }
    this.invalidateCode(address, length);
  }

  /** Empties the TLB and drops all compiled code of this address space (costly: code recompiles). */
  flushTlb(): void {
    this.tlb.flushAll();
    for (const [vpn, marks] of [...this.#marks]) {
      if ((marks & PageFlag.Code) !== 0) this.invalidateCode(vpn << PAGE_SHIFT, 1);
    }
  }

  // ---- fast paths --------------------------------------------------------------------------

  /** {@inheritDoc MemoryPort.loadU8} */
  loadU8(address: number): number {
    const i = (address >>> 12) & this.#mask;
    if (this.#readTag[i] === (address & -4096)) return this.bytes[((this.#addend[i]! + address) | 0) >>> 0]!;
    return this.loadSlow(address, 1, false);
  }

  /** {@inheritDoc MemoryPort.loadI8} */
  loadI8(address: number): number {
    const i = (address >>> 12) & this.#mask;
    if (this.#readTag[i] === (address & -4096)) return this.i8[((this.#addend[i]! + address) | 0) >>> 0]!;
    return this.loadSlow(address, 1, true);
  }

  /** {@inheritDoc MemoryPort.loadU16} */
  loadU16(address: number): number {
    const i = (address >>> 12) & this.#mask;
    if (this.#readTag[i] === (address & -4095)) return this.u16[((this.#addend[i]! + address) | 0) >>> 1]!;
    return this.loadSlow(address, 2, false);
  }

  /** {@inheritDoc MemoryPort.loadI16} */
  loadI16(address: number): number {
    const i = (address >>> 12) & this.#mask;
    if (this.#readTag[i] === (address & -4095)) return this.i16[((this.#addend[i]! + address) | 0) >>> 1]!;
    return this.loadSlow(address, 2, true);
  }

  /** {@inheritDoc MemoryPort.load32} */
  load32(address: number): number {
    const i = (address >>> 12) & this.#mask;
    if (this.#readTag[i] === (address & -4093)) return this.i32[((this.#addend[i]! + address) | 0) >>> 2]!;
    return this.loadSlow(address, 4, true);
  }

  /** {@inheritDoc MemoryPort.store8} */
  store8(address: number, value: number, who: ReservationHolder | undefined): StoreStatus {
    const i = (address >>> 12) & this.#mask;
    if (this.#writeTag[i] === (address & -4096)) {
      this.bytes[((this.#addend[i]! + address) | 0) >>> 0] = value;
      return STORE_DONE;
    }
    return this.storeSlow(address, 1, value, who);
  }

  /** {@inheritDoc MemoryPort.store16} */
  store16(address: number, value: number, who: ReservationHolder | undefined): StoreStatus {
    const i = (address >>> 12) & this.#mask;
    if (this.#writeTag[i] === (address & -4095)) {
      this.u16[((this.#addend[i]! + address) | 0) >>> 1] = value;
      return STORE_DONE;
    }
    return this.storeSlow(address, 2, value, who);
  }

  /** {@inheritDoc MemoryPort.store32} */
  store32(address: number, value: number, who: ReservationHolder | undefined): StoreStatus {
    const i = (address >>> 12) & this.#mask;
    if (this.#writeTag[i] === (address & -4093)) {
      this.i32[((this.#addend[i]! + address) | 0) >>> 2] = value;
      return STORE_DONE;
    }
    return this.storeSlow(address, 4, value, who);
  }

  // ---- page-level hooks --------------------------------------------------------------------

  /** {@inheritDoc MemoryPort.resolvePage} */
  resolvePage(address: number, access: AccessKind): number {
    const vpn = address >>> PAGE_SHIFT;
    const i = vpn & this.#mask;
    const need = accessBit(access);
    const tlb = this.tlb;
    if (tlb.tag[i] === vpn && (tlb.permissions[i]! & need) !== 0) return tlb.frame(vpn);
    this.translations++;
    const result = this.#translate(address | 0, access);
    if (!(result >= 0) || (result & need) === 0) return PAGE_FAULT;
    const permissions = result & PERMISSION_MASK;
    const frame = result - permissions;
    tlb.fill(vpn, frame, permissions, (this.#marks.get(vpn) ?? 0) !== 0);
    return frame;
  }

  protected pageMarks(address: number): number {
    return this.#marks.get(address >>> PAGE_SHIFT) ?? 0;
  }

  protected setPageMarks(address: number, marks: number): void {
    const vpn = address >>> PAGE_SHIFT;
    if (marks === 0) {
      this.#marks.delete(vpn);
      this.tlb.allowWrites(vpn);
    } else {
      this.#marks.set(vpn, marks);
      this.tlb.blockWrites(vpn);
    }
  }

  protected pageMapped(address: number): boolean {
    return this.resolveForced(address) !== PAGE_FAULT;
  }

  protected resolveForced(address: number): number {
    for (const access of ["read", "execute", "write"] as const) {
      const result = this.#translate(address | 0, access);
      if (result >= 0 && (result & accessBit(access)) !== 0) return result - (result & PERMISSION_MASK);
    }
    return PAGE_FAULT;
  }
}
