import { describe, expectTypeOf, it } from "vitest";
import { LiteBox, type AddressSpaceIdOf } from "./litebox";
import type { Provider } from "./platform/provider";
import { TestPlatform } from "./testing/test-platform";

describe("LiteBox typing", () => {
  it("keeps the concrete platform type and its address-space id type", () => {
    const litebox = new LiteBox(new TestPlatform());
    expectTypeOf(litebox.platform).toEqualTypeOf<TestPlatform>();
    expectTypeOf<AddressSpaceIdOf<TestPlatform>>().toEqualTypeOf<number>();
    expectTypeOf(litebox.platform.createAddressSpace().ok).toEqualTypeOf<boolean>();
  });

  it("accepts any Provider, and nothing that is not one", () => {
    expectTypeOf<LiteBox<Provider<string>>["platform"]>().toEqualTypeOf<Provider<string>>();
    // @ts-expect-error a plain object is not a platform
    new LiteBox({});
  });
});
