/* global performance, TextDecoder */
// One measurement in a fresh process, so the JIT's profile of the hart is not shared between the
// two memory models: `node bench/run-guest.mjs <flat|kernel-sim> <guest.elf> <arg> [rounds]` prints
// one JSON line { instructions, ms, output } with the best of `rounds` runs; `node bench/run-guest.mjs
// clone <MiB> [rounds]` prints { cloneMs, breakMs, destroyMs }. Uses the built packages (dist).
import { readFileSync } from "node:fs";
import { FlatMemory, Hart, loadElf } from "@litebox-ts/riscv";
import { KernelSimPlatform } from "../dist/index.js";

const BIN = new URL("../../../guest/bin/", import.meta.url);
const decoder = new TextDecoder();

function value(r) {
  if (!r.ok) throw new Error(JSON.stringify(r.error));
  return r.value;
}

function serve(hart, read) {
  let output = "";
  for (;;) {
    const stop = hart.run(1e12);
    if (stop.kind !== "ecall") throw new Error(JSON.stringify(stop));
    const nr = hart.getRegister(17);
    if (nr === 94 || nr === 93) return output;
    let result = -38;
    if (nr === 64) {
      output += decoder.decode(read(hart.getRegister(11), hart.getRegister(12)));
      result = hart.getRegister(12);
    }
    hart.setRegister(10, result);
    hart.pc += 4;
  }
}

function flat(elf, argv) {
  const memory = new FlatMemory({ size: 64 * 1024 * 1024 });
  const target = {
    mapPages: (_s, a, l, prot) => memory.map(a, l, prot),
    protectPages: (_s, a, l, prot) => memory.protect(a, l, prot),
    unmapPages: (_s, a, l) => memory.unmap(a, l),
    writeBytes: (_s, a, src, o) => memory.writeBytes(a, src, o),
  };
  const loaded = value(loadElf(elf, { pages: target, memory: target, space: 0, range: memory.range }, { argv }));
  const hart = new Hart(memory);
  return { hart, loaded, read: (a, n) => { const o = new Uint8Array(n); memory.readBytes(a, o); return o; } };
}

function kernelSim(elf, argv) {
  const p = new KernelSimPlatform({ memorySize: 64 * 1024 * 1024 });
  const space = value(p.createAddressSpace());
  const loaded = value(loadElf(elf, { pages: p, memory: p, space, range: value(p.addressSpaceRange(space)) }, { argv }));
  const hart = value(p.createCpu(space));
  return { hart, loaded, read: (a, n) => { const o = new Uint8Array(n); p.readBytes(space, a, o); return o; } };
}

function guest(kind, name, arg, rounds) {
  const elf = new Uint8Array(readFileSync(new URL(name, BIN)));
  const argv = [name.replace(/\.elf$/, ""), arg];
  let best = Infinity;
  let instructions = 0;
  let output = "";
  for (let r = 0; r < rounds; r++) {
    const { hart, loaded, read } = (kind === "flat" ? flat : kernelSim)(elf, argv);
    hart.pc = loaded.entry;
    hart.setRegister(2, loaded.sp);
    const t0 = performance.now();
    output = serve(hart, read);
    best = Math.min(best, performance.now() - t0);
    instructions = hart.instructionCount;
  }
  return { instructions, ms: best, output };
}

function clone(mib, rounds) {
  const bytes = mib * 1024 * 1024;
  const p = new KernelSimPlatform({ memorySize: bytes * 2 + 16 * 1024 * 1024 });
  const parent = value(p.createAddressSpace());
  const base = 0x100_0000;
  value(p.mapPages(parent, base, bytes, 3));
  const page = new Uint8Array(4096).fill(1);
  for (let at = base; at < base + bytes; at += 4096) p.writeBytes(parent, at, page);
  const best = { cloneMs: Infinity, breakMs: Infinity, destroyMs: Infinity };
  const one = Uint8Array.of(2);
  for (let r = 0; r < rounds; r++) {
    let t0 = performance.now();
    const child = value(p.cloneAddressSpace(parent));
    best.cloneMs = Math.min(best.cloneMs, performance.now() - t0);
    t0 = performance.now();
    for (let at = base; at < base + bytes; at += 4096) p.writeBytes(child, at, one);
    best.breakMs = Math.min(best.breakMs, performance.now() - t0);
    t0 = performance.now();
    value(p.destroyAddressSpace(child));
    best.destroyMs = Math.min(best.destroyMs, performance.now() - t0);
  }
  return best;
}

const [kind, a, b, c] = process.argv.slice(2);
const result = kind === "clone" ? clone(Number(a), Number(b ?? 5)) : guest(kind, a, b, Number(c ?? 3));
console.log(JSON.stringify(result));
