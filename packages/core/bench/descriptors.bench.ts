// Descriptor throughput: duplicate a pipe's write end (the hooks bump the writer count) and close the
// copy again. Run with `pnpm bench`; never asserted.
import { bench, describe } from "vitest";
import { LiteBox, TestPlatform } from "../src/index";

describe("descriptors", () => {
  const box = new LiteBox(new TestPlatform());
  const storage = box.descriptors().createStorage();
  const opened = box.pipes().openPipe(storage);
  if (!opened.ok) throw new Error(opened.error);
  const { writeFd } = opened.value;

  bench("duplicate + close", () => {
    const dup = box.descriptors().duplicateDescriptor(storage, writeFd);
    if (!dup.ok) throw new Error(dup.error);
    storage.close(dup.value);
  });
});
