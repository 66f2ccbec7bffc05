/**
 * Acceptance 4: POSIX and NT processes in one LiteBox instance on one platform. The POSIX shim and
 * the NT shim share the LiteBox's process registry (PID 1 is the POSIX shim's init; the NT shim's
 * first process is a child of it too), its descriptor table, its pipes and its futex manager, and
 * one scheduler runs every guest thread. Each program prints its expected transcript and exits 0,
 * and afterwards nothing is left but PID 1.
 *
 * The POSIX program is pipe-fork (fork, pipes, wait): the POSIX shim's futex is still being built, so
 * the futex manager is exercised here by the NT side (WaitOnAddress); once futex_time64 lands,
 * futex-private-fork can join the POSIX side.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { LiteBox, type Provider } from "@litebox-ts/core";
import { loadElf } from "@litebox-ts/riscv";
import { MapProgramSource, PosixShim } from "@litebox-ts/shim-posix";
import { describe, expect, it } from "vitest";
import { HostStream, NtShim, OutputCollector, programsFromMap } from "../src/index";
import { GUEST_DIR, PLATFORMS, leftovers, makePlatform, ntPrograms } from "./support/run-guest";

const posixProgram = (name: string): [string, Uint8Array] => [
  `/bin/posix/${name}.elf`,
  new Uint8Array(readFileSync(join(GUEST_DIR, `bin/posix/${name}.elf`))),
];
const expected = (path: string): string => readFileSync(join(GUEST_DIR, path), "utf8");

describe.each(PLATFORMS)("a POSIX and an NT personality in one LiteBox on %s", (platformName) => {
  it("run side by side, share the registry, descriptors and futex manager, and both exit cleanly", async () => {
    const platform: Provider<number> = makePlatform(platformName);
    const litebox = new LiteBox(platform);
    const posixOut = [new OutputCollector(), new OutputCollector()];
    const posixSinks = { write: (bytes: Uint8Array) => posixOut[0]!.write(bytes) };
    const posix = new PosixShim(litebox, {
      loader: loadElf,
      programs: new MapProgramSource([posixProgram("pipe-fork")]),
      stdio: { stdout: posixSinks, stderr: { write: (bytes: Uint8Array) => posixOut[1]!.write(bytes) } },
    });
    const nt = new NtShim(litebox, { scheduler: posix.scheduler, programs: programsFromMap(ntPrograms()), loadImage: loadElf });

    const futexOut = new OutputCollector();
    const pipeOut = new OutputCollector();
    const ntFutex = nt.start({ imagePath: "/bin/nt/wait-on-address.elf", stdout: new HostStream({ write: futexOut.write }) });
    const posixPipe = posix.spawn({ program: "/bin/posix/pipe-fork.elf" });
    const ntPipe = nt.start({ imagePath: "/bin/nt/pipe-broken.elf", stdout: new HostStream({ write: pipeOut.write }) });
    if (!ntFutex.ok || !posixPipe.ok || !ntPipe.ok) throw new Error("start failed");
    const registry = litebox.processRegistry();
    // One registry: PID 1 (the POSIX init), then the processes of both personalities, all its children.
    expect(registry.processIds()).toEqual([1, ntFutex.value.pid, posixPipe.value.pid, ntPipe.value.pid].sort((a, b) => a - b));
    for (const pid of [ntFutex.value.pid, posixPipe.value.pid, ntPipe.value.pid]) expect(registry.getParent(pid as never)).toBe(1);
    // One descriptor table: NT handle tables and POSIX fd tables are storages of it.
    expect(litebox.descriptors().liveEntryCount).toBeGreaterThan(0);

    expect(nt.litebox.futexManager()).toBe(posix.litebox.futexManager());
    const report = await posix.run();
    expect(report.kind).toBe("completed");
    expect(await ntFutex.value.exited).toBe(0);
    expect(await ntPipe.value.exited).toBe(0);
    expect(await posixPipe.value.exited).toBe(0); // wait status: exited with 0
    expect(futexOut.text()).toBe(expected("tests/nt/expected/wait-on-address.out"));
    expect(pipeOut.text()).toBe(expected("tests/nt/expected/pipe-broken.out"));
    expect(posixOut[0]!.text()).toBe(expected("tests/posix/expected/pipe-fork.out"));
    expect(posixOut[1]!.text()).toBe("");
    ntFutex.value.release();
    ntPipe.value.release();
    expect(leftovers(litebox, nt)).toEqual({ processes: [1], liveEntries: 0, livePipes: 0, addressSpaces: 0, futexWaiters: 0, threads: 0 });
  }, 60_000);
});
