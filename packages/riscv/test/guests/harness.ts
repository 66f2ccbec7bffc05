/**
 * A minimal Linux rv32 harness for the guest programs: loads an ELF with the package's loader into a
 * {@link FlatMemory}, runs it on a {@link Hart}, and answers its system calls. In `minimal` mode it
 * implements only write (64), exit (93) and exit_group (94) — every other call gets -ENOSYS, which the
 * SDK copes with (`isatty` says no, so stdout is fully buffered, as with a pipe). `malloc` mode adds
 * just enough brk, mmap2 and munmap for the SDK's allocator.
 */
import { PAGE_SIZE, Prot } from "@litebox-ts/core";
import { FlatMemory } from "../../src/memory/flat-memory";
import { Hart } from "../../src/hart/hart";
import type { HartStop } from "../../src/hart/stop";
import { loadElf } from "../../src/elf/load";
import type { LoadTarget } from "../../src/elf/target";

/** Which system calls the harness serves. */
export type SyscallSet = "minimal" | "malloc";

/** Options of {@link runGuest}. */
export interface RunOptions {
  /** The system calls served (default `minimal`). */
  readonly syscalls?: SyscallSet;
  /** Guest memory in bytes (default 32 MiB). */
  readonly memorySize?: number;
  /** Give up after this many instructions (default 20 billion). */
  readonly maxInstructions?: number;
  /** Hart tier-up threshold (default the hart's). */
  readonly tierUpThreshold?: number;
}

/** What a guest did. */
export interface GuestRun {
  /** Bytes written to fd 1. */
  readonly stdout: Uint8Array;
  /** Bytes written to fd 2. */
  readonly stderr: Uint8Array;
  /** The exit status (low 8 bits of exit_group's argument). */
  readonly exitCode: number;
  /** Instructions retired. */
  readonly instructions: number;
  /** Wall time of the run (loading included), ms. */
  readonly ms: number;
  /** Numbers of the system calls answered with -ENOSYS, with counts. */
  readonly unsupported: ReadonlyMap<number, number>;
}

const ENOSYS = 38;
const EBADF = 9;
const EFAULT = 14;
const ENOMEM = 12;
const EINVAL = 22;
const SLICE = 50_000_000;

class Output {
  #chunks: Uint8Array[] = [];
  #length = 0;
  push(bytes: Uint8Array): void {
    this.#chunks.push(bytes);
    this.#length += bytes.length;
  }
  bytes(): Uint8Array {
    const out = new Uint8Array(this.#length);
    let at = 0;
    for (const c of this.#chunks) {
      out.set(c, at);
      at += c.length;
    }
    return out;
  }
}

/** A guest stopped for a reason the harness does not serve (a fault, an illegal instruction…). */
export class GuestCrash extends Error {
  /** @param stop - why the hart stopped. */
  constructor(readonly stop: HartStop) {
    super(`guest stopped: ${JSON.stringify(stop)}`);
    this.name = "GuestCrash";
  }
}

/** Loads `elf` with `argv` and runs it to its exit. Throws {@link GuestCrash} on a trap it cannot serve. */
export function runGuest(elf: Uint8Array, argv: readonly string[], options: RunOptions = {}): GuestRun {
  const t0 = performance.now();
  const memory = new FlatMemory({ size: options.memorySize ?? 32 * 1024 * 1024 });
  const target: LoadTarget<0> = {
    pages: {
      mapPages: (_s, address, length, prot) => memory.map(address, length, prot),
      protectPages: (_s, address, length, prot) => memory.protect(address, length, prot),
      unmapPages: (_s, address, length) => memory.unmap(address, length),
    },
    memory: { writeBytes: (_s, address, src) => memory.writeBytes(address, src) },
    space: 0,
    // Page 0 stays unmapped, so null pointers fault.
    range: { start: PAGE_SIZE, end: memory.range.end },
  };
  const loaded = loadElf(elf, target, { argv, envp: [] });
  if (!loaded.ok) throw new Error(`load failed: ${JSON.stringify(loaded.error)}`);
  const hart = new Hart(memory, options.tierUpThreshold === undefined ? {} : { tierUpThreshold: options.tierUpThreshold });
  hart.pc = loaded.value.entry;
  hart.setRegister(2, loaded.value.sp);

  const stdout = new Output();
  const stderr = new Output();
  const unsupported = new Map<number, number>();
  const malloc = options.syscalls === "malloc";
  const brkStart = loaded.value.brk;
  let brk = brkStart;
  // Anonymous mappings grow down from below the stack, leaving a guard page.
  let mmapTop = loaded.value.stack.stackBase - PAGE_SIZE;
  const limit = options.maxInstructions ?? 20e9;

  const syscall = (n: number, a0: number, a1: number, a2: number, a3: number): number => {
    switch (n) {
      case 64: { // write(fd, buf, count)
        if (a0 !== 1 && a0 !== 2) return -EBADF;
        const bytes = new Uint8Array(a2);
        if (memory.readBytes(a1, bytes) !== undefined) return -EFAULT;
        (a0 === 1 ? stdout : stderr).push(bytes);
        return a2;
      }
      case 214: { // brk(addr)
        if (!malloc) break;
        if (a0 < brkStart || a0 >= mmapTop) return brk;
        const from = Math.ceil(brk / PAGE_SIZE) * PAGE_SIZE;
        const to = Math.ceil(a0 / PAGE_SIZE) * PAGE_SIZE;
        if (to > from && !memory.map(from, to - from, Prot.Read | Prot.Write).ok) return brk;
        brk = a0;
        return brk;
      }
      case 222: { // mmap2(addr, length, prot, flags, fd, pgoff): anonymous private only
        if (!malloc) break;
        const MAP_ANONYMOUS = 0x20;
        if ((a3 & MAP_ANONYMOUS) === 0 || a1 === 0) return -EINVAL;
        const length = Math.ceil(a1 / PAGE_SIZE) * PAGE_SIZE;
        const at = mmapTop - length;
        if (at <= Math.ceil(brk / PAGE_SIZE) * PAGE_SIZE) return -ENOMEM;
        if (!memory.map(at, length, a2 & 7).ok) return -ENOMEM;
        mmapTop = at - PAGE_SIZE;
        return at;
      }
      case 215: { // munmap(addr, length)
        if (!malloc) break;
        return memory.unmap(a0, a1).ok ? 0 : -EINVAL;
      }
      default:
        break;
    }
    unsupported.set(n, (unsupported.get(n) ?? 0) + 1);
    return -ENOSYS;
  };

  for (;;) {
    if (hart.instructionCount >= limit) throw new Error(`guest ran past ${limit} instructions`);
    const stop = hart.run(SLICE);
    if (stop.kind === "budget") continue;
    if (stop.kind !== "ecall") throw new GuestCrash(stop);
    const n = hart.getRegister(17);
    if (n === 93 || n === 94) {
      return {
        stdout: stdout.bytes(),
        stderr: stderr.bytes(),
        exitCode: hart.getRegister(10) & 0xff,
        instructions: hart.instructionCount,
        ms: performance.now() - t0,
        unsupported,
      };
    }
    const r = syscall(n, hart.getRegister(10), hart.getRegister(11), hart.getRegister(12), hart.getRegister(13));
    hart.setRegister(10, r);
    hart.pc = stop.pc + 4;
  }
}
