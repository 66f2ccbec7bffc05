import { describe, expect, it } from "vitest";
import { Descriptors } from "../fd/descriptors";
import { VirtualClock } from "../platform/time";
import { Pipes, PIPE_SUBSYSTEM } from "./pipes";

describe("smoke", () => {
  it("pipe through descriptors", async () => {
    const clock = new VirtualClock();
    const table = new Descriptors();
    const pipes = new Pipes({ time: clock });
    const a = table.createStorage();
    const p = pipes.openPipe(a);
    if (!p.ok) throw new Error();
    expect([p.value.readFd, p.value.writeFd]).toEqual([0, 1]);
    const b = table.createStorage();
    expect(table.duplicateDescriptor(a, 1, b, { flags: "inherit" })).toEqual({ ok: true, value: 0 });
    const r = a.get(0, PIPE_SUBSYSTEM);
    if (!r.ok || r.value.object.kind !== "read") throw new Error();
    const buf = new Uint8Array(10);
    const pending = r.value.object.read(buf);
    expect(pending).toBeInstanceOf(Promise);
    const w = b.get(0, PIPE_SUBSYSTEM);
    if (!w.ok || w.value.object.kind !== "write") throw new Error();
    expect(w.value.object.write(new Uint8Array([1, 2, 3]))).toEqual({ ok: true, value: 3 });
    expect(await pending).toEqual({ ok: true, value: 3 });
    a.closeAll();
    b.closeAll();
    expect(table.liveEntryCount).toBe(0);
    expect(pipes.livePipeCount).toBe(0);
  });
});
