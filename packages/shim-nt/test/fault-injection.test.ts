/**
 * Acceptance 2: fault injection on the real platforms. With a wrapper that fails address-space
 * creation or page mapping on the N-th call, NtCreateUserProcess and NtCreateThreadEx answer the
 * NTSTATUS Windows gives for exhausted resources — STATUS_INSUFFICIENT_RESOURCES when no address
 * space can be made, STATUS_NO_MEMORY when pages cannot be committed — and leave the registry, the
 * descriptor table, the pipes, the platform's memory and the shim's tables exactly as they were,
 * for every N along the scenario until the call succeeds. The run then continues normally and ends
 * with nothing left.
 */
import { LiteBox, Scheduler } from "@litebox-ts/core";
import { loadElf } from "@litebox-ts/riscv";
import { describe, expect, it } from "vitest";
import {
  CreateProcessBlock,
  CreateThreadBlock,
  HostStream,
  MemoryType,
  NtShim,
  NtStatus,
  NtSyscall,
  OutputCollector,
  PageProtection,
  programsFromMap,
  type NtProcess,
  type NtThread,
} from "../src/index";
import { faulty, type FaultOperation } from "./support/faulty-platform";
import { PLATFORMS, leftovers, makePlatform, ntPrograms } from "./support/run-guest";

/** Issues one syscall on `thread` directly (registers saved and restored around it). */
function syscall(shim: NtShim, thread: NtThread, number: number, args: number[]): number {
  const cpu = thread.guest!.cpu;
  const saved = Array.from({ length: 32 }, (_, i) => cpu.getRegister(i));
  const pc = cpu.pc;
  cpu.setRegister(17, number);
  args.forEach((a, i) => cpu.setRegister(10 + i, a));
  const outcome = shim.syscall(thread.guest!);
  if (typeof outcome !== "string") throw new Error("blocked");
  const result = cpu.getRegister(10);
  for (let i = 1; i < 32; i++) cpu.setRegister(i, saved[i]!);
  cpu.pc = pc;
  return result;
}

function setup(platformName: (typeof PLATFORMS)[number]) {
  const platform = faulty(makePlatform(platformName));
  const litebox = new LiteBox(platform);
  const scheduler = new Scheduler({ clock: platform.time, executor: platform });
  const shim = new NtShim(litebox, { scheduler, programs: programsFromMap(ntPrograms()), loadImage: loadElf });
  const out = new OutputCollector();
  const started = shim.start({ imagePath: "/bin/nt/exit-code.elf", stdout: new HostStream({ write: out.write }) });
  if (!started.ok) throw new Error("start");
  const parent = shim.process(started.value.pid)!;
  const thread = [...parent.threads][0]!;
  // Scratch memory in the parent for the argument blocks.
  const scratch = parent.vm.allocate(0, 8192, MemoryType.RESERVE | MemoryType.COMMIT, PageProtection.READWRITE);
  if (!scratch.ok) throw new Error("scratch");
  return { platform, litebox, scheduler, shim, out, started: started.value, parent, thread, scratch: scratch.value.base };
}

function snapshot(env: ReturnType<typeof setup>) {
  const stats = env.platform.resourceStats();
  // The userland platform's `dirtyPages` counts region pages ever written (to be wiped when the
  // region is reused), not memory in use: a page written and unmapped again stays dirty. It is no leak.
  const { dirtyPages: _dirty, ...counters } = stats.counters as Record<string, number>;
  return {
    processes: env.litebox.processRegistry().processIds(),
    entries: env.litebox.descriptors().liveEntryCount,
    pipes: env.litebox.pipes().livePipeCount,
    platform: { addressSpaces: stats.addressSpaces, counters },
    shimProcesses: env.shim.kernel.processes.size,
    shimThreads: env.shim.kernel.threads.size,
    parentHandles: env.parent.handles.count,
    parentCommitted: env.parent.vm.committedBytes,
    parentThreads: env.parent.threads.size,
  };
}

function writeString(process: NtProcess, at: number, text: string): void {
  process.memory.write(at, new TextEncoder().encode(`${text}\0`));
}

function createProcessBlock(env: ReturnType<typeof setup>): number {
  const image = env.scratch;
  writeString(env.parent, image, "/bin/nt/nt-child.elf");
  const command = env.scratch + 64;
  writeString(env.parent, command, "/bin/nt/nt-child.elf exit 7");
  const block = env.scratch + 256;
  const fields = new Array(CreateProcessBlock.Size / 4).fill(0);
  fields[CreateProcessBlock.ImagePath / 4] = image;
  fields[CreateProcessBlock.CommandLine / 4] = command;
  fields[CreateProcessBlock.ProcessFlags / 4] = 0x4; // inherit handles: the duplicates must be rolled back too
  fields[CreateProcessBlock.ProcessDesiredAccess / 4] = 0x1f_ffff;
  fields[CreateProcessBlock.ThreadDesiredAccess / 4] = 0x1f_ffff;
  const bytes = new Uint8Array(fields.length * 4);
  fields.forEach((v, i) => new DataView(bytes.buffer).setUint32(i * 4, v, true));
  env.parent.memory.write(block, bytes);
  return block;
}

