/**
 * A test bed for the shim's unit tests: the core's TestPlatform (Isolated or SharedMemory), a fake
 * image loader (one page of `ecall`s at 0x10000, a 64 KiB scratch data area at 0x20000, a stack at
 * the top of the range), and a way to issue a syscall on a thread directly — registers in, the
 * shim's syscall entry, a0 out — without a RISC-V CPU. Not part of the public entry.
 *
 * @module
 */
import {
  ECALL,
  LiteBox,
  PAGE_SIZE,
  Prot,
  Scheduler,
  SharedMemoryTestPlatform,
  TestPlatform,
  err,
  ok,
  type Result,
} from "@litebox-ts/core";
import { HostStream, OutputCollector } from "../host/host-stream";
import type { ImageLoader, ImageLoadError, LoadedImage } from "../process/image";
import { programsFromMap } from "../process/image";
import type { NtProcess } from "../process/process";
import type { NtThread } from "../process/thread";
import { NtShim, type StartedProcess } from "../shim";

/** Where the fake loader puts the ecall page. */
export const CODE_BASE = 0x1_0000;
/** Where the fake loader puts the scratch data area. */
export const SCRATCH_BASE = 0x2_0000;
/** Bytes of the scratch area. */
export const SCRATCH_SIZE = 0x1_0000;
/** Returned by {@link NtTestBed.call} when the calling thread ended. */
export const TERMINATED = "terminated" as const;

/** An image loader for the TestPlatform: bytes[0] === 0x7f is a "valid image"; anything else is malformed. */
export const fakeLoader: ImageLoader = <Id>(
  bytes: Uint8Array,
  target: Parameters<ImageLoader>[1] & { space: Id },
  options: Parameters<ImageLoader>[2],
): Result<LoadedImage, ImageLoadError> => {
  if (bytes[0] !== 0x7f) return err({ _tag: "ElfFormatError" });
  const { pages, memory, space, range } = target;
  const code = pages.mapPages(space, CODE_BASE, PAGE_SIZE, Prot.Read | Prot.Write);
  if (!code.ok) return err({ _tag: "ElfMapError" });
  const words = new Uint8Array(PAGE_SIZE);
  const view = new DataView(words.buffer);
  for (let i = 0; i < PAGE_SIZE; i += 4) view.setUint32(i, ECALL, true);
  memory.writeBytes(space, CODE_BASE, words);
  pages.protectPages(space, CODE_BASE, PAGE_SIZE, Prot.Read | Prot.Exec);
  const scratch = pages.mapPages(space, SCRATCH_BASE, SCRATCH_SIZE, Prot.Read | Prot.Write);
  if (!scratch.ok) {
    pages.unmapPages(space, CODE_BASE, PAGE_SIZE);
    return err({ _tag: "ElfMapError" });
  }
  const stackSize = options.stackSize ?? 64 * 1024;
  const stackTop = range.end;
  const stackBase = stackTop - stackSize;
  const stack = pages.mapPages(space, stackBase, stackSize, Prot.Read | Prot.Write);
  if (!stack.ok) {
    pages.unmapPages(space, CODE_BASE, PAGE_SIZE);
    pages.unmapPages(space, SCRATCH_BASE, SCRATCH_SIZE);
    return err({ _tag: "ElfMapError" });
  }
  return ok({ entry: CODE_BASE, sp: stackTop - 16, stack: { stackBase, stackTop } });
};

/** Options of {@link NtTestBed}. */
export interface TestBedOptions {
  /** Use the SharedMemory test platform. */
  readonly sharedMemory?: boolean;
  /** Address-space capacity. */
  readonly capacity?: number;
  /** Bytes of each space's range (default 16 MiB). */
  readonly rangeSize?: number;
  /** Per-process handle limit. */
  readonly handleLimit?: number;
}

