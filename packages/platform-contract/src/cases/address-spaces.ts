/**
 * Address-space lifecycle (RFC §2): creation, ranges, `InvalidId` after destroy on every method that
 * takes an id, `NoSpace` at capacity and recovery after a destroy, fresh memory reading zero.
 *
 * @module
 */
import {
  AddressSpaceError,
  PAGE_SIZE,
  PageError,
  Prot,
  type AddressSpaceProviderClass,
  type Provider,
} from "@litebox-ts/core";
import { ContractArea, type ContractCase } from "../case";
import { expectEqual, expectErr, expectOk, expectTrue, fail, show } from "../check";
import { mapOk, newSpace, pattern, rangeOf, readOk, workPage, writeOk } from "../fixture";
import { ContractViolationCode } from "../violation";

const U32_END = 2 ** 32;

const kindMatches: ContractCase = {
  name: "address-spaces: the instance kind equals the class's ADDRESS_SPACE_KIND and the declared kind",
  area: ContractArea.AddressSpaces,
  run(subject) {
    const platform = subject.createPlatform();
    expectEqual(platform.addressSpaceKind, subject.kind, "platform.addressSpaceKind");
    const cls = platform.constructor as Partial<AddressSpaceProviderClass> | undefined;
    expectEqual(cls?.ADDRESS_SPACE_KIND, subject.kind, "the class's static ADDRESS_SPACE_KIND");
  },
};

const distinctIdsAndRanges: ContractCase = {
  name: "address-spaces: created spaces have distinct ids and valid page-aligned ranges",
  area: ContractArea.AddressSpaces,
  run(subject) {
    const platform = subject.createPlatform();
    const ids = [newSpace(platform), newSpace(platform), newSpace(platform)];
    expectEqual(new Set(ids).size, 3, "the number of distinct ids among 3 created spaces");
    expectEqual(platform.resourceStats().addressSpaces, 3, "resourceStats().addressSpaces after 3 creations");
    for (const id of ids) {
      const range = rangeOf(platform, id);
      const valid = Number.isInteger(range.start) && Number.isInteger(range.end) && range.start >= 0 &&
        range.end <= U32_END && range.start < range.end && range.start % PAGE_SIZE === 0 && range.end % PAGE_SIZE === 0;
      expectTrue(valid, ContractViolationCode.WrongValue, `addressSpaceRange(${show(id)}) is ${show(range)}: not a page-aligned 32-bit range`);
      workPage(platform, id, 0); // long enough for the suite
      expectEqual(rangeOf(platform, id), range, `addressSpaceRange(${show(id)}) asked twice`);
    }
  },
};

function expectInvalidId<Id>(platform: Provider<Id>, dead: Id, address: number): void {
  const what = (op: string): string => `${op} on a destroyed space`;
  expectErr(platform.destroyAddressSpace(dead), AddressSpaceError.InvalidId, what("destroyAddressSpace"));
  expectErr(platform.activateAddressSpace(dead), AddressSpaceError.InvalidId, what("activateAddressSpace"));
  let called = false;
  expectErr(platform.withAddressSpace(dead, () => (called = true)), AddressSpaceError.InvalidId, what("withAddressSpace"));
  expectTrue(!called, ContractViolationCode.WrongValue, "withAddressSpace on a destroyed space ran its callback");
  expectErr(platform.addressSpaceRange(dead), AddressSpaceError.InvalidId, what("addressSpaceRange"));
  expectErr(platform.createCpu(dead), AddressSpaceError.InvalidId, what("createCpu"));
  if (platform.cloneAddressSpace) expectErr(platform.cloneAddressSpace(dead), AddressSpaceError.InvalidId, what("cloneAddressSpace"));
  expectErr(platform.mapPages(dead, address, PAGE_SIZE, Prot.Read), PageError.InvalidId, what("mapPages"));
  expectErr(platform.unmapPages(dead, address, PAGE_SIZE), PageError.InvalidId, what("unmapPages"));
  expectErr(platform.protectPages(dead, address, PAGE_SIZE, Prot.Read), PageError.InvalidId, what("protectPages"));
  expectErr(platform.queryPage(dead, address), PageError.InvalidId, what("queryPage"));
  expectErr(platform.mappings(dead), PageError.InvalidId, what("mappings"));
  const object = expectOk(platform.createSharedMemory(PAGE_SIZE), "createSharedMemory(1 page)");
  expectErr(platform.mapSharedPages(dead, address, PAGE_SIZE, Prot.Read, object, 0), PageError.InvalidId, what("mapSharedPages"));
  platform.releaseSharedMemory(object);
  const faults = [
    platform.readBytes(dead, address, new Uint8Array(4)),
    platform.writeBytes(dead, address, new Uint8Array(4)),
    platform.readBytes(dead, address, new Uint8Array(4), { force: true }),
    platform.writeBytes(dead, address, new Uint8Array(4), { force: true }),
    ((r) => (r.ok ? undefined : r.error))(platform.readU32(dead, address)),
    platform.writeU32(dead, address, 1),
    ((r) => (r.ok ? undefined : r.error))(platform.readCString(dead, address, 16)),
  ];
  const names = ["readBytes", "writeBytes", "readBytes(force)", "writeBytes(force)", "readU32", "writeU32", "readCString"];
  faults.forEach((fault, i) => {
    if (fault === undefined) fail(ContractViolationCode.MissingFault, `${what(names[i]!)} succeeded; expected a fault`);
    expectEqual(fault.address, address, `the fault address of ${what(names[i]!)}`, ContractViolationCode.WrongFault);
  });
}

