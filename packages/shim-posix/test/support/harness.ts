/**
 * Test harness: a PosixShim over the core's TestPlatform (Isolated) or SharedMemoryTestPlatform, with
 * scripted CPUs and a fake loader that "loads" scripts, so process-core behaviour is tested without
 * the riscv hart (which the shim's package may not import). Also: direct syscall calls on a thread
 * (`call`), a stdout capture, and a snapshot of everything that could leak.
 */
import {
  LiteBox,
  PAGE_SIZE,
  Prot,
  SharedMemoryTestPlatform,
  TestPlatform,
  err,
  ok,
  type Result,
} from "@litebox-ts/core";
import {
  MapProgramSource,
  PosixShim,
  type ImageLoadError,
  type ImageLoader,
  type LoadedImage,
  type PosixShimOptions,
  type PosixThread,
  type SpawnedProgram,
} from "../../src/index";
import { ScriptBook, ScriptCpu, type Step } from "./script-cpu";

/** Scratch data area every fake image maps (read-write). */
export const DATA = 0x0002_0000;
/** Its size. */
export const DATA_SIZE = 16 * PAGE_SIZE;

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** The fake executable of script `name`. */
export function scriptImage(name: string): Uint8Array {
  return encoder.encode(`script:${name}`);
}

/** A loader for fake executables: text page at the script's base, DATA, a stack with argc/argv/envp. */
export function scriptLoader(book: ScriptBook): ImageLoader {
  return (bytes, target, options): Result<LoadedImage, ImageLoadError> => {
    const text = decoder.decode(bytes);
    if (!text.startsWith("script:")) return err({ _tag: "ElfFormatError" });
    let entry: number;
    try {
      entry = book.entry(text.slice(7));
    } catch {
      return err({ _tag: "ElfFormatError" });
    }
    const top = target.range.end;
    const stackBase = top - options.stackSize;
    const maps: Array<[number, number, number]> = [
      [entry, PAGE_SIZE, Prot.Read | Prot.Exec],
      [DATA, DATA_SIZE, Prot.Read | Prot.Write],
      [stackBase, options.stackSize, Prot.Read | Prot.Write],
    ];
    const done: Array<[number, number]> = [];
    for (const [address, length, prot] of maps) {
      const r = target.pages.mapPages(target.space, address, length, prot);
      if (!r.ok) {
        for (const [a, l] of done) target.pages.unmapPages(target.space, a, l);
        return err({ _tag: "ElfMapError" });
      }
      done.push([address, length]);
    }
    // argc, argv[], NULL, envp[], NULL, then the strings, as Linux lays them out.
    const strings = [...options.argv, ...options.envp];
    const pointers = 1 + options.argv.length + 1 + options.envp.length + 1;
    const stringBytes = strings.reduce((n, s) => n + s.length + 1, 0);
    const sp = (top - 64 - stringBytes - pointers * 4) & ~15;
    const words = new Uint32Array(pointers);
    const blob = new Uint8Array(stringBytes);
    let at = 0;
    let w = 0;
    words[w++] = options.argv.length;
    const stringsBase = sp + pointers * 4;
    for (const [i, s] of strings.entries()) {
      if (i === options.argv.length) w++; // argv's NULL
      words[w++] = stringsBase + at;
      blob.set(s, at);
      at += s.length + 1;
    }
    const fault =
      target.memory.writeBytes(target.space, sp, new Uint8Array(words.buffer)) ??
      target.memory.writeBytes(target.space, stringsBase, blob);
    if (fault) {
      for (const [a, l] of done) target.pages.unmapPages(target.space, a, l);
      return err({ _tag: "ElfMapError" });
    }
    return ok({ entry, sp, brk: DATA + DATA_SIZE, stack: { stackBase, stackTop: top } });
  };
}

/** Options of {@link createHarness}. */
export interface HarnessOptions extends Partial<Omit<PosixShimOptions, "loader">> {
  /** Platform kind (default Isolated). */
  readonly kind?: "isolated" | "shared";
  /** Address-space capacity of the test platform. */
  readonly capacity?: number;
  /** Scripts by name; each is also installed in the program source as `/bin/<name>`. */
  readonly scripts?: Record<string, readonly Step[]>;
}

