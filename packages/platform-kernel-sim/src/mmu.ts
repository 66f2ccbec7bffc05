/**
 * The MMU and the page-fault handler of the kernel-sim platform, fused into the function a memory
 * port calls on a TLB miss: it walks the Sv32 tables the way hardware does (valid bits, `U`, the
 * access's permission bit, setting `A` and — on a store — `D`), and where hardware would trap to the
 * kernel it plays the kernel's fault handler: a demand-zero page gets a zeroed frame, a store to a
 * copy-on-write page copies the frame (or, if no other space shares it any more, simply re-enables
 * `W`), a software leaf (a protection Sv32 cannot express) is served from its recorded protection.
 * Anything else is a page fault, which the hart raises with cause 12, 13 or 15.
 *
 * Out of frames in the fault handler (demand-zero or copy-on-write) the access faults as well. Linux
 * would invoke the OOM killer or raise SIGBUS; here the shim sees an ordinary page fault and decides.
 *
 * The same walk serves kernel-side accesses ({@link Mmu.kernelFrame}: shims copying to and from
 * guest memory), with the permission checks a user access would get unless forced.
 *
 * @module
 */
import { PAGE_SIZE, type AccessKind } from "@litebox-ts/core";
import { TRANSLATION_FAULT } from "@litebox-ts/riscv";
import type { PageTables } from "./page-tables";
import { FrameOwner, type PhysicalMemory } from "./physical-memory";
import { Pte, leafPte, pteFrame, pteProtection } from "./pte";
import type { SharedObjects } from "./shared-objects";
import type { SimSpace } from "./sim-space";

/** What {@link Mmu.kernelFrame} answers instead of a frame address (all negative). */
export const KernelAccess = {
  /** A demand-zero page read: the page reads as zeros (no frame is allocated for a read). */
  Zero: -1,
  /** No mapping (or outside the range, or the space is gone). */
  Unmapped: -2,
  /** The page's protection forbids the access. */
  Protection: -3,
  /** A store needed a frame (demand-zero or copy-on-write) and none was free. */
  NoMemory: -4,
} as const;

const VRW_D = Pte.V | Pte.W | Pte.D;

/** The walk and the fault handler over one physical memory. */
export class Mmu {
  readonly #memory: PhysicalMemory;
  readonly #words: Int32Array;
  readonly #refs: Int32Array;
  readonly #owner: Int32Array;
  readonly #tables: PageTables;
  readonly #objects: SharedObjects;

  /** @param memory - frames. @param tables - the table structure. @param objects - shared objects. */
  constructor(memory: PhysicalMemory, tables: PageTables, objects: SharedObjects) {
    this.#memory = memory;
    this.#words = memory.words;
    this.#refs = memory.refs;
    this.#owner = memory.owner;
    this.#tables = tables;
    this.#objects = objects;
  }

  /**
   * The port's {@link TranslateFunction} for `space`: the frame and permissions of the page holding
   * `address`, or `TRANSLATION_FAULT`. Runs on TLB misses only, so it is written for few branches and
   * no allocation. Write permission is withheld until `D` is set, so the first store comes back here.
   */
  translate(space: SimSpace, address: number, access: AccessKind): number {
    const va = address >>> 0;
    if (!space.alive || va < space.range.start || va >= space.range.end) return TRANSLATION_FAULT;
    const words = this.#words;
    const l1 = words[(space.root << 10) | (va >>> 22)]!;
    // Not valid, or a megapage (this platform never creates one): fault.
    if ((l1 & (Pte.V | Pte.R | Pte.W | Pte.X)) !== Pte.V) return TRANSLATION_FAULT;
    const index = ((l1 >>> 10) << 10) | ((va >>> 12) & 1023);
    const pte = words[index]!;
    const need = access === "read" ? Pte.R : access === "write" ? Pte.W : Pte.X;
    const hit = Pte.V | Pte.U | need;
    if ((pte & hit) === hit) {
      const updated = pte | Pte.A | (need === Pte.W ? Pte.D : 0);
      if (updated !== pte) words[index] = updated;
      return hartTranslation(updated);
    }
    // Where hardware would trap: the fault handler. Every user leaf has U; one without is not ours to serve.
    if ((pte & Pte.U) === 0 || (pteProtection(pte) & (need >>> 1)) === 0) return TRANSLATION_FAULT;
    const resolved = this.#resolve(index, pte, need === Pte.W);
    return resolved === 0 ? TRANSLATION_FAULT : hartTranslation(resolved);
  }

