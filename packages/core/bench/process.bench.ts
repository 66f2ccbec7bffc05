// Process lifecycle throughput: create a child of PID 1, exit it, remove it (POSIX fork → exit → reap,
// registry side only). Run with `pnpm bench`; never asserted.
import { bench, describe } from "vitest";
import { LiteBox, ProcessId, TestPlatform, reparentOrphansToInit } from "../src/index";

describe("process registry", () => {
  const registry = new LiteBox(new TestPlatform()).processRegistry();

  bench("create + exit + remove", () => {
    const created = registry.createProcess(ProcessId.INIT);
    if (!created.ok) throw new Error(created.error);
    registry.exitProcess(created.value, 0, reparentOrphansToInit);
    registry.removeProcess(created.value);
  });
});