const invalidIdAfterDestroy: ContractCase = {
  name: "address-spaces: every method answers InvalidId (or a fault) for a destroyed space",
  area: ContractArea.AddressSpaces,
  run(subject) {
    const platform = subject.createPlatform();
    const keep = newSpace(platform);
    const dead = newSpace(platform);
    const address = workPage(platform, dead, 0);
    mapOk(platform, dead, address, PAGE_SIZE, Prot.Read | Prot.Write);
    writeOk(platform, dead, address, pattern(64, 1));
    const cpu = expectOk(platform.createCpu(dead), "createCpu(live space)");
    expectOk(platform.destroyAddressSpace(dead), "destroyAddressSpace(live space)");
    expectInvalidId(platform, dead, address);
    expectEqual(platform.cpuAddressSpace(cpu), undefined, "cpuAddressSpace of a CPU whose space was destroyed");
    expectEqual(platform.resourceStats().addressSpaces, 1, "resourceStats().addressSpaces after destroying 1 of 2");
    // The other space is untouched.
    const keepAt = workPage(platform, keep, 0);
    mapOk(platform, keep, keepAt, PAGE_SIZE, Prot.Read | Prot.Write);
    writeOk(platform, keep, keepAt, pattern(64, 2));
    expectEqual([...readOk(platform, keep, keepAt, 64)].join(), [...pattern(64, 2)].join(), "the surviving space's bytes");
  },
};

const noSpaceAtCapacity: ContractCase = {
  name: "address-spaces: NoSpace at capacity, room again after a destroy",
  area: ContractArea.AddressSpaces,
  run(subject) {
    const { platform, capacity } = subject.createSmallPlatform();
    expectTrue(Number.isInteger(capacity) && capacity >= 1, ContractViolationCode.WrongValue, `small platform capacity ${capacity} is not a positive integer`);
    const ids = [];
    for (let i = 0; i < capacity; i++) ids.push(newSpace(platform, `createAddressSpace() #${i + 1} of capacity ${capacity}`));
    expectErr(platform.createAddressSpace(), AddressSpaceError.NoSpace, `createAddressSpace() #${capacity + 1} (capacity ${capacity})`);
    expectErr(platform.createAddressSpace(), AddressSpaceError.NoSpace, `createAddressSpace() again at capacity`);
    expectEqual(platform.resourceStats().addressSpaces, capacity, "resourceStats().addressSpaces at capacity");
    if (platform.cloneAddressSpace) {
      expectErr(platform.cloneAddressSpace(ids[0]), AddressSpaceError.NoSpace, "cloneAddressSpace at capacity");
    }
    const victim = ids[Math.floor(capacity / 2)];
    expectOk(platform.destroyAddressSpace(victim), "destroyAddressSpace at capacity");
    const again = newSpace(platform, "createAddressSpace() after a destroy at capacity");
    rangeOf(platform, again);
    expectErr(platform.createAddressSpace(), AddressSpaceError.NoSpace, "createAddressSpace() when full again");
    for (const id of ids) if (id !== victim) expectOk(platform.destroyAddressSpace(id), "destroyAddressSpace");
    expectOk(platform.destroyAddressSpace(again), "destroyAddressSpace");
    for (let i = 0; i < capacity; i++) newSpace(platform, `createAddressSpace() #${i + 1} after emptying the platform`);
  },
};

const freshMemoryReadsZero: ContractCase = {
  name: "address-spaces: new pages read as zero, also where a destroyed space's memory is reused",
  area: ContractArea.AddressSpaces,
  run(subject) {
    const platform = subject.createPlatform();
    const pages = 4;
    for (let round = 0; round < 3; round++) {
      const space = newSpace(platform);
      const at = workPage(platform, space, 0);
      mapOk(platform, space, at, pages * PAGE_SIZE, Prot.Read | Prot.Write);
      const seen = readOk(platform, space, at, pages * PAGE_SIZE);
      if (seen.some((b) => b !== 0)) fail(ContractViolationCode.WrongValue, `fresh pages of a new space (round ${round}) hold non-zero bytes`);
      writeOk(platform, space, at, pattern(pages * PAGE_SIZE, round + 1));
      // Mapping over a mapping replaces it with zero pages.
      mapOk(platform, space, at + PAGE_SIZE, PAGE_SIZE, Prot.Read | Prot.Write);
      const remapped = readOk(platform, space, at + PAGE_SIZE, PAGE_SIZE);
      if (remapped.some((b) => b !== 0)) fail(ContractViolationCode.WrongValue, "a page mapped over a written page is not zero");
      expectOk(platform.destroyAddressSpace(space), "destroyAddressSpace");
    }
    const last = newSpace(platform);
    const at = workPage(platform, last, 0);
    mapOk(platform, last, at, pages * PAGE_SIZE, Prot.Read);
    expectEqual(readOk(platform, last, at, pages * PAGE_SIZE).some((b) => b !== 0), false,
      "non-zero bytes in a space created after destroyed ones");
  },
};

/** The address-space lifecycle cases. */
export const addressSpaceCases: readonly ContractCase[] = [
  kindMatches,
  distinctIdsAndRanges,
  invalidIdAfterDestroy,
  noSpaceAtCapacity,
  freshMemoryReadsZero,
];