/** A shim over a test platform, with helpers. */
export interface Harness {
  readonly platform: TestPlatform;
  readonly litebox: LiteBox<TestPlatform>;
  readonly shim: PosixShim;
  readonly book: ScriptBook;
  readonly programs: MapProgramSource;
  /** Everything written to fds 1 and 2 of the first program, decoded. */
  readonly output: { stdout: string; stderr: string };
  /** Trace lines. */
  readonly traces: string[];
  /** Spawns script `name` (throws on failure). */
  start(name: string, argv?: readonly string[]): SpawnedProgram;
  /** Runs a syscall on `thread` directly (not through the scheduler); returns a0 as a signed number. */
  call(thread: PosixThread, nr: number, ...args: number[]): Promise<number>;
  /** Writes bytes into the process's memory. */
  poke(thread: PosixThread, address: number, bytes: Uint8Array | string): void;
  /** Reads bytes from the process's memory. */
  peek(thread: PosixThread, address: number, length: number): Uint8Array;
  /** A snapshot of every leak counter. */
  snapshot(): LeakSnapshot;
}

/** Everything that must return to its value when nothing leaks. */
export interface LeakSnapshot {
  readonly processIds: readonly number[];
  readonly liveEntries: number;
  readonly livePipes: number;
  readonly addressSpaces: number;
  readonly mappedPages: number;
  readonly threads: number;
}

/** Builds a harness. */
export function createHarness(options: HarnessOptions = {}): Harness {
  const book = new ScriptBook();
  const programs = new MapProgramSource();
  for (const [name, steps] of Object.entries(options.scripts ?? {})) {
    book.add(name, steps);
    programs.add(`/bin/${name}`, scriptImage(name));
  }
  const Platform = options.kind === "shared" ? SharedMemoryTestPlatform : TestPlatform;
  const platform = new Platform({
    capacity: options.capacity ?? 16,
    createCpu: () => new ScriptCpu(book),
  });
  const litebox = new LiteBox(platform);
  const output = { stdout: "", stderr: "" };
  const traces: string[] = [];
  const shim = new PosixShim(litebox, {
    loader: scriptLoader(book),
    programs,
    stdio: {
      stdout: { write: (b) => void (output.stdout += decoder.decode(b)) },
      stderr: { write: (b) => void (output.stderr += decoder.decode(b)) },
    },
    trace: (line) => void traces.push(line),
    stackSize: 64 * 1024,
    ...options,
  });
  const start = (name: string, argv: readonly string[] = [name]): SpawnedProgram => {
    const r = shim.spawn({ program: `/bin/${name}`, argv });
    if (!r.ok) throw new Error(`spawn ${name}: ${JSON.stringify(r.error)}`);
    return r.value;
  };
  const call = async (thread: PosixThread, nr: number, ...args: number[]): Promise<number> => {
    const cpu = thread.cpu;
    for (let i = 0; i < 6; i++) cpu.setRegister(10 + i, args[i] ?? 0);
    cpu.setRegister(17, nr);
    await shim.syscall(thread.guest);
    return cpu.getRegister(10) | 0;
  };
  const poke = (thread: PosixThread, address: number, bytes: Uint8Array | string): void => {
    const data = typeof bytes === "string" ? encoder.encode(bytes) : bytes;
    const fault = platform.writeBytes(thread.process.space.id as number, address, data);
    if (fault) throw new Error(`poke fault at ${address}`);
  };
  const peek = (thread: PosixThread, address: number, length: number): Uint8Array => {
    const out = new Uint8Array(length);
    const fault = platform.readBytes(thread.process.space.id as number, address, out);
    if (fault) throw new Error(`peek fault at ${address}`);
    return out;
  };
  const snapshot = (): LeakSnapshot => ({
    processIds: litebox.processRegistry().processIds().map(Number),
    liveEntries: litebox.descriptors().liveEntryCount,
    livePipes: litebox.pipes().livePipeCount,
    addressSpaces: platform.liveAddressSpaces,
    mappedPages: platform.mappedPages,
    threads: shim.processes.threadCount,
  });
  return { platform, litebox, shim, book, programs, output, traces, start, call, poke, peek, snapshot };
}
