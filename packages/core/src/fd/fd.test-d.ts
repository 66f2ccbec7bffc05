import { describe, expectTypeOf, it } from "vitest";
import type { Descriptors } from "./descriptors";
import type { DescriptorEntry } from "./entry";
import type {
  CloseDescriptorError,
  DescriptorError,
  DescriptorLookupError,
  DescriptorOpenError,
  DuplicateDescriptorError,
} from "./errors";
import type { RawDescriptorStorage } from "./storage";
import { FdSubsystem, type AccessMode, type FdEnabledSubsystemEntry } from "./subsystem";
import type { Result } from "../util/result";

class Thing implements FdEnabledSubsystemEntry {
  readonly thing = true;
  onDup(): void {}
  onClose(): void {}
}
class Other implements FdEnabledSubsystemEntry {
  readonly other = true;
  onDup(): void {}
  onClose(): void {}
}
const THINGS = new FdSubsystem<Thing>("things");

describe("closed error sets", () => {
  it("DescriptorError is exactly its four members", () => {
    expectTypeOf<DescriptorError>().toEqualTypeOf<"NotFound" | "InvalidSubsystem" | "TooManyDescriptors" | "OutOfRange">();
  });

  it("each operation has its own subset", () => {
    expectTypeOf<DescriptorLookupError>().toEqualTypeOf<"NotFound" | "InvalidSubsystem">();
    expectTypeOf<DescriptorOpenError>().toEqualTypeOf<"TooManyDescriptors" | "OutOfRange">();
    expectTypeOf<DuplicateDescriptorError>().toEqualTypeOf<"NotFound" | "TooManyDescriptors" | "OutOfRange">();
    expectTypeOf<CloseDescriptorError>().toEqualTypeOf<"NotFound">();
    expectTypeOf<AccessMode>().toEqualTypeOf<"Read" | "Write" | "ReadWrite">();
  });
});

describe("typed lookups", () => {
  it("get(fd, subsystem) yields the subsystem's object type", () => {
    expectTypeOf<RawDescriptorStorage["get"]>().toBeFunction();
    const lookup = (s: RawDescriptorStorage) => s.get(3, THINGS);
    expectTypeOf(lookup).returns.toEqualTypeOf<Result<DescriptorEntry<Thing>, DescriptorLookupError>>();
    const entry = {} as DescriptorEntry<Thing>;
    expectTypeOf(entry.object).toEqualTypeOf<Thing>();
  });

  it("open only accepts objects of the subsystem's type", () => {
    const open = (table: Descriptors, s: RawDescriptorStorage) => {
      const fine = table.open(s, THINGS, new Thing());
      // @ts-expect-error an Other is not a Thing
      table.open(s, THINGS, new Other());
      return fine;
    };
    expectTypeOf(open).returns.toEqualTypeOf<Result<number, DescriptorOpenError>>();
  });

  it("entry.is narrows an untyped entry", () => {
    const entry = {} as DescriptorEntry;
    if (entry.is(THINGS)) expectTypeOf(entry.object).toEqualTypeOf<Thing>();
  });

  it("the reference count is read-only", () => {
    const entry = {} as DescriptorEntry<Thing>;
    expectTypeOf(entry.refCount).toEqualTypeOf<number>();
    // @ts-expect-error only the table changes the count
    entry.refCount = 3;
  });
});
