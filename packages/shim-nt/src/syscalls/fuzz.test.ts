/**
 * Acceptance 3: hostile arguments to every syscall of the table (and to numbers outside it) give an
 * NTSTATUS of the closed set — never a host exception — and leave nothing behind. Each run builds a
 * process holding one object of every type, fills its scratch memory with random words salted with
 * useful pointers, and issues a short random sequence of calls whose arguments mix valid handles of
 * every type, pseudo-handles, junk handles, pointers into the scratch area, into unmapped memory,
 * outside the range and across its end, and lengths from 0 to 2^32 − 1. Blocking calls are released
 * by moving the clock and, failing that, by terminating the process; afterwards every process is
 * terminated and released and the LiteBox must be empty again.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { isNtStatus } from "../abi/status";
import { NT_SYSCALL_NAMES, NtSyscall } from "../abi/syscalls";
import { NtTestBed, SCRATCH_BASE, SCRATCH_SIZE, TERMINATED, createProcessBlock } from "../testing/test-bed";

const NUMBERS = [...NT_SYSCALL_NAMES.keys()];
/** Runs per property; NT_FUZZ_RUNS raises it for a deeper search (the default keeps the suite fast). */
const RUNS = Number(process.env.NT_FUZZ_RUNS ?? 40);

interface World {
  readonly bed: NtTestBed;
  readonly handles: number[];
  readonly pointers: number[];
}

function world(sharedMemory: boolean, seedWords: readonly number[]): World {
  const bed = new NtTestBed({ sharedMemory, capacity: 8, rangeSize: 4 * 1024 * 1024 });
  const { process, thread } = bed.start();
  const call = (n: number, ...a: number[]): number => bed.callSync(thread, n, ...a);
  const cells = bed.u32s(process, new Array(16).fill(0));
  call(NtSyscall.NtCreatePipe, cells, cells + 4, 2, 0);
  call(NtSyscall.NtCreateEvent, cells + 8, 0x1f_0003, 0, 1, 0);
  call(NtSyscall.NtCreateJobObject, cells + 12, 0x1f_003f, 0);
  const block = createProcessBlock(bed, process, { suspended: true });
  call(NtSyscall.NtCreateUserProcess, block);
  const strings = [bed.string(process, "/bin/child"), bed.string(process, "/bin/test x"), bed.string(process, "/bin/bad")];
  const handles = process.handles.entries().map((e) => e.handle);
  // Fill the rest of the scratch area with random words, some of them pointers and handles.
  const used = bed.alloc(process, 0);
  const salt = [...strings, block, cells, ...handles, 0, 0xffff_ffff];
  const words = new Uint8Array(SCRATCH_BASE + SCRATCH_SIZE - used);
  const view = new DataView(words.buffer);
  for (let i = 0; i + 4 <= words.length; i += 4) {
    const w = seedWords[(i / 4) % seedWords.length]!;
    view.setUint32(i, w % 3 === 0 ? salt[w % salt.length]! : w, true);
  }
  bed.write(process, used, words);
  const range = process.memory.range;
  const pointers = [
    0,
    4,
    SCRATCH_BASE,
    SCRATCH_BASE + 2,
    used,
    block,
    cells,
    SCRATCH_BASE + SCRATCH_SIZE - 4,
    SCRATCH_BASE + SCRATCH_SIZE - 1,
    0x1_0000, // code: readable, not writable
    0x80_0000, // unmapped
    range.end - 4, // top of the stack
    range.end,
    range.end - 1,
    0x7fff_ffff,
    0x8000_0000,
    0xffff_fffc,
    ...strings,
  ];
  return { bed, handles: [...handles, 0xffff_ffff, 0xffff_fffe, 0xffff_fffd, 0, 1, 3, 0x4000, 0x7fff_fffc], pointers };
}

