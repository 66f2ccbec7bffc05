import { describe, expect, it } from "vitest";
import { NtStatus } from "../abi/status";
import { NtSyscall as S } from "../abi/syscalls";
import { CODE_BASE, NtTestBed, TERMINATED } from "../testing/test-bed";
import type { NtThread } from "../process/thread";

function setup(sharedMemory = false) {
  const bed = new NtTestBed({ sharedMemory });
  const { process, thread } = bed.start();
  const call = (n: number, ...a: number[]) => bed.callSync(thread, n, ...a);
  const threads: NtThread[] = [];
  for (let i = 0; i < 3; i++) {
    call(S.NtCreateThreadEx, bed.cell(process), 0x1f_ffff, 0xffff_ffff, CODE_BASE, 0, 0);
    threads.push(bed.shim.kernel.threads.get(Math.max(...bed.shim.kernel.threads.keys()))!);
  }
  const word = bed.alloc(process, 8, new Uint8Array(8));
  const zero = bed.alloc(process, 8, new Uint8Array(8));
  return { bed, process, thread, call, threads, word, zero };
}

describe.each([false, true])("WaitOnAddress (sharedMemory=%s)", (sharedMemory) => {
  it("returns at once when the value differs, and times out when nobody wakes it", async () => {
    const { bed, process, thread, word, zero } = setup(sharedMemory);
    bed.write(process, word, new Uint8Array([1, 0, 0, 0]));
    expect(bed.call(thread, S.NtWaitOnAddress, word, zero, 4, 0)).toBe(NtStatus.SUCCESS);
    bed.write(process, word, new Uint8Array([0, 0, 0, 0]));
    const pending = bed.call(thread, S.NtWaitOnAddress, word, zero, 4, bed.i64(process, -10_000n));
    bed.platform.time.advance(2_000_000);
    expect(await pending).toBe(NtStatus.TIMEOUT);
    expect(bed.litebox.futexManager().waiterCount).toBe(0);
  });

  it("wakes one waiter per WakeByAddressSingle and every waiter with WakeByAddressAll", async () => {
    const { bed, call, threads, word, zero } = setup(sharedMemory);
    const results: unknown[] = [];
    threads.forEach((t, i) => void (bed.call(t, S.NtWaitOnAddress, word, zero, 4, 0) as Promise<unknown>).then((r) => (results[i] = r)));
    expect(bed.litebox.futexManager().waiterCount).toBe(3);
    call(S.NtWakeByAddress, word, 0);
    await bed.settle();
    expect(results).toEqual([NtStatus.SUCCESS]);
    call(S.NtWakeByAddress, word, 1);
    await bed.settle();
    expect(results).toEqual([NtStatus.SUCCESS, NtStatus.SUCCESS, NtStatus.SUCCESS]);
  });

  it("keeps waiters on neighbouring bytes of one word apart", async () => {
    const { bed, call, threads, word, zero } = setup(sharedMemory);
    let first: unknown;
    let second: unknown;
    void (bed.call(threads[0]!, S.NtWaitOnAddress, word + 1, zero, 1, 0) as Promise<unknown>).then((r) => (first = r));
    void (bed.call(threads[1]!, S.NtWaitOnAddress, word + 2, zero, 2, 0) as Promise<unknown>).then((r) => (second = r));
    call(S.NtWakeByAddress, word + 1, 1);
    await bed.settle();
    expect([first, second]).toEqual([NtStatus.SUCCESS, undefined]);
    call(S.NtWakeByAddress, word, 1); // the word's first byte: nobody waits there
    await bed.settle();
    expect(second).toBeUndefined();
    call(S.NtWakeByAddress, word + 2, 0);
    await bed.settle();
    expect(second).toBe(NtStatus.SUCCESS);
  });

  it("compares 8-byte values and refuses bad sizes, misalignment and bad pointers", () => {
    const { bed, process, call, word, zero } = setup(sharedMemory);
    bed.write(process, word + 4, new Uint8Array([1]));
    expect(call(S.NtWaitOnAddress, word, zero, 8, 0)).toBe(NtStatus.SUCCESS); // differs in the high half
    expect(call(S.NtWaitOnAddress, word, zero, 3, 0)).toBe(NtStatus.INVALID_PARAMETER);
    expect(call(S.NtWaitOnAddress, word + 2, zero, 4, 0)).toBe(NtStatus.INVALID_PARAMETER);
    expect(call(S.NtWaitOnAddress, word, 0x10, 4, 0)).toBe(NtStatus.ACCESS_VIOLATION);
    expect(call(S.NtWaitOnAddress, 0x80_0000, zero, 4, 0)).toBe(NtStatus.ACCESS_VIOLATION);
    expect(call(S.NtWaitOnAddress, word, zero, 4, 0x10)).toBe(NtStatus.ACCESS_VIOLATION);
    expect(call(S.NtWakeByAddress, 0x7fff_fff3, 1)).toBe(NtStatus.SUCCESS); // waking nobody anywhere is fine
  });

  it("ends a waiting thread that is terminated", async () => {
    const { bed, thread, word, zero } = setup(sharedMemory);
    const pending = bed.call(thread, S.NtWaitOnAddress, word, zero, 4, 0);
    bed.shim.kernel.terminateThread(thread, 0);
    expect(await pending).toBe(TERMINATED);
    expect(bed.litebox.futexManager().waiterCount).toBe(0);
  });
});