/** A LiteBox with the NT shim over a TestPlatform, and helpers to drive syscalls by hand. */
export class NtTestBed {
  readonly platform: TestPlatform;
  readonly litebox: LiteBox<TestPlatform>;
  readonly scheduler: Scheduler;
  readonly shim: NtShim<TestPlatform>;
  readonly stdout = new OutputCollector();
  readonly programs = new Map<string, Uint8Array>([
    ["/bin/test", new Uint8Array([0x7f, 1])],
    ["/bin/child", new Uint8Array([0x7f, 2])],
    ["/bin/bad", new Uint8Array([0x00])],
  ]);
  readonly traces: string[] = [];
  #scratchNext = new Map<NtProcess, number>();

  constructor(options: TestBedOptions = {}) {
    const platformOptions = { capacity: options.capacity ?? 16, rangeSize: options.rangeSize ?? 16 * 1024 * 1024 };
    this.platform = options.sharedMemory ? new SharedMemoryTestPlatform(platformOptions) : new TestPlatform(platformOptions);
    this.litebox = new LiteBox(this.platform);
    this.scheduler = new Scheduler({ clock: this.platform.time, executor: this.platform });
    this.shim = new NtShim(this.litebox, {
      scheduler: this.scheduler,
      programs: programsFromMap(this.programs),
      loadImage: fakeLoader,
      stackSize: 64 * 1024,
      ...(options.handleLimit === undefined ? {} : { handleLimit: options.handleLimit }),
      trace: (line) => this.traces.push(line),
    });
  }

  /** Starts `/bin/test` (or `path`) from the host with stdout collected. */
  start(path = "/bin/test"): { started: StartedProcess; process: NtProcess; thread: NtThread } {
    const started = this.shim.start({ imagePath: path, stdout: new HostStream({ write: this.stdout.write }) });
    if (!started.ok) throw new Error(`start failed: 0x${started.error.toString(16)}`);
    const process = this.shim.process(started.value.pid)!;
    return { started: started.value, process, thread: [...process.threads][0]! };
  }

  /** The first live thread of `process`. */
  mainThread(process: NtProcess): NtThread {
    return [...process.threads][0]!;
  }

  /** Issues syscall `number` on `thread` with `args`; a0 after the call, or TERMINATED. */
  call(thread: NtThread, number: number, ...args: number[]): number | typeof TERMINATED | Promise<number | typeof TERMINATED> {
    const guest = thread.guest!;
    const cpu = guest.cpu;
    cpu.pc = CODE_BASE;
    cpu.setRegister(17, number);
    for (let i = 0; i < 6; i++) cpu.setRegister(10 + i, args[i] ?? 0);
    const outcome = this.shim.syscall(guest);
    const read = (action: "resume" | "terminate"): number | typeof TERMINATED => (action === "terminate" ? TERMINATED : cpu.getRegister(10));
    return outcome instanceof Promise ? outcome.then(read) : read(outcome);
  }

  /** {@link NtTestBed.call} that must complete synchronously with a status. */
  callSync(thread: NtThread, number: number, ...args: number[]): number {
    const r = this.call(thread, number, ...args);
    if (r instanceof Promise) throw new Error(`syscall ${number} blocked`);
    if (r === TERMINATED) throw new Error(`syscall ${number} ended the thread`);
    return r;
  }

  /** Reserves `size` bytes of `process`'s scratch area (8-aligned) and optionally fills them. */
  alloc(process: NtProcess, size: number, fill?: Uint8Array): number {
    const at = this.#scratchNext.get(process) ?? SCRATCH_BASE;
    const next = at + Math.ceil(Math.max(size, 1) / 8) * 8;
    if (next > SCRATCH_BASE + SCRATCH_SIZE) throw new Error("scratch exhausted");
    this.#scratchNext.set(process, next);
    if (fill) this.write(process, at, fill);
    return at;
  }

  /** Writes bytes into `process`'s memory. */
  write(process: NtProcess, address: number, bytes: Uint8Array): void {
    if (this.platform.writeBytes(process.space as number, address, bytes)) throw new Error(`write fault at ${address}`);
  }

