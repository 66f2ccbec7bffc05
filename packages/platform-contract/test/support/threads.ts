/**
 * Hand-encoded multi-threaded guests for the scheduler tests: two threads of one process racing on a
 * counter (LR/SC or plain load/store), and threads blocked on pipes. Each program is placed at low
 * addresses that are valid on both platforms (a SharedMemory platform re-bases them into the region).
 */
import { PAGE_SIZE, Prot, Scheduler, type CpuContext, type Provider, type RunReport } from "@litebox-ts/core";
import { ECALL, Reg, addi, bne, li, lrW, lw, program, scW, sw } from "../../src/index";
import { testProcess, testShim, type TestProcess } from "./test-shim";

/** Where the programs live. */
export const CODE = 0x10000;
/** The shared counter (or a read buffer). */
export const DATA = 0x20000;
/** Top of the first thread's stack; each thread's stack is 16 KiB below its own top. */
export const STACKS = 0x40000;
const STACK_SIZE = 4 * PAGE_SIZE;

const exit = (): number[] => [addi(Reg.a7, Reg.zero, 93), addi(Reg.a0, Reg.zero, 0), ECALL];

/** `n` increments of the counter at DATA with an lr.w / addi / sc.w / bnez-retry loop, then exit. */
export function lrScIncrements(n: number): Uint8Array {
  return program([
    ...li(Reg.t0, DATA), // 0
    ...li(Reg.t2, n), // 8
    lrW(Reg.t1, Reg.t0), // 16: retry / next iteration
    addi(Reg.t1, Reg.t1, 1), // 20
    scW(Reg.a1, Reg.t1, Reg.t0), // 24
    bne(Reg.a1, Reg.zero, -12), // 28: sc failed → retry
    sw(Reg.t2, Reg.sp, -4), // 32: a store to this thread's own stack
    addi(Reg.t2, Reg.t2, -1), // 36
    bne(Reg.t2, Reg.zero, -24), // 40
    ...exit(),
  ]);
}

/** `n` increments with a plain lw / addi / sw (racy: a preemption between lw and sw loses an update). */
export function racyIncrements(n: number): Uint8Array {
  return program([
    ...li(Reg.t0, DATA), // 0
    ...li(Reg.t2, n), // 8
    lw(Reg.t1, Reg.t0, 0), // 16
    addi(Reg.t1, Reg.t1, 1), // 20
    sw(Reg.t1, Reg.t0, 0), // 24
    addi(Reg.t2, Reg.t2, -1), // 28
    bne(Reg.t2, Reg.zero, -16), // 32
    ...exit(),
  ]);
}

/** `read(fd, DATA, 1)` then exit; `write(fd, DATA, 1)` first when `writeFd` is given. */
export function readPipe(fd: number, writeFd?: number): Uint8Array {
  const write = writeFd === undefined ? [] : [
    addi(Reg.a0, Reg.zero, writeFd), ...li(Reg.a1, DATA), addi(Reg.a2, Reg.zero, 1), addi(Reg.a7, Reg.zero, 64), ECALL,
  ];
  return program([...write, addi(Reg.a0, Reg.zero, fd), ...li(Reg.a1, DATA), addi(Reg.a2, Reg.zero, 1), addi(Reg.a7, Reg.zero, 63), ECALL, ...exit()]);
}

function must<T>(r: { ok: true; value: T } | { ok: false; error: unknown }, what: string): T {
  if (!r.ok) throw new Error(`${what}: ${String(r.error)}`);
  return r.value;
}

/** A new space with `code` at CODE (RX), a data page at DATA (RW) and `stacks` stacks below STACKS. */
export function spaceWith(platform: Provider<unknown>, code: Uint8Array, stacks: number): unknown {
  const space = must(platform.createAddressSpace(), "createAddressSpace");
  must(platform.mapPages(space, CODE, PAGE_SIZE, Prot.Read | Prot.Write), "mapPages(code)");
  if (platform.writeBytes(space, CODE, code)) throw new Error("writeBytes(code)");
  must(platform.protectPages(space, CODE, PAGE_SIZE, Prot.Read | Prot.Exec), "protectPages(code)");
  must(platform.mapPages(space, DATA, PAGE_SIZE, Prot.Read | Prot.Write), "mapPages(data)");
  must(platform.mapPages(space, STACKS - stacks * STACK_SIZE, stacks * STACK_SIZE, Prot.Read | Prot.Write), "mapPages(stacks)");
  return space;
}

/** A CPU in `space` at CODE with the stack of thread `index`. */
export function threadCpu(platform: Provider<unknown>, space: unknown, index: number): CpuContext {
  const cpu = must(platform.createCpu(space), "createCpu");
  cpu.pc = CODE;
  cpu.setRegister(Reg.sp, STACKS - index * STACK_SIZE);
  return cpu;
}

/** The outcome of a race. */
export interface RaceRun {
  /** The counter's final value. */
  readonly counter: number;
  /** Every slice (thread, instruction counts at its start and end) and trap, in order. */
  readonly transcript: readonly string[];
  /** Instructions retired by each thread. */
  readonly instructions: readonly number[];
  /** How the run ended. */
  readonly report: RunReport;
}

/**
 * Runs two threads of one process executing `code` under a Scheduler with `seed` (quanta of 1..`quantum`
 * instructions, random thread choice), recording every slice through the scheduler's executor hook.
 */
export async function race(platform: Provider<unknown>, code: Uint8Array, seed: number, quantum = 48): Promise<RaceRun> {
  const space = spaceWith(platform, code, 2);
  const cpus = [threadCpu(platform, space, 0), threadCpu(platform, space, 1)];
  const transcript: string[] = [];
  const names = new Map<CpuContext, string>(cpus.map((c, i) => [c, `T${i}`]));
  let current: CpuContext | undefined;
  const executor = {
    setCurrentCpu(cpu: CpuContext | undefined): CpuContext | undefined {
      if (cpu) transcript.push(`${names.get(cpu)}[${cpu.instructionCount}`);
      else if (current) transcript.push(`${current.instructionCount}]`);
      current = cpu;
      return platform.setCurrentCpu(cpu);
    },
  };
  const scheduler = new Scheduler({ clock: platform.time, quantum, seed, executor });
  const shim = testShim(platform, transcript);
  cpus.forEach((cpu, i) => scheduler.spawn(cpu, space, shim, testProcess(`T${i}`, space)));
  const report = await scheduler.run();
  const counter = must(platform.readU32(space, DATA), "readU32(counter)");
  must(platform.destroyAddressSpace(space), "destroyAddressSpace");
  return { counter, transcript, instructions: cpus.map((c) => c.instructionCount), report };
}

/** State of a thread in the pipe tests. */
export type PipeThread = TestProcess;
