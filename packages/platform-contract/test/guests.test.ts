/**
 * The committed C guests on both platforms (acceptance 2): hello and every compute program, loaded with
 * the ELF loader into a space of the real platform, run by one CPU under the core's Scheduler and the
 * minimal test shim; stdout and exit status compared byte for byte with qemu-riscv32 running the same
 * file with the same arguments in the same test. Without qemu-riscv32 (Debian package `qemu-user`) the
 * test says so in its name and compares the two platforms with each other only.
 */
import type { Provider } from "@litebox-ts/core";
import { describe, expect, it } from "vitest";
import { GUESTS, qemuAvailable, runGuestOn, runGuestsTogether, runQemu } from "./support/guests";
import { kernelSim, userland } from "./support/platforms";

const QEMU = qemuAvailable();
const text = (b: Uint8Array): string => new TextDecoder().decode(b);
const oracle = QEMU
  ? "identical to qemu-riscv32"
  : "identical on both platforms (qemu-riscv32 not found: install Debian's qemu-user to compare with it)";

describe("guests on platform-userland and platform-kernel-sim", () => {
  const u = userland() as never as Provider<unknown>;
  const k = kernelSim() as never as Provider<unknown>;
  const initial = [u.resourceStats(), k.resourceStats()];

  for (const g of GUESTS) {
    it(`${g.name} ${g.args.join(" ")}: stdout and exit status ${oracle}`, async () => {
      const onU = await runGuestOn(u, g.name, g.args);
      const onK = await runGuestOn(k, g.name, g.args);
      for (const run of [onU, onK]) expect(run.report.kind).toBe("completed");
      expect(text(onU.stdout)).toMatch(g.name === "hello" ? /^Hello, world!\n$/ : new RegExp(`^${g.name}: .+\\n$`));
      expect(onK.stdout).toEqual(onU.stdout);
      expect(onK.exitCode).toBe(onU.exitCode);
      expect(onK.instructions).toBe(onU.instructions);
      if (QEMU) {
        const q = runQemu(g.name, g.args);
        expect(text(onU.stdout)).toBe(text(q.stdout));
        expect(onU.stdout).toEqual(q.stdout);
        expect(onU.exitCode).toBe(q.exitCode);
      }
    }, 60_000);
  }

  it("leaves both platforms' resource counters as they were", () => {
    expect(u.resourceStats()).toEqual(initial[0]);
    expect(k.resourceStats()).toEqual(initial[1]);
  });
});

describe("all the guests at once, as concurrent processes of one platform", () => {
  for (const [name, make] of [["platform-userland", () => userland()], ["platform-kernel-sim", () => kernelSim()]] as const) {
    it(`${name}: six processes under seeded preemption each print what they print alone`, async () => {
      const platform = make() as never as Provider<unknown>;
      const alone: Awaited<ReturnType<typeof runGuestOn>>[] = [];
      for (const g of GUESTS) alone.push(await runGuestOn(platform, g.name, g.args));
      for (const seed of [11]) {
        const { report, runs } = await runGuestsTogether(platform, GUESTS, { seed, quantum: 50_000 });
        expect(report.kind).toBe("completed");
        runs.forEach((run, i) => {
          expect(text(run.stdout)).toBe(text(alone[i]!.stdout));
          expect(run.exitCode).toBe(alone[i]!.exitCode);
        });
      }
      expect(platform.resourceStats().addressSpaces).toBe(0);
    }, 120_000);
  }
});
