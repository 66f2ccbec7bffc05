/**
 * The code cache of one address space (one memory port), shared by every hart running in it. It
 * counts block entries reported by the run loop, compiles a page once an entry gets hot, finds the
 * compiled function for a pc through a direct-mapped table, and drops a page's code when the port
 * reports a store to it or the platform invalidates it.
 *
 * @module
 */
import { PAGE_SHIFT } from "../memory/access";
import type { FlatMemoryPort } from "../memory/flat-port";
import type { CodeObserver, MemoryPort } from "../memory/memory-port";
import { compilePage, type PageFunction } from "./compiler/compile-page";

export type { PageFunction } from "./compiler/compile-page";

const LOOKUP_SIZE = 4096;
const HOT_SIZE = 4096;
/** Recompilations of one page (to add newly hot entries) before it is left as it is. */
const MAX_RECOMPILES = 16;
/** A pc that cannot be compiled is not counted again until another pc takes its slot. */
const NEVER = -(2 ** 30);
/** Never a valid (4-byte aligned) pc. */
const EMPTY = 1;

interface Page {
  readonly fn: PageFunction;
  readonly starts: ReadonlySet<number>;
  readonly recompiles: number;
}

const caches = new WeakMap<MemoryPort, CodeCache>();

/** Statistics of a code cache (for tests and the benchmark). */
export interface CodeCacheStats {
  /** Pages compiled (recompilations included). */
  compiles: number;
  /** Guest instructions compiled. */
  instructions: number;
  /** Pages dropped by invalidation. */
  invalidations: number;
}

/** The code cache of one address space. See the module documentation. */
export class CodeCache implements CodeObserver {
  /** Counters. */
  readonly stats: CodeCacheStats = { compiles: 0, instructions: 0, invalidations: 0 };
  readonly #port: MemoryPort;
  readonly #lookupPc = new Int32Array(LOOKUP_SIZE).fill(EMPTY);
  readonly #lookupFn: (PageFunction | undefined)[] = new Array<PageFunction | undefined>(LOOKUP_SIZE).fill(undefined);
  readonly #hotPc = new Int32Array(HOT_SIZE).fill(EMPTY);
  readonly #hotCount = new Int32Array(HOT_SIZE);
  readonly #pages = new Map<number, Page>();
  /** Addresses that reach the same host page are equal under this mask (flat regions alias). */
  readonly #aliasMask: number;
  #enabled = true;

  private constructor(port: MemoryPort) {
    this.#port = port;
    this.#aliasMask = port.kind === "flat" ? (port as FlatMemoryPort).regionMask & -4096 : -4096;
    port.codeObserver = this;
  }

  /** The code cache of `port`, created on first use. */
  static of(port: MemoryPort): CodeCache {
    let cache = caches.get(port);
    if (cache === undefined) {
      cache = new CodeCache(port);
      caches.set(port, cache);
    }
    return cache;
  }

  /** The compiled function that can be entered at `pc`, if any. */
  lookup(pc: number): PageFunction | undefined {
    const i = (pc >>> 2) & (LOOKUP_SIZE - 1);
    if (this.#lookupPc[i] === pc) return this.#lookupFn[i];
    const page = this.#pages.get(pc >>> PAGE_SHIFT);
    const fn = page !== undefined && page.starts.has(pc) ? page.fn : undefined;
    // Misses are cached too, so interpreted code pays one compare per block.
    this.#lookupPc[i] = pc;
    this.#lookupFn[i] = fn;
    return fn;
  }

  /**
   * Counts an entry at `pc` (not compiled). Once it has been seen `threshold` times its page is
   * compiled; answers true if `pc` can now be entered in compiled code.
   */
  noteEntry(pc: number, threshold: number): boolean {
    const i = (pc >>> 2) & (HOT_SIZE - 1);
    if (this.#hotPc[i] !== pc) {
      this.#hotPc[i] = pc;
      this.#hotCount[i] = 0;
    }
    const count = ++this.#hotCount[i]!;
    if (count < threshold || !this.#enabled) return false;
    // A page already compiled is recompiled (to add this entry) only after exponentially more
    // entries each time: V8's cost of a page function is paid per compilation.
    const page = this.#pages.get(pc >>> PAGE_SHIFT);
    if (page !== undefined && count < threshold * 2 ** (page.recompiles + 1)) return false;
    this.#hotCount[i] = NEVER;
    return this.#compile(pc);
  }

  #compile(pc: number): boolean {
    const vpn = pc >>> PAGE_SHIFT;
    const old = this.#pages.get(vpn);
    if (old !== undefined && old.recompiles >= MAX_RECOMPILES) return false;
    const entries = new Set<number>(old?.starts ?? []);
    entries.add(pc);
    // Every entry seen on this page so far, hot or not, so one compilation covers them.
    for (let i = 0; i < HOT_SIZE; i++) {
      const seen = this.#hotPc[i]!;
      if (seen !== EMPTY && seen >>> PAGE_SHIFT === vpn) entries.add(seen);
    }
    const compiled = compilePage(this.#port, vpn, entries);
    if (typeof compiled === "string") {
      if (compiled === "no-dynamic-code") this.#enabled = false;
      return false;
    }
    this.#port.markCode(pc);
    this.#pages.set(vpn, { fn: compiled.fn, starts: compiled.starts, recompiles: (old?.recompiles ?? -1) + 1 });
    this.stats.compiles++;
    this.stats.instructions += compiled.instructions;
    this.#clearLookup();
    return compiled.starts.has(pc);
  }

  /** {@inheritDoc CodeObserver.codeInvalidated} */
  codeInvalidated(pageAddress: number): void {
    // On a flat region, guest pages whose addresses differ above the region size are one page:
    // drop the code compiled through every alias.
    const key = pageAddress & this.#aliasMask;
    let dropped = false;
    for (const vpn of [...this.#pages.keys()]) {
      if (((vpn << PAGE_SHIFT) & this.#aliasMask) === key) dropped = this.#pages.delete(vpn) || dropped;
    }
    if (dropped) {
      this.stats.invalidations++;
      this.#clearLookup();
    }
  }

  /** Whether compiled code exists for the page holding `address`. */
  hasPage(address: number): boolean {
    return this.#pages.has(address >>> PAGE_SHIFT);
  }

  #clearLookup(): void {
    this.#lookupPc.fill(EMPTY);
    this.#lookupFn.fill(undefined);
  }
}
