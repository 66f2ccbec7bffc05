// Pipe throughput: fill a 64 KiB pipe with one 64 KiB write and drain it with one 64 KiB read (both
// synchronous: no wait is needed). Run with `pnpm bench`; never asserted.
import { bench, describe } from "vitest";
import { DEFAULT_PIPE_CAPACITY, LiteBox, TestPlatform } from "../src/index";

describe("pipes", () => {
  const box = new LiteBox(new TestPlatform());
  const opened = box.pipes().openPipe(box.descriptors().createStorage());
  if (!opened.ok) throw new Error(opened.error);
  const { readEnd, writeEnd } = opened.value;
  const source = new Uint8Array(DEFAULT_PIPE_CAPACITY).map((_, i) => i & 0xff);
  const dest = new Uint8Array(DEFAULT_PIPE_CAPACITY);

  bench("64 KiB write + read", () => {
    const written = writeEnd.write(source);
    const read = readEnd.read(dest);
    if (written instanceof Promise || read instanceof Promise || !read.ok || read.value !== DEFAULT_PIPE_CAPACITY) {
      throw new Error("the 64 KiB round trip did not complete synchronously");
    }
  });
});
