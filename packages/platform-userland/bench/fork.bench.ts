// Fork cost on the userland platform: the core's forkAddressSpace (eager copy of private pages) into a
// fresh region, then the child's destruction (which wipes its region), with 1, 16 and 64 MiB of the
// parent touched. Run with `pnpm bench`; never asserted.
import { PAGE_SIZE, Prot, forkAddressSpace } from "@litebox-ts/core";
import { bench, describe } from "vitest";
import { UserlandPlatform } from "../src/index";

const MiB = 1024 * 1024;

describe("forkAddressSpace + destroy child", () => {
  for (const touched of [1, 16, 64]) {
    const platform = new UserlandPlatform({ regionSize: 128 * MiB, regionCount: 2 });
    const parent = platform.createAddressSpace();
    if (!parent.ok) throw new Error(parent.error);
    const mapped = platform.mapPages(parent.value, 0x10000, touched * MiB, Prot.Read | Prot.Write);
    if (!mapped.ok) throw new Error(mapped.error);
    const page = new Uint8Array(PAGE_SIZE).fill(0xa5);
    for (let at = 0; at < touched * MiB; at += PAGE_SIZE) platform.writeBytes(parent.value, 0x10000 + at, page);

    bench(`${touched} MiB touched`, () => {
      const child = forkAddressSpace(platform, parent.value);
      if (!child.ok) throw new Error(JSON.stringify(child.error));
      platform.destroyAddressSpace(child.value);
    });
  }
});
