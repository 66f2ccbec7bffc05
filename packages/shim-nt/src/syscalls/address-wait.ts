/**
 * Address waits (WaitOnAddress / WakeByAddressSingle / WakeByAddressAll) on the core's futex manager.
 * The futex key is the 4-byte word holding the address (through the platform's canonical futex
 * address and the space's discriminator — these waits are process-private, as on Windows), and the
 * futex bitset carries the byte offset inside that word, so a wake on one address never takes a
 * waiter of a neighbouring one. The "value" the futex compares is a flag the shim computes after the
 * waiter is queued: do the `size` bytes at the address still equal the caller's comparand? That
 * keeps the core's no-lost-wake-up guarantee for 1-, 2-, 4- and 8-byte waits alike.
 *
 * @module
 */
import { err, memoryFault, ok } from "@litebox-ts/core";
import { NtStatus } from "../abi/status";
import { readDeadline } from "../wait/timeout";
import { THREAD_EXIT, type SyscallContext, type SyscallHandler, type SyscallOutcome, type SyscallResult } from "./context";

function keyOf(context: SyscallContext, address: number): { discriminator: number; word: number; bitset: number } {
  const platform = context.kernel.platform;
  const space = context.process.space;
  return {
    discriminator: platform.futexDiscriminator(space),
    word: platform.futexAddress(space, (address & ~3) >>> 0),
    bitset: 1 << (address & 3),
  };
}

/** NtWaitOnAddress(a0 = address, a1 = *comparand, a2 = size (1, 2, 4, 8), a3 = *timeout or NULL). */
const ntWaitOnAddress: SyscallHandler = (context) => {
  const { kernel, thread, memory, args } = context;
  const [address, comparePtr, size, timeoutPtr] = args;
  if (size !== 1 && size !== 2 && size !== 4 && size !== 8) return NtStatus.INVALID_PARAMETER;
  if (address % size !== 0) return NtStatus.INVALID_PARAMETER;
  const expected = memory.read(comparePtr, size);
  if (!expected.ok) return expected.error;
  if (!memory.read(address, size).ok) return NtStatus.ACCESS_VIOLATION;
  const deadline = readDeadline(kernel, memory, timeoutPtr);
  if (!deadline.ok) return deadline.error;
  const key = keyOf(context, address);
  const readWord = () => {
    const now = memory.read(address, size);
    if (!now.ok) return err(memoryFault(address, "read", "unmapped"));
    return ok(now.value.every((b, i) => b === expected.value[i]) ? 0 : 1);
  };
  const attempt = (): SyscallOutcome => {
    const result = kernel.futexes.wait(key.discriminator, key.word, 0, {
      readWord,
      bitset: key.bitset,
      interrupt: thread.guest!.interruptLatch,
      ...(deadline.value === undefined ? {} : { deadline: deadline.value }),
    });
    const settle = (r: Awaited<typeof result>): SyscallOutcome => {
      if (thread.state === "terminated") return THREAD_EXIT;
      if (r.ok) return NtStatus.SUCCESS;
      switch (r.error._tag) {
        case "ValueMismatch":
          return NtStatus.SUCCESS;
        case "WaitTimedOut":
          return NtStatus.TIMEOUT;
        case "MemoryFault":
          return NtStatus.ACCESS_VIOLATION;
        case "InvalidArgument":
          return NtStatus.INVALID_PARAMETER;
        case "WaitInterrupted":
          thread.guest!.interruptLatch.clear();
          return attempt();
      }
    };
    return result instanceof Promise ? result.then((r) => settle(r) as SyscallResult | Promise<SyscallResult>) : settle(result);
  };
  return attempt();
};

/** NtWakeByAddress(a0 = address, a1 = 0: wake one waiter, 1: wake all). */
const ntWakeByAddress: SyscallHandler = (context) => {
  const [address, all] = context.args;
  const key = keyOf(context, address);
  const woke = context.kernel.futexes.wake(key.discriminator, key.word, all !== 0 ? 0x7fff_ffff : 1, key.bitset);
  return woke.ok ? NtStatus.SUCCESS : NtStatus.INVALID_PARAMETER;
};

/** The address-wait syscalls by name. */
export const ADDRESS_WAIT_SYSCALLS = {
  NtWaitOnAddress: ntWaitOnAddress,
  NtWakeByAddress: ntWakeByAddress,
} as const;