async function finishRun(env: ReturnType<typeof setup>): Promise<void> {
  const report = await env.scheduler.run();
  expect(report.kind).toBe("completed");
  expect(env.out.text()).toBe("wait: 0\nGetExitCodeProcess: 1 code=42\n");
  env.started.release();
  expect(leftovers(env.litebox, env.shim)).toEqual({ processes: [1], liveEntries: 0, livePipes: 0, addressSpaces: 0, futexWaiters: 0, threads: 0 });
}

describe.each(PLATFORMS)("fault injection on %s", (platformName) => {
  it.each<[FaultOperation, number]>([
    ["createAddressSpace", NtStatus.INSUFFICIENT_RESOURCES],
    ["mapPages", NtStatus.NO_MEMORY],
  ])("NtCreateUserProcess with the N-th %s failing: the Windows status and nothing left behind", async (operation, status) => {
    const env = setup(platformName);
    // Inheritable handles in the parent, so the rollback also has inherited duplicates to undo.
    const pipeCells = env.scratch + 1024;
    expect(syscall(env.shim, env.thread, NtSyscall.NtCreatePipe, [pipeCells, pipeCells + 4, 2, 0])).toBe(NtStatus.SUCCESS);
    const block = createProcessBlock(env);
    let n = 1;
    for (; n < 100; n++) {
      const before = snapshot(env);
      env.platform.arm(operation, n);
      const result = syscall(env.shim, env.thread, NtSyscall.NtCreateUserProcess, [block]);
      const fired = env.platform.disarm();
      if (!fired) {
        expect(result).toBe(NtStatus.SUCCESS);
        break;
      }
      expect(result).toBe(status);
      expect(snapshot(env)).toEqual(before);
    }
    expect(n).toBeGreaterThan(1);
    if (operation === "mapPages") expect(n).toBeGreaterThan(4); // image, stack, system page, PEB, TEB at least
    // The created child runs to completion with everything else.
    const childHandle = env.parent.memory.readU32(block + CreateProcessBlock.ProcessHandle);
    expect(childHandle.ok && childHandle.value % 4 === 0).toBe(true);
    await finishRun(env);
  }, 60_000);

  it("NtCreateThreadEx with the N-th mapPages failing: STATUS_NO_MEMORY and nothing left behind", async () => {
    const env = setup(platformName);
    const handleCell = env.scratch + 2048;
    const block = env.scratch + 2100;
    env.parent.memory.write(block, new Uint8Array(CreateThreadBlock.Size)); // no flags, default stack
    let n = 1;
    for (; n < 20; n++) {
      const before = snapshot(env);
      env.platform.arm("mapPages", n);
      // The thread would start at the exit trampoline and end at once: only its creation matters here.
      const result = syscall(env.shim, env.thread, NtSyscall.NtCreateThreadEx, [handleCell, 0x1f_ffff, 0xffff_ffff, env.parent.systemPage, 0, block]);
      const fired = env.platform.disarm();
      if (!fired) {
        expect(result).toBe(NtStatus.SUCCESS);
        break;
      }
      expect(result).toBe(NtStatus.NO_MEMORY);
      expect(snapshot(env)).toEqual(before);
    }
    expect(n).toBe(3); // the TEB, then the stack
    await finishRun(env);
  }, 60_000);

  it("NtAllocateVirtualMemory with mapPages failing: STATUS_NO_MEMORY and nothing committed", async () => {
    const env = setup(platformName);
    const base = env.scratch + 3000;
    const size = env.scratch + 3004;
    env.parent.memory.writeU32(base, 0);
    env.parent.memory.writeU32(size, 65536);
    const before = snapshot(env);
    env.platform.arm("mapPages", 1);
    const result = syscall(env.shim, env.thread, NtSyscall.NtAllocateVirtualMemory, [0xffff_ffff, base, 0, size, MemoryType.COMMIT | MemoryType.RESERVE, PageProtection.READWRITE]);
    expect(env.platform.disarm()).toBe(true);
    expect(result).toBe(NtStatus.NO_MEMORY);
    expect(snapshot(env)).toEqual(before);
    await finishRun(env);
  }, 60_000);
});
