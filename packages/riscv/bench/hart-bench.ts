/**
 * `pnpm bench`: MIPS of the hart on the flat and the translated memory path, against
 * qemu-riscv32 on the same binaries in the same run. Programs: a hand-assembled tight loop, a
 * load/store loop, and the C compute guests of guest/bin (their default sizes). Each measurement is
 * the best of LITEBOX_BENCH_REPEAT runs (default 3) in one process. Times are CPU times (user +
 * system: the hart's process during the run, V8's compiler threads included; qemu's process through
 * /usr/bin/time, minus its start-up measured on an ELF that exits at once), which stay meaningful on a
 * shared, busy machine; without /usr/bin/time both sides use wall time. Nothing is asserted.
 *
 * Options: LITEBOX_BENCH_REPEAT=n, LITEBOX_BENCH_ONLY=name,name (e.g. tight-loop,crc32).
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "vitest";
import { Assembler, ECALL, Reg, aluI, branch, load, store } from "../test/fuzz/asm";
import { writeElf } from "../test/fuzz/elf";
import { qemuAvailable, runQemuFile } from "../test/fuzz/qemu";
import { runTimed, type MemoryPath } from "./harness";

const REPEAT = Number(process.env.LITEBOX_BENCH_REPEAT ?? 3);
const ONLY = process.env.LITEBOX_BENCH_ONLY?.split(",");
const GUEST_BIN = new URL("../../../guest/bin/", import.meta.url).pathname;
const TEXT = 0x10000;
const DATA = 0x100000;

function exitSequence(a: Assembler): void {
  a.emit(aluI("addi", Reg.a0, 0, 0), aluI("addi", Reg.a7, 0, 93), ECALL);
}

/** `n` iterations of `addi; bne`: 2n + 4 instructions. */
function tightLoop(n: number): Uint8Array {
  const a = new Assembler(TEXT);
  a.li(Reg.t0, n).label("loop").emit(aluI("addi", Reg.t0, Reg.t0, -1)).toLabel("loop", (o) => branch("bne", Reg.t0, 0, o));
  exitSequence(a);
  return writeElf(TEXT, [{ vaddr: TEXT, data: a.bytes(), memsz: a.bytes().length, flags: "r-x" }]);
}

/** A loop summing and rewriting a 64 KiB array word by word (a load and a store per 6 instructions). */
function memoryLoop(passes: number): Uint8Array {
  const a = new Assembler(TEXT);
  a.li(Reg.s0, passes).li(Reg.s1, DATA);
  a.label("pass").emit(aluI("addi", Reg.a0, Reg.s1, 0)).li(Reg.a1, DATA + 65536);
  a.label("loop").emit(load("lw", Reg.t0, Reg.a0, 0), aluI("addi", Reg.t0, Reg.t0, 1), store("sw", Reg.t0, Reg.a0, 0));
  a.emit(aluI("addi", Reg.a0, Reg.a0, 4)).toLabel("loop", (o) => branch("bltu", Reg.a0, Reg.a1, o));
  a.emit(aluI("addi", Reg.s0, Reg.s0, -1)).toLabel("pass", (o) => branch("bne", Reg.s0, 0, o));
  exitSequence(a);
  return writeElf(TEXT, [
    { vaddr: TEXT, data: a.bytes(), memsz: a.bytes().length, flags: "r-x" },
    { vaddr: DATA, data: new Uint8Array(0), memsz: 65536, flags: "rw-" },
  ]);
}

function exitAtOnce(): Uint8Array {
  const a = new Assembler(TEXT);
  exitSequence(a);
  return writeElf(TEXT, [{ vaddr: TEXT, data: a.bytes(), memsz: a.bytes().length, flags: "r-x" }]);
}

interface Program {
  readonly name: string;
  readonly elf: Uint8Array;
}

function programs(): Program[] {
  const list: Program[] = [
    { name: "tight-loop", elf: tightLoop(500_000_000) },
    { name: "load-store-loop", elf: memoryLoop(6000) },
  ];
  for (const name of ["crc32", "sha256", "qsort", "matmul", "bytecode-vm"]) {
    const file = join(GUEST_BIN, `${name}.elf`);
    if (existsSync(file)) list.push({ name, elf: new Uint8Array(readFileSync(file)) });
  }
  return list.filter((p) => ONLY === undefined || ONLY.includes(p.name));
}

const decoder = new TextDecoder();
const pad = (s: string, n: number): string => s.padStart(n);

test("hart MIPS vs qemu-riscv32", () => {
  const withQemu = qemuAvailable();
  const dir = mkdtempSync(join(tmpdir(), "litebox-bench-"));
  const lines: string[] = [];
  const log = (s: string): void => {
    lines.push(s);
    console.log(s);
  };
  try {
    let qemuStartup = 0;
    let cpu = true;
    if (withQemu) {
      const file = join(dir, "exit.elf");
      writeFileSync(file, exitAtOnce(), { mode: 0o755 });
      const runs = Array.from({ length: 5 }, () => runQemuFile(file));
      cpu = runs.every((r) => !Number.isNaN(r.cpuMs));
      qemuStartup = Math.min(...runs.map((r) => (cpu ? r.cpuMs : r.ms)));
    }
    log(`node ${process.version}, best of ${REPEAT}, ${cpu ? "CPU" : "wall"} time; qemu start-up ${qemuStartup.toFixed(1)} ms subtracted`);
    log(`${"program".padEnd(16)}${pad("instructions", 14)}${pad("flat MIPS", 11)}${pad("transl MIPS", 13)}${pad("transl/flat", 13)}${pad("qemu MIPS", 11)}${pad("flat/qemu", 11)}${pad("transl/qemu", 13)}`);
    for (const p of programs()) {
      const best: Partial<Record<MemoryPath, number>> = {};
      let instructions = 0;
      let output = "";
      for (const path of ["flat", "translated"] as const) {
        for (let i = 0; i < REPEAT; i++) {
          const r = runTimed(p.elf, [p.name], path);
          instructions = r.instructions;
          output = decoder.decode(r.output);
          best[path] = Math.min(best[path] ?? Infinity, cpu ? r.cpuMs : r.ms);
        }
      }
      let qemuMs = NaN;
      if (withQemu) {
        const file = join(dir, `${p.name}.elf`);
        writeFileSync(file, p.elf, { mode: 0o755 });
        for (let i = 0; i < REPEAT; i++) {
          const q = runQemuFile(file, []);
          if (decoder.decode(q.stdout) !== output) throw new Error(`${p.name}: qemu and the hart disagree`);
          qemuMs = Math.min(Number.isNaN(qemuMs) ? Infinity : qemuMs, (cpu ? q.cpuMs : q.ms) - qemuStartup);
        }
      }
      const mips = (ms: number | undefined): number => instructions / ((ms ?? NaN) * 1000);
      const flat = mips(best.flat);
      const translated = mips(best.translated);
      const qemu = mips(qemuMs);
      log(`${p.name.padEnd(16)}${pad(String(instructions), 14)}${pad(flat.toFixed(0), 11)}${pad(translated.toFixed(0), 13)}${pad((translated / flat).toFixed(2), 13)}`
        + `${pad(withQemu ? qemu.toFixed(0) : "-", 11)}${pad(withQemu ? (flat / qemu).toFixed(2) : "-", 11)}${pad(withQemu ? (translated / qemu).toFixed(2) : "-", 13)}`);
    }
    if (!withQemu) log("qemu-riscv32 not found (Debian package qemu-user): no qemu column");
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
