/**
 * Reads constants out of the host's Linux uapi headers with the host C preprocessor, configured as a
 * riscv32 build would see them (`__BITS_PER_LONG` 32, riscv's `__ARCH_WANT_*` choices). The ABI tests
 * compare the shim's tables with this oracle; without gcc or the headers they skip visibly.
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

/** True when gcc and the asm-generic headers are installed. */
export const hasKernelHeaders =
  existsSync("/usr/include/asm-generic/unistd.h") && spawnSync("gcc", ["--version"]).status === 0;

let includeDir: string | undefined;

function riscv32IncludeDir(): string {
  if (includeDir) return includeDir;
  const dir = mkdtempSync(join(tmpdir(), "rv32-uapi-"));
  mkdirSync(join(dir, "asm"));
  // riscv32's asm/bitsperlong.h: 32-bit longs, then the generic file.
  writeFileSync(join(dir, "asm", "bitsperlong.h"), "#define __BITS_PER_LONG 32\n#include <asm-generic/bitsperlong.h>\n");
  includeDir = dir;
  return dir;
}

/**
 * Every object-like macro the header defines, with symbolic values resolved to numbers where they
 * resolve (`__NR_fcntl64 → __NR3264_fcntl → 25`).
 */
export function headerMacros(header: string, defines: readonly string[] = []): Map<string, number> {
  const run = spawnSync(
    "gcc",
    ["-E", "-dM", `-I${riscv32IncludeDir()}`, ...defines.map((d) => `-D${d}`), "-include", header, "-x", "c", "/dev/null"],
    { encoding: "utf8" },
  );
  if (run.status !== 0) throw new Error(`gcc -E failed for ${header}: ${run.stderr}`);
  const raw = new Map<string, string>();
  for (const line of run.stdout.split("\n")) {
    const m = /^#define (\w+) (.+)$/.exec(line);
    if (m) raw.set(m[1]!, m[2]!.trim());
  }
  const resolved = new Map<string, number>();
  const resolve = (name: string, depth = 0): number | undefined => {
    if (resolved.has(name)) return resolved.get(name);
    const value = raw.get(name);
    if (value === undefined || depth > 8) return undefined;
    const text = value.replace(/^\((.*)\)$/, "$1").trim();
    let n: number | undefined;
    const arith = /^(\w+) \+ (\d+)$/.exec(text);
    if (/^-?(0x[0-9a-fA-F]+|0[0-7]*|[1-9]\d*)[uUlL]*$/.test(text)) {
      const body = text.replace(/[uUlL]+$/, "");
      const negative = body.startsWith("-");
      const digits = negative ? body.slice(1) : body;
      const parsed = digits.startsWith("0x") ? parseInt(digits, 16) : digits.length > 1 && digits.startsWith("0") ? parseInt(digits, 8) : parseInt(digits, 10);
      n = negative ? -parsed : parsed;
    } else if (arith) {
      const base = resolve(arith[1]!, depth + 1);
      n = base === undefined ? undefined : base + Number(arith[2]);
    } else if (/^\w+$/.test(text)) {
      n = resolve(text, depth + 1);
    }
    if (n !== undefined) resolved.set(name, n);
    return n;
  };
  for (const name of raw.keys()) resolve(name);
  return resolved;
}