  /** Reads bytes of `process`'s memory. */
  read(process: NtProcess, address: number, length: number): Uint8Array {
    const out = new Uint8Array(length);
    if (this.platform.readBytes(process.space as number, address, out)) throw new Error(`read fault at ${address}`);
    return out;
  }

  /** A u32 of `process`'s memory. */
  u32(process: NtProcess, address: number): number {
    return new DataView(this.read(process, address, 4).buffer).getUint32(0, true);
  }

  /** A fresh u32 cell (an out parameter), initialised to `value`. */
  cell(process: NtProcess, value = 0): number {
    return this.alloc(process, 4, u32Bytes(value));
  }

  /** A NUL-terminated string in `process`'s scratch area. */
  string(process: NtProcess, text: string): number {
    const bytes = new TextEncoder().encode(`${text}\0`);
    return this.alloc(process, bytes.length, bytes);
  }

  /** An array of u32s in scratch. */
  u32s(process: NtProcess, values: readonly number[]): number {
    const bytes = new Uint8Array(values.length * 4);
    values.forEach((v, i) => new DataView(bytes.buffer).setUint32(i * 4, v >>> 0, true));
    return this.alloc(process, bytes.length, bytes);
  }

  /** A LARGE_INTEGER in scratch. */
  i64(process: NtProcess, value: bigint): number {
    const bytes = new Uint8Array(8);
    new DataView(bytes.buffer).setBigInt64(0, value, true);
    return this.alloc(process, 8, bytes);
  }

  /** Lets every pending promise chain settle (the shim's continuations are microtasks). */
  async settle(): Promise<void> {
    for (let i = 0; i < 50; i++) await Promise.resolve();
  }
}

function u32Bytes(value: number): Uint8Array {
  const bytes = new Uint8Array(4);
  new DataView(bytes.buffer).setUint32(0, value >>> 0, true);
  return bytes;
}

/** Fields of an NtCreateUserProcess request built by {@link createProcessBlock}. */
export interface CreateProcessFields {
  readonly image?: string;
  readonly commandLine?: string;
  readonly inheritHandles?: boolean;
  readonly breakaway?: boolean;
  readonly suspended?: boolean;
  readonly processAccess?: number;
  readonly threadAccess?: number;
  readonly processInherit?: boolean;
  readonly std?: readonly [number, number, number];
  readonly parent?: number;
  readonly handleList?: readonly number[];
}

/** Builds an NT_CREATE_PROCESS block in `process`'s scratch area; returns its address. */
export function createProcessBlock(bed: NtTestBed, process: NtProcess, fields: CreateProcessFields = {}): number {
  const image = bed.string(process, fields.image ?? "/bin/child");
  const commandLine = fields.commandLine === undefined ? 0 : bed.string(process, fields.commandLine);
  const list = fields.handleList === undefined ? 0 : bed.u32s(process, fields.handleList);
  return bed.u32s(process, [
    image,
    commandLine,
    (fields.inheritHandles ? 0x4 : 0) | (fields.breakaway ? 0x1 : 0),
    fields.suspended ? 1 : 0,
    fields.processAccess ?? 0x1f_ffff,
    fields.threadAccess ?? 0x1f_ffff,
    fields.processInherit ? 2 : 0,
    0,
    fields.std ? 1 : 0,
    fields.std?.[0] ?? 0,
    fields.std?.[1] ?? 0,
    fields.std?.[2] ?? 0,
    fields.parent ?? 0,
    list,
    fields.handleList?.length ?? 0,
    0,
    0,
    0,
    0,
  ]);
}

/** The outputs of an NtCreateUserProcess block: process handle, thread handle, pid, tid. */
export function createProcessResult(bed: NtTestBed, process: NtProcess, block: number): { process: number; thread: number; pid: number; tid: number } {
  return { process: bed.u32(process, block + 60), thread: bed.u32(process, block + 64), pid: bed.u32(process, block + 68), tid: bed.u32(process, block + 72) };
}
