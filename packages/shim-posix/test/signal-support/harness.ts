/**
 * A shim over the core's test platforms whose threads run real RV32I code ({@link MiniCpu}): a
 * "program" is a list of instruction words loaded at {@link TEXT}, with a data area at {@link DATA}
 * and a stack at the top of the range. Signal tests write handlers in it, so delivery, the frame, the
 * trampoline and rt_sigreturn are exercised end to end.
 */
import { LiteBox, PAGE_SIZE, Prot, SharedMemoryTestPlatform, TestPlatform, err, ok, type Result } from "@litebox-ts/core";
import {
  INSTALLERS,
  MapProgramSource,
  PosixShim,
  type ImageLoadError,
  type ImageLoader,
  type Installer,
  type LoadedImage,
  type PosixProcess,
  type PosixShimOptions,
  type PosixThread,
  type SpawnedProgram,
} from "../../src/index";
import { MiniCpu } from "./mini-cpu";

/** Where program text is loaded. */
export const TEXT = 0x0001_0000;
/** A read-write data area. */
export const DATA = 0x0002_0000;
/** Its size. */
export const DATA_SIZE = 16 * PAGE_SIZE;
/** Stack bytes mapped below the top of the range. */
export const STACK_SIZE = 64 * 1024;

const MAGIC = 0x4d49_4e49; // "MINI"

/** A program's bytes: a magic word, then the instructions. */
export function programBytes(words: readonly number[]): Uint8Array {
  const out = new Uint8Array(4 + words.length * 4);
  const view = new DataView(out.buffer);
  view.setUint32(0, MAGIC, true);
  words.forEach((w, k) => view.setUint32(4 + k * 4, w >>> 0, true));
  return out;
}

/** Builds programs with labels (addresses from {@link TEXT}). */
export class Program {
  readonly words: number[] = [];

  /** Address of the next instruction. */
  here(): number {
    return TEXT + this.words.length * 4;
  }

  /** Appends instructions; returns the address of the first. */
  emit(...words: Array<number | readonly number[]>): number {
    const at = this.here();
    for (const w of words) {
      if (typeof w === "number") this.words.push(w);
      else this.words.push(...w);
    }
    return at;
  }

  /** Replaces the word at `address` (forward branches). */
  patch(address: number, word: number): void {
    this.words[(address - TEXT) / 4] = word;
  }
}

const loader: ImageLoader = <Id>(bytes: Uint8Array, target: Parameters<ImageLoader>[1] & { space: Id }): Result<LoadedImage, ImageLoadError> => {
  if (bytes.length < 4 || new DataView(bytes.buffer, bytes.byteOffset).getUint32(0, true) !== MAGIC) return err({ _tag: "ElfFormatError" });
  const code = bytes.subarray(4);
  const textLength = Math.max(PAGE_SIZE, Math.ceil(code.length / PAGE_SIZE) * PAGE_SIZE);
  const top = target.range.end;
  const stackBase = top - STACK_SIZE;
  const maps: Array<[number, number, number]> = [
    [TEXT, textLength, Prot.Read | Prot.Exec],
    [DATA, DATA_SIZE, Prot.Read | Prot.Write],
    [stackBase, STACK_SIZE, Prot.Read | Prot.Write],
  ];
  for (const [address, length, prot] of maps) {
    if (!target.pages.mapPages(target.space, address, length, prot).ok) return err({ _tag: "ElfMapError" });
  }
  if (target.memory.writeBytes(target.space, TEXT, code, { force: true })) return err({ _tag: "ElfMapError" });
  return ok({ entry: TEXT, sp: top - 256, brk: DATA + DATA_SIZE, stack: { stackBase, stackTop: top } });
};

/** A signal-test shim. */
export interface SignalHarness {
  readonly platform: TestPlatform;
  readonly litebox: LiteBox<TestPlatform>;
  readonly shim: PosixShim;
  readonly programs: MapProgramSource;
  /** What fd 1 received. */
  readonly stdout: () => string;
  /** Trace lines. */
  readonly traces: string[];
  /** Spawns `program` (throws on failure). */
  spawn(program: Program | readonly number[]): SpawnedProgram;
  /** Writes bytes into a process's memory (ignoring protection). */
  poke(process: PosixProcess, address: number, bytes: Uint8Array): void;
  /** Writes little-endian 32-bit words. */
  pokeWords(process: PosixProcess, address: number, words: readonly number[]): void;
  /** Reads bytes from a process's memory. */
  peek(process: PosixProcess, address: number, length: number): Uint8Array;
  /** Reads a little-endian 32-bit word. */
  peekWord(process: PosixProcess, address: number): number;
  /** Runs syscall `nr` on `thread` directly (not through the scheduler); returns a0 as a signed number. */
  call(thread: PosixThread, nr: number, ...args: number[]): Promise<number>;
}

/** Builds a harness on the Isolated (default) or SharedMemory test platform. */
export function signalHarness(
  kind: "isolated" | "shared" = "isolated",
  options: Partial<PosixShimOptions> = {},
  installers: readonly Installer[] = INSTALLERS,
): SignalHarness {
  const Platform = kind === "shared" ? SharedMemoryTestPlatform : TestPlatform;
  const platform = new Platform({ capacity: 16, createCpu: (_space, p) => new MiniCpu(p) });
  const litebox = new LiteBox(platform);
  const programs = new MapProgramSource();
  let out = "";
  const traces: string[] = [];
  const decoder = new TextDecoder();
  const shim = new PosixShim(
    litebox,
    {
      loader,
      programs,
      stdio: { stdout: { write: (b) => void (out += decoder.decode(b)) } },
      trace: (line) => void traces.push(line),
      stackSize: STACK_SIZE,
      quantum: 10_000,
      ...options,
    },
    installers,
  );
  const spawn = (program: Program | readonly number[]): SpawnedProgram => {
    const words = program instanceof Program ? program.words : program;
    const r = shim.spawn({ program: programBytes(words), argv: ["test"] });
    if (!r.ok) throw new Error(`spawn: ${JSON.stringify(r.error)}`);
    return r.value;
  };
  const space = (p: PosixProcess): number => p.space.id as number;
  const poke = (p: PosixProcess, address: number, bytes: Uint8Array): void => {
    if (platform.writeBytes(space(p), address, bytes, { force: true })) throw new Error(`poke fault at ${address}`);
  };
  const pokeWords = (p: PosixProcess, address: number, words: readonly number[]): void => {
    const bytes = new Uint8Array(words.length * 4);
    words.forEach((w, k) => new DataView(bytes.buffer).setUint32(k * 4, w >>> 0, true));
    poke(p, address, bytes);
  };
  const peek = (p: PosixProcess, address: number, length: number): Uint8Array => {
    const bytes = new Uint8Array(length);
    if (platform.readBytes(space(p), address, bytes, { force: true })) throw new Error(`peek fault at ${address}`);
    return bytes;
  };
  const peekWord = (p: PosixProcess, address: number): number => new DataView(peek(p, address, 4).buffer).getUint32(0, true);
  const call = async (thread: PosixThread, nr: number, ...args: number[]): Promise<number> => {
    const cpu = thread.cpu;
    for (let k = 0; k < 6; k++) cpu.setRegister(10 + k, args[k] ?? 0);
    cpu.setRegister(17, nr);
    await shim.syscall(thread.guest);
    return cpu.getRegister(10) | 0;
  };
  return { platform, litebox, shim, programs, stdout: () => out, traces, spawn, poke, pokeWords, peek, peekWord, call };
}
