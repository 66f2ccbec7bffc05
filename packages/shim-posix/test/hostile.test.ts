/**
 * Hostile arguments to every installed syscall: pointers into unmapped memory and outside the range,
 * lengths of 2^31 and more, invalid descriptors, flags and ids. Each call must answer a result or an
 * errno value — never a host exception — and must leave the shim consistent enough for the next one.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { INSTALLERS, MAX_ERRNO, PosixShim, Sys } from "../src/index";
import { DATA, createHarness, type Harness } from "./support/harness";
import { Script } from "./support/script-builder";

const EDGE = [0, 1, 2, 3, 4, 0xff, 0x1000, 0x7fff_ffff, 0x8000_0000, 0xffff_ffff, 0xffff_fff0, 0xffff_ff9c, DATA, DATA + 4093, DATA + 0x10000 - 1, 0x1_0000];

function numbersOf(h: Harness): number[] {
  return h.shim.syscalls
    .entries()
    .map((e) => e.number)
    .filter((n) => n !== Sys.exit && n !== Sys.exit_group);
}

describe.each(["isolated", "shared"] as const)("hostile arguments on the %s test platform", (kind) => {
  it("every syscall answers a value in [-4095, 2^32) or ends the caller, and never throws", async () => {
    let h = createHarness({ kind, scripts: { idle: new Script().spin().steps } });
    const numbers = numbersOf(h);
    expect(numbers.length).toBeGreaterThan(20);
    let thread = h.start("idle").process.leader!;
    const arg = fc.oneof(fc.constantFrom(...EDGE), fc.integer({ min: 0, max: 0xffff_ffff }), fc.integer({ min: -5, max: 70 }).map((n) => n >>> 0));
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...numbers), fc.array(arg, { minLength: 6, maxLength: 6 }), async (nr, args) => {
        if (!thread.alive || thread.process.state !== "running") {
          h = createHarness({ kind, scripts: { idle: new Script().spin().steps } });
          thread = h.start("idle").process.leader!;
        }
        // Keep blocking calls from parking forever: a pending interrupt makes every wait end at once.
        thread.guest.interruptLatch.interrupt();
        const cpu = thread.cpu;
        for (let i = 0; i < 6; i++) cpu.setRegister(10 + i, args[i]!);
        cpu.setRegister(17, nr);
        const pending = h.shim.syscall(thread.guest);
        // A call that still blocks (a vfork parent waits for its child, which never runs here) is
        // ended the way a kill would end it.
        const timer = setTimeout(() => h.shim.terminateProcess(thread.process, 9), 200);
        const outcome = await pending;
        clearTimeout(timer);
        thread.guest.interruptLatch.clear();
        expect(["resume", "terminate"]).toContain(outcome);
        if (outcome === "resume" && thread.alive) {
          const a0 = cpu.getRegister(10) | 0;
          if (a0 < 0) expect(a0).toBeGreaterThanOrEqual(-MAX_ERRNO);
        }
      }),
      { numRuns: 3000, seed: 42 },
    );
  });

  it("the table is exactly what the installers register", () => {
    const h = createHarness({ kind });
    const again = new PosixShim(h.litebox, { loader: () => ({ ok: false, error: { _tag: "ElfFormatError" } }) }, INSTALLERS);
    expect(again.syscalls.entries().map((e) => e.name)).toEqual(h.shim.syscalls.entries().map((e) => e.name));
  });
});
