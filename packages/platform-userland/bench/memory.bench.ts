// Kernel-side guest-memory copies on the userland platform: 1 MiB readBytes / writeBytes over private
// pages, and 64 KiB over a shared object. Run with `pnpm bench`; never asserted.
import { Prot } from "@litebox-ts/core";
import { bench, describe } from "vitest";
import { UserlandPlatform } from "../src/index";

const MiB = 1024 * 1024;
const RW = Prot.Read | Prot.Write;

describe("guest memory copies", () => {
  const platform = new UserlandPlatform({ regionSize: 16 * MiB, regionCount: 1 });
  const created = platform.createAddressSpace();
  if (!created.ok) throw new Error(created.error);
  const s = created.value;
  platform.mapPages(s, 0x10000, MiB, RW);
  const shared = platform.createSharedMemory(64 * 1024);
  if (!shared.ok) throw new Error(shared.error);
  platform.mapSharedPages(s, 0x200000, 64 * 1024, RW, shared.value, 0);
  const big = new Uint8Array(MiB).fill(7);
  const small = new Uint8Array(64 * 1024).fill(9);

  bench("writeBytes 1 MiB private", () => {
    if (platform.writeBytes(s, 0x10000, big)) throw new Error("fault");
  });
  bench("readBytes 1 MiB private", () => {
    if (platform.readBytes(s, 0x10000, big)) throw new Error("fault");
  });
  bench("writeBytes 64 KiB shared", () => {
    if (platform.writeBytes(s, 0x200000, small)) throw new Error("fault");
  });
  bench("readU32 (aligned, private)", () => {
    const r = platform.readU32(s, 0x10040);
    if (!r.ok) throw new Error("fault");
  });
});
