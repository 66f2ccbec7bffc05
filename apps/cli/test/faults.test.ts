/**
 * RFC §4.1 rollback on the real platforms: a wrapper makes the N-th address-space creation, clone or
 * page mapping fail, for every N along a real guest's run (fork-exit-codes forks several children).
 * Whatever fails — the first program's spawn or a fork inside it — the run ends and leaves the
 * registry, the descriptor table, the pipes and the platform's resources exactly as before.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { LiteBox, type Provider } from "@litebox-ts/core";
import { KernelSimPlatform } from "@litebox-ts/platform-kernel-sim";
import { UserlandPlatform } from "@litebox-ts/platform-userland";
import { loadElf } from "@litebox-ts/riscv";
import { MapProgramSource, PosixShim, type AnyLiteBox } from "@litebox-ts/shim-posix";
import { USERLAND_REGIONS } from "../src/run";

const GUEST = join(import.meta.dirname, "../../../guest");
type Op = "createAddressSpace" | "cloneAddressSpace" | "mapPages";

/** Wraps `platform` so that the `nth` call of `op` fails (NoSpace / NoMemory); counts calls. */
function failing(platform: Provider<unknown>, op: Op, nth: number): { platform: Provider<unknown>; calls: () => number } {
  let calls = 0;
  const proxy = new Proxy(platform, {
    get(target, prop) {
      const value = Reflect.get(target, prop, target) as unknown;
      if (typeof value !== "function") return value;
      const bound = (value as (...a: unknown[]) => unknown).bind(target);
      if (prop !== op) return bound;
      return (...args: unknown[]) => {
        calls++;
        if (calls === nth) return { ok: false, error: op === "mapPages" ? "NoMemory" : "NoSpace" };
        return bound(...args);
      };
    },
  });
  return { platform: proxy, calls: () => calls };
}

const PLATFORMS: ReadonlyArray<[string, () => Provider<unknown>, readonly Op[]]> = [
  ["userland", () => new UserlandPlatform({ ...USERLAND_REGIONS }) as Provider<unknown>, ["createAddressSpace", "mapPages"]],
  ["kernel-sim", () => new KernelSimPlatform() as Provider<unknown>, ["cloneAddressSpace", "createAddressSpace", "mapPages"]],
];

describe.each(PLATFORMS)("fork/spawn under injected failures on %s", (_name, make, ops) => {
  const elf = new Uint8Array(readFileSync(join(GUEST, "bin/posix/fork-exit-codes.elf")));

  it.each(ops)("every failing %s call is rolled back completely", async (op) => {
    let failedRuns = 0;
    for (let nth = 1; nth < 400; nth++) {
      const base = make();
      const initial = base.resourceStats();
      const { platform, calls } = failing(base, op, nth);
      const litebox = new LiteBox(platform) as AnyLiteBox;
      const shim = new PosixShim(litebox, { loader: loadElf, programs: new MapProgramSource([["/t", elf]]) });
      const spawned = shim.spawn({ program: "/t", argv: ["/t"] });
      if (spawned.ok) {
        const report = await shim.run();
        expect(report.kind).toBe("completed");
      }
      expect(litebox.processRegistry().processIds().map(Number)).toEqual([1]);
      expect(litebox.descriptors().liveEntryCount).toBe(0);
      expect(litebox.pipes().livePipeCount).toBe(0);
      expect(base.resourceStats()).toEqual(initial);
      if (calls() < nth) {
        // The n-th call never came: a run without any failure. Every earlier n injected one.
        expect(spawned.ok).toBe(true);
        break;
      }
      failedRuns++;
    }
    expect(failedRuns).toBeGreaterThan(0);
  });
});
