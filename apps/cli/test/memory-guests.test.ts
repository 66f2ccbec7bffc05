/**
 * The POSIX guest tests of the memory, futex, time and misc part of the shim (guest/tests/posix)
 * through `litebox run` on both real platforms, against their native-Linux transcripts byte for
 * byte; and the same guests run on a directly built shim to check that every address space and
 * every shared memory object is gone afterwards (sigsegv-munmap runs with the signal tests).
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { LiteBox, VirtualClock, type Provider } from "@litebox-ts/core";
import { KernelSimPlatform } from "@litebox-ts/platform-kernel-sim";
import { UserlandPlatform } from "@litebox-ts/platform-userland";
import { loadElf } from "@litebox-ts/riscv";
import { PosixShim, decodeWaitStatus, type AnyLiteBox } from "@litebox-ts/shim-posix";
import { USERLAND_REGIONS } from "../src/run";
import { exitCode, runCaptured } from "./support/capture";

const GUEST = join(import.meta.dirname, "../../../guest");
const PLATFORMS = ["userland", "kernel-sim"] as const;

const MEMORY_TESTS = [
  "brk",
  "mmap-behaviour",
  "mmap-shared-fork",
  "futex-errors",
  "futex-private-fork",
  "futex-shared-fork",
  "clone-thread",
  "clone-exit-group",
  "getrandom",
  "clock-monotonic",
  "uname",
  "rlimit-nofile",
  "ids",
];

describe("memory, futex, time and misc guest tests: litebox's transcript equals the native Linux one", () => {
  for (const platform of PLATFORMS) {
    it.each(MEMORY_TESTS)(`%s on ${platform}`, async (name) => {
      const expected = readFileSync(join(GUEST, "tests/posix/expected", `${name}.out`), "latin1");
      const run = await runCaptured(["run", "--platform", platform, "--root", GUEST, `/bin/posix/${name}.elf`]);
      expect(run.stdout).toBe(expected);
      expect(run.stderr).toBe("");
      expect(exitCode(run)).toBe(0);
    });
  }
});

function platformOf(name: (typeof PLATFORMS)[number]): Provider<unknown> {
  const clock = new VirtualClock();
  const platform = name === "kernel-sim" ? new KernelSimPlatform({ clock }) : new UserlandPlatform({ clock, ...USERLAND_REGIONS });
  return platform as Provider<unknown>;
}

describe("nothing is left behind", () => {
  for (const platform of PLATFORMS) {
    it.each(["mmap-shared-fork", "futex-shared-fork", "futex-private-fork", "clone-thread", "brk"])(
      `%s on ${platform}: every address space and shared memory object is released`,
      async (name) => {
        const provider = platformOf(platform);
        const before = provider.resourceStats();
        const litebox = new LiteBox(provider) as AnyLiteBox;
        let out = "";
        const shim = new PosixShim(litebox, {
          loader: loadElf,
          stdio: { stdout: { write: (b) => void (out += Buffer.from(b).toString("latin1")) } },
        });
        const bytes = new Uint8Array(readFileSync(join(GUEST, "bin/posix", `${name}.elf`)));
        const spawned = shim.spawn({ program: bytes, argv: [`/bin/posix/${name}.elf`] });
        if (!spawned.ok) throw new Error(`spawn: ${spawned.error._tag}`);
        expect((await shim.run()).kind).toBe("completed");
        expect(decodeWaitStatus(await spawned.value.exited)).toMatchObject({ code: 1, status: 0 });
        expect(out).toBe(readFileSync(join(GUEST, "tests/posix/expected", `${name}.out`), "latin1"));
        const after = provider.resourceStats();
        expect(after.addressSpaces).toBe(before.addressSpaces);
        expect(after.counters["sharedObjects"]).toBe(before.counters["sharedObjects"]);
        expect(litebox.futexManager().waiterCount).toBe(0);
      },
    );
  }
});
