/**
 * Compiles one guest page: discovers its blocks, generates the page function's source and turns
 * it into a JS function with `new Function` — many blocks per call, because V8's per-function costs
 * (parsing, feedback, optimisation) dominate when every block is its own function. Hosts that
 * forbid `new Function` (a strict Content-Security-Policy) simply keep interpreting.
 *
 * @module
 */
import { PAGE_SHIFT } from "../../memory/access";
import { PAGE_FAULT, PAGE_SLOW, type MemoryPort } from "../../memory/memory-port";
import type { FlatMemoryPort } from "../../memory/flat-port";
import type { TranslatedMemoryPort } from "../../memory/translated-port";
import { mulh, mulhsu, mulhu } from "../alu";
import { atomicOp } from "../atomics";
import { discoverBlocks } from "./blocks";
import { ENVIRONMENT, blockIndex, emitPage, type PortShape } from "./emit";

/** A compiled page function: runs the hart from `hart.pcBits` and returns a stop code. */
export type PageFunction = (hart: object) => number;

/** The result of compiling a page. */
export interface CompiledPage {
  /** The page function. */
  readonly fn: PageFunction;
  /** Addresses (32-bit patterns) at which `fn` may be entered. */
  readonly starts: ReadonlySet<number>;
  /** Guest instructions compiled. */
  readonly instructions: number;
  /** The generated source (for debugging and tests). */
  readonly source: string;
}

/** The default cap on instructions per page function (bigger functions optimise late or never). */
export const MAX_PAGE_INSTRUCTIONS = 1024;

function shapeOf(port: MemoryPort): PortShape {
  return port.kind === "flat" ? { kind: "flat" } : { kind: "translated", tlbMask: (port as TranslatedMemoryPort).tlb.mask };
}

/** A page function factory: takes the environment, returns the page function. */
type Factory = (...env: unknown[]) => PageFunction;

/**
 * Factories by source. The same code in another address space (a forked child, another run of the
 * same binary) produces the same source, so it reuses the parsed factory; only the environment differs.
 */
const factories = new Map<string, Factory>();
const MAX_FACTORIES = 64;

function factoryFor(source: string): Factory {
  let factory = factories.get(source);
  if (factory === undefined) {
    factory = new Function(...ENVIRONMENT.map((n) => `${n}$`), source) as Factory;
    if (factories.size >= MAX_FACTORIES) factories.delete(factories.keys().next().value!);
    factories.set(source, factory);
  }
  return factory;
}

function environment(port: MemoryPort, index: Int16Array): unknown[] {
  const flat = port.kind === "flat" ? (port as FlatMemoryPort) : undefined;
  const tlb = port.kind === "translated" ? (port as TranslatedMemoryPort).tlb : undefined;
  const values: Record<(typeof ENVIRONMENT)[number], unknown> = {
    P: port, M8: port.bytes, S8: port.i8, M16: port.u16, S16: port.i16, M32: port.i32,
    F: flat?.flags, RB: flat === undefined ? 0 : flat.regionBase | 0, RM: flat?.regionMask ?? 0, RT: tlb?.readTag, WT: tlb?.writeTag, TH: tlb?.addend,
    AT: atomicOp, MULH: mulh, MULHSU: mulhsu, MULHU: mulhu, IX: index,
  };
  return ENVIRONMENT.map((name) => values[name]);
}

/** Why a page was not compiled: nothing compilable there, or the host forbids `new Function`. */
export type CompileFailure = "not-compilable" | "no-dynamic-code";

/**
 * Compiles the code of page `vpn` reachable from `entries` (32-bit pc patterns). Fails when the
 * page is not plainly executable, nothing is compilable, or the host forbids `new Function`. The
 * caller marks the page as holding code.
 */
export function compilePage(
  port: MemoryPort,
  vpn: number,
  entries: Iterable<number>,
  maxInstructions = MAX_PAGE_INSTRUCTIONS,
): CompiledPage | CompileFailure {
  const pageBase = (vpn << PAGE_SHIFT) >>> 0;
  const host = port.resolvePage(pageBase | 0, "execute");
  if (host === PAGE_FAULT || host === PAGE_SLOW) return "not-compilable";
  const words = port.i32.slice(host >>> 2, (host >>> 2) + 1024);
  const blocks = discoverBlocks(pageBase, words, entries, maxInstructions);
  if (blocks.length === 0) return "not-compilable";
  const name = `page_${pageBase.toString(16)}`;
  const source = emitPage(name, pageBase, blocks, shapeOf(port));
  let fn: PageFunction;
  try {
    fn = factoryFor(source)(...environment(port, blockIndex(pageBase, blocks)));
  } catch {
    return "no-dynamic-code";
  }
  return {
    fn,
    starts: new Set(blocks.map((b) => b.start | 0)),
    instructions: blocks.reduce((n, b) => n + b.insns.length, 0),
    source,
  };
}
