/**
 * The guest programs under test: where the committed ELFs and their sources are, which arguments
 * the tests use, and the host tools (qemu-riscv32, gcc, the cross compiler) with visible skips.
 */
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

/** The repository's `guest/` folder. */
export const GUEST_DIR = join(dirname(fileURLToPath(import.meta.url)), "../../../../guest");
/** The committed ELFs. */
export const BIN_DIR = join(GUEST_DIR, "bin");

/** One guest program and the small argument the tests run it with. */
export interface GuestProgram {
  /** The ELF's base name in guest/bin. */
  readonly name: string;
  /** Its C source, relative to guest/. */
  readonly source: string;
  /** argv[1..] for a quick test run. */
  readonly args: readonly string[];
  /** Needs brk/mmap (the harness's `malloc` set). */
  readonly allocates?: boolean;
}

/** hello and the compute programs (no heap: write and exit are enough), with quick sizes. */
export const COMPUTE_PROGRAMS: readonly GuestProgram[] = [
  { name: "hello", source: "programs/hello.c", args: [] },
  { name: "crc32", source: "programs/crc32.c", args: ["256"] },
  { name: "sha256", source: "programs/sha256.c", args: ["32"] },
  { name: "qsort", source: "programs/qsort.c", args: ["20000"] },
  { name: "matmul", source: "programs/matmul.c", args: ["48"] },
  { name: "bytecode-vm", source: "programs/bytecode-vm.c", args: ["1"] },
];

/** The libc self-test: compared byte for byte with the glibc build; needs brk and mmap. */
export const LIBC_SELFTEST: GuestProgram = {
  name: "libc-selftest",
  source: "tests/libc-selftest.c",
  args: ["first", "second arg", ""],
  allocates: true,
};

/** The committed ELF of `name`. */
export function readElf(name: string): Uint8Array {
  return new Uint8Array(readFileSync(join(BIN_DIR, `${name}.elf`)));
}

/** Whether `command --version` runs. */
export function toolAvailable(command: string): boolean {
  const r = spawnSync(command, ["--version"], { encoding: "utf8" });
  return r.status === 0;
}

/** The first line of `command --version`, or undefined. */
export function toolVersion(command: string): string | undefined {
  const r = spawnSync(command, ["--version"], { encoding: "utf8" });
  return r.status === 0 ? r.stdout.split("\n")[0] : undefined;
}

/** Whether the committed bin folder exists (it always should). */
export function binPresent(): boolean {
  return existsSync(join(BIN_DIR, "manifest.json"));
}