  /**
   * The physical address of the frame behind `address` for a kernel-side access, or a
   * {@link KernelAccess} code. `need` holds the `Prot` bits the access requires (0 when forced). A
   * store makes the page private and allocated first (copy-on-write, demand-zero) and shoots down the
   * space's TLB entry if the frame changed; a load of a demand-zero page allocates nothing.
   */
  kernelFrame(space: SimSpace, address: number, write: boolean, need: number): number {
    const va = address >>> 0;
    if (!space.alive || va < space.range.start || va >= space.range.end) return KernelAccess.Unmapped;
    const index = this.#tables.leafIndex(space.root, va);
    if (index < 0) return KernelAccess.Unmapped;
    const words = this.#words;
    const pte = words[index]!;
    if ((pte & Pte.U) === 0) return KernelAccess.Unmapped;
    if ((pteProtection(pte) & need) !== need) return KernelAccess.Protection;
    if (!write) {
      if ((pte & (Pte.V | Pte.A)) === Pte.V) words[index] = pte | Pte.A;
      return pteFrame(pte);
    }
    if ((pte & VRW_D) === VRW_D) return pteFrame(pte);
    const resolved = this.#resolve(index, pte, true);
    if (resolved === 0) return KernelAccess.NoMemory;
    const frame = pteFrame(resolved);
    if (frame !== pteFrame(pte)) space.port.flushTlbPage(va);
    return frame;
  }

  /** The leaf entry of `address` in `space` (0: unmapped). */
  leaf(space: SimSpace, address: number): number {
    const index = this.#tables.leafIndex(space.root, address >>> 0);
    return index < 0 ? 0 : this.#words[index]!;
  }

  /** True when the frame of a mapped leaf is private data shared with another space (copy-on-write). */
  isSharedPrivate(frameAddress: number): boolean {
    if (frameAddress < 0) return false;
    const f = frameAddress >>> 12;
    return this.#owner[f] === FrameOwner.Private && this.#refs[f]! > 1;
  }

  /** Drops the frame reference a leaf held (and its shared object's mapping count). */
  releaseLeaf(pte: number): void {
    const frame = pteFrame(pte);
    if (frame < 0) return;
    const f = frame >>> 12;
    const owner = this.#owner[f]!;
    this.#memory.release(f);
    if (owner > 0) this.#objects.unmapped(this.#objects.byId(owner)!);
  }

  /** Takes a frame reference for a new leaf copying `pte` (clone), counting a shared object's mapping. */
  retainLeaf(pte: number): void {
    const frame = pteFrame(pte);
    if (frame < 0) return;
    const f = frame >>> 12;
    this.#memory.retain(f);
    const owner = this.#owner[f]!;
    if (owner > 0) this.#objects.mapped(this.#objects.byId(owner)!);
  }

  /**
   * The fault handler proper, for an access its protection allows: gives the page a frame it may use
   * (a zeroed one for demand-zero; a private copy for a store to a shared private frame) and rewrites
   * the leaf as a valid entry (or a software one, for protections Sv32 cannot express) with `A`, and
   * `D` on a store. Answers the new leaf, or 0 when no frame was free (nothing changed).
   */
  #resolve(index: number, pte: number, write: boolean): number {
    const memory = this.#memory;
    let frame = pteFrame(pte);
    if (frame < 0) {
      const fresh = memory.allocateZeroed(FrameOwner.Private);
      if (fresh < 0) return 0;
      frame = fresh * PAGE_SIZE;
    } else if (write && this.isSharedPrivate(frame)) {
      const copy = memory.allocate(FrameOwner.Private);
      if (copy < 0) return 0;
      memory.bytes.copyWithin(copy * PAGE_SIZE, frame, frame + PAGE_SIZE);
      memory.release(frame >>> 12);
      frame = copy * PAGE_SIZE;
    }
    let updated = leafPte(frame, pteProtection(pte), this.isSharedPrivate(frame));
    if ((updated & Pte.V) !== 0) {
      updated |= ((pte & Pte.V) !== 0 ? pte & (Pte.A | Pte.D) : 0) | Pte.A | (write ? Pte.D : 0);
    }
    this.#words[index] = updated;
    return updated;
  }
}

/** The translation a hart gets for a usable leaf: its frame and permissions (`W` only once dirty). */
function hartTranslation(pte: number): number {
  // R W X as the entry holds them: `W` is already clear on a copy-on-write entry.
  const perms = (pte >>> 1) & 7;
  return pteFrame(pte) + ((pte & (Pte.V | Pte.D)) === Pte.V ? perms & ~2 : perms);
}
