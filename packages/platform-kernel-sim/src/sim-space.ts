/**
 * One address space of the kernel-sim platform: its ASID, its root page table (the PPN of its
 * `satp`), its user range and its memory port — the soft TLB every hart running in the space probes,
 * which plays the role of the ASID tag: switching spaces switches ports, never flushes.
 *
 * @module
 */
import type { AccessKind, AddressRange } from "@litebox-ts/core";
import { TranslatedMemoryPort } from "@litebox-ts/riscv";
import { encodeSatp } from "./pte";

/** The page-table walk a space's port calls on a TLB miss. */
export type SpaceTranslate = (space: SimSpace, address: number, access: AccessKind) => number;

/** An address space. Internal to the platform; ids are what callers hold. */
export class SimSpace {
  /** The platform's id (never reused). */
  readonly id: number;
  /** The ASID (1..511). */
  readonly asid: number;
  /** Frame number of the root page table. */
  readonly root: number;
  /** The user range, `[start, end)`. */
  readonly range: AddressRange;
  /** The memory port harts of this space run on. */
  readonly port: TranslatedMemoryPort;
  /** False once destroyed: the port's walk then faults every access. */
  alive = true;

  /**
   * @param id - platform id. @param asid - ASID. @param root - root table frame.
   * @param range - user range. @param bytes - physical memory. @param translate - the walk.
   * @param tlbEntries - TLB size.
   */
  constructor(
    id: number,
    asid: number,
    root: number,
    range: AddressRange,
    bytes: Uint8Array,
    translate: SpaceTranslate,
    tlbEntries: number,
  ) {
    this.id = id;
    this.asid = asid;
    this.root = root;
    this.range = range;
    this.port = new TranslatedMemoryPort({
      bytes,
      translate: (address, access) => translate(this, address, access),
      tlbEntries,
    });
  }

  /** The Sv32 `satp` value a hart running this space would hold. */
  get satp(): number {
    return encodeSatp(this.asid, this.root * 4096);
  }
}
