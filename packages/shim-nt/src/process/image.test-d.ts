import { loadElf } from "@litebox-ts/riscv";
import { expectTypeOf, test } from "vitest";
import type { ImageLoader, ImageLoadError, LoadedImage } from "./image";

test("riscv's loadElf is an ImageLoader as it is, so a runner passes it unchanged", () => {
  const loader: ImageLoader = loadElf;
  expectTypeOf(loader).toEqualTypeOf<ImageLoader>();
  expectTypeOf<ReturnType<typeof loadElf>>().toMatchTypeOf<{ ok: true; value: LoadedImage } | { ok: false; error: ImageLoadError }>();
});

test("load errors are the closed set of riscv's tags", () => {
  expectTypeOf<ImageLoadError["_tag"]>().toEqualTypeOf<"ElfFormatError" | "ElfNotSupported" | "ElfMapError" | "InitialStackError">();
});
