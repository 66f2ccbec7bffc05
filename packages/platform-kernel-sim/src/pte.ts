/**
 * The Sv32 page-table entry and `satp` formats, as the RISC-V privileged specification defines them,
 * plus the platform's use of the two RSW (reserved-for-software) bits and of invalid entries.
 *
 * A PTE is one little-endian 32-bit word: `V R W X U G A D` in bits 0–7, RSW in bits 9:8, the
 * physical page number in bits 31:10. This platform stores every entry in that format in simulated
 * physical memory and uses it as follows:
 *
 * - **Non-leaf** (level 1 only): `V` set, `R W X U A D` clear, PPN = the level-0 table's frame.
 * - **Valid leaf** (level 0 only; no megapages): `V U` set, `R W X` from the protection, `A D` set by
 *   the walk as hardware does.
 * - **Software leaf** (`V` clear, word non-zero): a mapped page the hardware must not use. Every bit
 *   of an invalid PTE is ignored by the walk, so the platform keeps its own state there, in the same
 *   positions: `U` set (so the word is never zero), `R W X` = the protection as requested, and either
 *   {@link Pte.ZERO} (RSW bit 9: demand-zero, no frame yet, PPN 0) or the PPN of the page's frame.
 *   Protections Sv32 cannot express in a valid leaf live here: none, write-only and write+execute
 *   (`W` without `R` is a reserved encoding).
 * - **Copy-on-write** (either kind of leaf with a frame): a writable private page whose frame is shared
 *   by several address spaces after a fork has `W` withheld and {@link Pte.COW} (RSW bit 8) set:
 *   logically writable, write-protected until the first store copies the frame (or finds it no longer
 *   shared and simply sets `W` again).
 * - **Unmapped**: the word 0.
 *
 * @module
 */
import { Prot, type Protection } from "@litebox-ts/core";

/** PTE bits (Sv32; RSW bits as this platform uses them). */
export const Pte = {
  /** Valid. */
  V: 1 << 0,
  /** Readable. */
  R: 1 << 1,
  /** Writable. */
  W: 1 << 2,
  /** Executable. */
  X: 1 << 3,
  /** Accessible to user mode. */
  U: 1 << 4,
  /** Global mapping (never set by this platform: every mapping belongs to one ASID). */
  G: 1 << 5,
  /** Accessed: set by the walk on any access. */
  A: 1 << 6,
  /** Dirty: set by the walk on a store. */
  D: 1 << 7,
  /** RSW bit 8: copy-on-write (logically writable, `W` withheld while the frame is shared). */
  COW: 1 << 8,
  /** RSW bit 9: demand-zero (software leaves: mapped, no frame allocated yet). */
  ZERO: 1 << 9,
} as const;

/** `R | W | X`. */
export const PTE_RWX = Pte.R | Pte.W | Pte.X;
/** Bit position of the PPN field. */
export const PTE_PPN_SHIFT = 10;
/** Entries per Sv32 page table (4 KiB of 4-byte entries). */
export const PTES_PER_TABLE = 1024;

/** `satp` fields for Sv32. */
export const Satp = {
  /** MODE = 1 (Sv32) in bit 31. */
  MODE_SV32: 0x8000_0000,
  /** Position of the 9-bit ASID field (bits 30:22). */
  ASID_SHIFT: 22,
  /** Mask of the ASID field once shifted down. */
  ASID_MASK: 0x1ff,
  /** Mask of the PPN field (bits 21:0). */
  PPN_MASK: 0x3f_ffff,
} as const;

/** Largest ASID Sv32 can express (9 bits). ASID 0 is kept for the host, so guests get 1..511. */
export const MAX_ASID = 0x1ff;

/** The `satp` value selecting Sv32 with `asid` and the root table at physical address `rootAddress`. */
export function encodeSatp(asid: number, rootAddress: number): number {
  return (Satp.MODE_SV32 | ((asid & Satp.ASID_MASK) << Satp.ASID_SHIFT) | ((rootAddress >>> 12) & Satp.PPN_MASK)) >>> 0;
}

/** True when a valid leaf can express `prot`: readable, or execute-only (Sv32 reserves `W` without `R`). */
export function isHardwareProtection(prot: Protection): boolean {
  return (prot & Prot.Read) !== 0 || prot === Prot.Exec;
}

/**
 * Builds a leaf PTE (without `A`/`D`): `frameAddress` is the frame's physical address, or -1 for a
 * demand-zero page; `writeProtect` withholds `W` for copy-on-write (the frame is shared).
 */
export function leafPte(frameAddress: number, prot: Protection, writeProtect: boolean): number {
  if (frameAddress < 0) return Pte.ZERO | Pte.U | (prot << 1);
  const valid = isHardwareProtection(prot) ? Pte.V : 0;
  const pte = ((frameAddress >>> 12) << PTE_PPN_SHIFT) | Pte.U | valid | (prot << 1);
  return writeProtect && (prot & Prot.Write) !== 0 ? (pte & ~Pte.W) | Pte.COW : pte;
}

/** The protection a mapped leaf stands for (`W` of a copy-on-write entry included). */
export function pteProtection(pte: number): Protection {
  return ((pte >>> 1) & 7) | ((pte & Pte.COW) !== 0 ? Prot.Write : 0);
}

/** The physical address of a mapped leaf's frame, or -1 for a demand-zero entry. */
export function pteFrame(pte: number): number {
  return (pte & Pte.ZERO) !== 0 ? -1 : (pte >>> PTE_PPN_SHIFT) << 12;
}

/** True for a non-leaf entry (valid, no R/W/X). */
export function isPointer(pte: number): boolean {
  return (pte & Pte.V) !== 0 && (pte & PTE_RWX) === 0;
}