const arg = (w: World) =>
  fc.oneof(
    fc.constantFrom(...w.handles),
    fc.constantFrom(...w.pointers),
    fc.constantFrom(0, 1, 2, 4, 8, 24, 28, 48, 56, 64, 112, 0x1000, 0x1_0000, 0x7fff_ffff, 0x8000_0000, 0xffff_ffff),
    fc.integer({ min: 0, max: 0xffff_ffff }),
  );

async function settle(w: World, pending: Promise<number | typeof TERMINATED>): Promise<number | typeof TERMINATED> {
  let done: number | typeof TERMINATED | undefined;
  void pending.then((r) => (done = r));
  await w.bed.settle();
  if (done === undefined) {
    w.bed.platform.time.advance(1e13); // timeouts, sleeps
    await w.bed.settle();
  }
  if (done === undefined) {
    for (const p of [...w.bed.shim.kernel.processes.values()]) w.bed.shim.kernel.terminateProcess(p, 1);
    await w.bed.settle();
  }
  expect(done).toBeDefined();
  return done!;
}

async function cleanUp(w: World): Promise<void> {
  for (const p of [...w.bed.shim.kernel.processes.values()]) w.bed.shim.kernel.terminateProcess(p, 0);
  for (const p of [...w.bed.shim.kernel.processes.values()]) {
    while (p.hostReferences > 0) {
      p.hostReferences--;
      w.bed.shim.kernel.reapProcess(p);
    }
  }
  await w.bed.settle();
  const litebox = w.bed.litebox;
  expect(litebox.processRegistry().processIds()).toEqual([1]);
  expect(litebox.descriptors().liveEntryCount).toBe(0);
  expect(litebox.pipes().livePipeCount).toBe(0);
  expect(w.bed.platform.liveAddressSpaces).toBe(0);
  expect(litebox.futexManager().waiterCount).toBe(0);
}

describe.each([false, true])("hostile arguments (sharedMemory=%s)", (sharedMemory) => {
  it.each(NUMBERS.map((n) => [NT_SYSCALL_NAMES.get(n)!, n] as const))("%s answers an NTSTATUS", async (_name, number) => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.integer({ min: 0, max: 0xffff_ffff }), { minLength: 8, maxLength: 8 }), fc.integer(), async (seedWords, seed) => {
        const w = world(sharedMemory, seedWords);
        const thread = w.bed.mainThread([...w.bed.shim.kernel.processes.values()][0]!);
        const args = fc.sample(fc.array(arg(w), { minLength: 6, maxLength: 6 }), { numRuns: 1, seed })[0]!;
        let result = w.bed.call(thread, number, ...args);
        if (result instanceof Promise) result = await settle(w, result);
        expect(result === TERMINATED || isNtStatus(result)).toBe(true);
        await cleanUp(w);
      }),
      { numRuns: RUNS },
    );
  }, 120_000);

  it("random call sequences, unknown numbers included, answer NTSTATUS values and leak nothing", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.integer({ min: 0, max: 0xffff_ffff }), { minLength: 8, maxLength: 8 }),
        fc.array(fc.tuple(fc.oneof(fc.constantFrom(...NUMBERS), fc.integer({ min: 0, max: 0xffff_ffff })), fc.integer()), { minLength: 1, maxLength: 8 }),
        async (seedWords, calls) => {
          const w = world(sharedMemory, seedWords);
          const thread = w.bed.mainThread([...w.bed.shim.kernel.processes.values()][0]!);
          for (const [number, seed] of calls) {
            if (thread.state === "terminated") break;
            const args = fc.sample(fc.array(arg(w), { minLength: 6, maxLength: 6 }), { numRuns: 1, seed })[0]!;
            let result = w.bed.call(thread, number, ...args);
            if (result instanceof Promise) result = await settle(w, result);
            expect(result === TERMINATED || isNtStatus(result)).toBe(true);
            if (!NT_SYSCALL_NAMES.has(number)) expect(result).toBe(0xc000_001c);
          }
          await cleanUp(w);
        },
      ),
      { numRuns: RUNS * 4 },
    );
  }, 240_000);
});
