/**
 * The guest's timebase: what `rdtime` counts. The hart's `time` CSR follows the platform clock at
 * {@link TIMEBASE_HZ} (10 MHz, the `timebase-frequency` of QEMU's virt board and of many RISC-V boards),
 * so a guest reading `rdtime` and one calling `clock_gettime` see the same time. With a virtual clock
 * time moves between scheduler slices (the scheduler advances it with executed instructions), not
 * inside one: within a slice `rdtime` reads the same value, as `clock_gettime` does.
 *
 * @module
 */
import type { TimeProvider } from "@litebox-ts/core";

/** Ticks of the guest's `time` CSR per second: 10 MHz. */
export const TIMEBASE_HZ = 10_000_000;

/** Nanoseconds per tick of the guest's `time` CSR. */
export const NS_PER_TICK = 1e9 / TIMEBASE_HZ;

/** The `time` CSR value for the clock's present time: whole ticks since the clock started. */
export function timeTicks(clock: TimeProvider): number {
  return Math.floor(clock.now() / NS_PER_TICK);
}
