import { describe, expect, it, vi } from "vitest";
import { Descriptors } from "./fd/descriptors";
import { buildImage } from "./fs/image";
import { FutexManager } from "./futex/manager";
import { LiteBox } from "./litebox";
import { Pipes } from "./pipe/pipes";
import { ReentrancyDetectingMutex } from "./platform/mutex";
import { ProcessId } from "./process/process-id";
import { ProcessRegistry, detachOrphans } from "./process/process-registry";
import { TestPlatform } from "./testing/test-platform";
import { InvariantViolation } from "./util/invariant";

describe("LiteBox", () => {
  it("creates the init process, PID 1, running and parentless, during construction", () => {
    const litebox = new LiteBox(new TestPlatform());
    const registry = litebox.processRegistry();
    expect(registry).toBeInstanceOf(ProcessRegistry);
    expect(registry.processIds()).toEqual([ProcessId.INIT]);
    expect(registry.withContext(ProcessId.INIT, (c) => c)).toEqual({ id: 1, parent: undefined, state: { kind: "Running" } });
    expect(registry.createProcess()).toEqual({ ok: false, error: "InitAlreadyExists" });
  });

  it("returns the same subsystems on every call and exposes its platform", () => {
    const platform = new TestPlatform();
    const litebox = new LiteBox(platform);
    expect(litebox.platform).toBe(platform);
    expect(litebox.processRegistry()).toBe(litebox.processRegistry());
    expect(litebox.descriptors()).toBeInstanceOf(Descriptors);
    expect(litebox.descriptors()).toBe(litebox.descriptors());
    expect(litebox.pipes()).toBeInstanceOf(Pipes);
    expect(litebox.pipes()).toBe(litebox.pipes());
    expect(litebox.futexManager()).toBeInstanceOf(FutexManager);
    expect(litebox.futexManager()).toBe(litebox.futexManager());
  });

  it("builds every subsystem with the platform's mutex factory", () => {
    const createMutex = vi.fn((name: string) => new ReentrancyDetectingMutex(name));
    new LiteBox(new TestPlatform({ createMutex }));
    expect(createMutex.mock.calls.map(([name]) => name).sort()).toEqual(["Descriptors", "FutexManager", "ProcessRegistry"]);
  });

  it("uses the platform's clock for futex deadlines", async () => {
    const platform = new TestPlatform();
    const litebox = new LiteBox(platform);
    const waited = litebox.futexManager().wait(0, 0x1000, 0, {
      readWord: () => ({ ok: true, value: 0 }),
      deadline: 100,
    });
    expect(waited).toBeInstanceOf(Promise);
    platform.time.advance(100);
    expect(await waited).toEqual({ ok: false, error: { _tag: "WaitTimedOut" } });
  });

  it("has 64 KiB pipes and a 1024-descriptor limit by default", () => {
    const litebox = new LiteBox(new TestPlatform());
    expect(litebox.pipes().capacity).toBe(64 * 1024);
    expect(litebox.descriptors().createStorage().limit).toBe(1024);
  });

  it("forwards its options to the subsystems", () => {
    const litebox = new LiteBox(new TestPlatform(), { pipeCapacity: 8192, descriptorLimit: 3, futexBuckets: 4 });
    expect(litebox.pipes().capacity).toBe(8192);
    const storage = litebox.descriptors().createStorage();
    expect(storage.limit).toBe(3);
    expect(litebox.pipes().openPipe(storage).ok).toBe(true);
    expect(litebox.pipes().openPipe(storage)).toEqual({ ok: false, error: "TooManyDescriptors" });
  });

  it("rejects invalid options", () => {
    const platform = new TestPlatform();
    expect(() => new LiteBox(platform, { pipeCapacity: 100 })).toThrow(InvariantViolation);
    expect(() => new LiteBox(platform, { descriptorLimit: -1 })).toThrow(InvariantViolation);
    expect(() => new LiteBox(platform, { futexBuckets: 3 })).toThrow(InvariantViolation);
  });

  it("keeps instances independent", () => {
    const a = new LiteBox(new TestPlatform());
    const b = new LiteBox(new TestPlatform());
    const child = a.processRegistry().createProcess(ProcessId.INIT);
    expect(child).toEqual({ ok: true, value: 2 });
    a.processRegistry().exitProcess(ProcessId.INIT, 0, detachOrphans);
    expect(b.processRegistry().processIds()).toEqual([1]);
    expect(b.processRegistry().isAlive(ProcessId.INIT)).toBe(true);
  });
});

describe("LiteBox filesystem", () => {
  it("starts with an empty writable root by default, shared by every caller", () => {
    const litebox = new LiteBox(new TestPlatform());
    const fs = litebox.fileSystem();
    expect(litebox.fileSystem()).toBe(fs);
    expect(fs.mkdir(fs.root, "/tmp", 0o777).ok).toBe(true);
    expect(fs.stat(fs.root, "/tmp").ok).toBe(true);
  });

  it("mounts a read-only image as the root when asked", () => {
    const image = buildImage([{ path: "/bin/hello", data: "ELF", mode: 0o755 }]);
    if (!image.ok) throw new Error("image");
    const litebox = new LiteBox(new TestPlatform(), { fileSystem: { kind: "image", image: image.value } });
    const fs = litebox.fileSystem();
    const exe = fs.readExecutable(fs.root, "/bin/hello", {});
    expect(exe.ok && new TextDecoder().decode(exe.value.bytes)).toBe("ELF");
    const made = fs.mkdir(fs.root, "/new", 0o777);
    expect(made.ok ? "made" : made.error).toBe("ReadOnly");
  });
});
