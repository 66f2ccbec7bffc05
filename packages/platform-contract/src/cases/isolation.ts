/**
 * Isolation: no guest address, used through one address space, reaches another. On Isolated platforms
 * the same virtual address in two spaces holds different bytes; on SharedMemory platforms the ranges are
 * disjoint and every address — edge values, other spaces' ranges, wrapping accesses — is confined to
 * the space it is used through. Checked kernel-side and (with an RV32 CPU) by guest loads and stores,
 * by writing through one space and reading every other.
 *
 * @module
 */
import { AddressSpaceKind, PAGE_SIZE, Prot, type AddressRange, type Provider } from "@litebox-ts/core";
import { ContractArea, type ContractCase } from "../case";
import { expectOk, expectTrue, fail, hex, overlaps, show } from "../check";
import { filled, mapOk, newSpace, pattern, rangeOf, readOk, workPage, writeOk } from "../fixture";
import { ECALL, Reg, li, lw, program, sw } from "../rv32";
import { capabilitiesOf } from "../subject";
import { ContractViolationCode } from "../violation";

const U32_END = 2 ** 32;
const SPACES = 4;

interface Probed<Id> {
  readonly id: Id;
  readonly range: AddressRange;
  /** Page addresses mapped RW and filled with `marker`. */
  readonly pages: number[];
  readonly marker: number;
  /** The byte this space writes at probe addresses. */
  readonly stamp: number;
}

const alignDown = (a: number): number => Math.floor(a / PAGE_SIZE) * PAGE_SIZE;

/** Guest addresses worth trying: edge values of the 32-bit space and of every space's range. */
function probeAddresses(ranges: readonly AddressRange[]): number[] {
  const set = new Set<number>([0, 4, PAGE_SIZE - 4, PAGE_SIZE, 0x10000, 0x7fff_fffc, 0x8000_0000, 0xffff_f000, 0xffff_fffc, 0xffff_fffe]);
  for (const r of ranges) {
    const mid = alignDown(r.start + (r.end - r.start) / 2);
    for (const a of [r.start, r.start + PAGE_SIZE, mid, r.end - PAGE_SIZE, r.end - 4, r.end - 2, r.start - 4, r.end]) {
      if (a >= 0 && a < U32_END) set.add(a);
    }
  }
  return [...set].sort((x, y) => x - y);
}

/**
 * The pages of `range` where an access at `probe` could land if the platform is right: on SharedMemory
 * the page the SFI re-basing picks (`start + probe mod length`), on Isolated the probe's own page.
 */
function landingPage(kind: AddressSpaceKind, range: AddressRange, probe: number): number | undefined {
  if (kind === AddressSpaceKind.SharedMemory) return alignDown(range.start + (probe % (range.end - range.start)));
  return probe >= range.start && probe < range.end ? alignDown(probe) : undefined;
}

function setUp<Id>(platform: Provider<Id>, kind: AddressSpaceKind): { spaces: Probed<Id>[]; probes: number[] } {
  const ids: Id[] = [];
  for (let i = 0; i < SPACES; i++) ids.push(newSpace(platform, `createAddressSpace() #${i + 1}`));
  const ranges = ids.map((id) => rangeOf(platform, id));
  const probes = probeAddresses(ranges);
  const spaces = ids.map((id, i): Probed<Id> => {
    const range = ranges[i]!;
    const pages = new Set<number>([range.start, range.end - PAGE_SIZE]);
    for (const p of probes) {
      for (const q of [p, p + 3]) {
        const page = landingPage(kind, range, q % U32_END);
        if (page !== undefined) pages.add(page);
      }
    }
    return { id, range, pages: [...pages].sort((x, y) => x - y), marker: 0x11 * (i + 1), stamp: 0xa0 + i };
  });
  for (const s of spaces) {
    for (const page of s.pages) {
      mapOk(platform, s.id, page, PAGE_SIZE, Prot.Read | Prot.Write);
      writeOk(platform, s.id, page, filled(PAGE_SIZE, s.marker));
    }
  }
  return { spaces, probes };
}

/** Every other space still holds only its marker; `how` describes the access just made. */
function checkOthers<Id>(platform: Provider<Id>, spaces: readonly Probed<Id>[], from: Probed<Id>, how: string): void {
  for (const t of spaces) {
    if (t === from) continue;
    for (const page of t.pages) {
      const bytes = readOk(platform, t.id, page, PAGE_SIZE);
      const at = bytes.findIndex((b) => b !== t.marker);
      if (at >= 0) {
        fail(ContractViolationCode.IsolationBreach,
          `${how} through space ${show(from.id)} changed byte ${hex(page + at)} of space ${show(t.id)} to ${hex(bytes[at]!)}`,
          t.marker, bytes[at]);
      }
    }
  }
}

/** Bytes read through `from` must be its own (marker or stamp), never another space's. */
function checkRead<Id>(spaces: readonly Probed<Id>[], from: Probed<Id>, bytes: Uint8Array, how: string): void {
  for (const b of bytes) {
    if (b === from.marker || b === from.stamp) continue;
    const owner = spaces.find((t) => t.marker === b || t.stamp === b);
    fail(owner ? ContractViolationCode.IsolationBreach : ContractViolationCode.WrongValue,
      `${how} through space ${show(from.id)} read ${hex(b)}${owner ? `, a byte of space ${show(owner.id)}` : " (not a byte of this space)"}`);
  }
}

function refill<Id>(platform: Provider<Id>, s: Probed<Id>): void {
  for (const page of s.pages) writeOk(platform, s.id, page, filled(PAGE_SIZE, s.marker));
}

const rangesDisjoint: ContractCase = {
  name: "isolation: SharedMemory ranges are pairwise disjoint, also after spaces are destroyed and re-created",
  area: ContractArea.Isolation,
  appliesTo: (kind) => kind === AddressSpaceKind.SharedMemory,
  run(subject) {
    const check = <Id>(platform: Provider<Id>, ids: readonly Id[], when: string): void => {
      const ranges = ids.map((id) => rangeOf(platform, id));
      ranges.forEach((a, i) => ranges.forEach((b, j) => {
        if (i < j && overlaps(a, b)) {
          fail(ContractViolationCode.IsolationBreach, `${when}: the ranges of spaces ${show(ids[i])} ${show(a)} and ${show(ids[j])} ${show(b)} overlap`);
        }
      }));
    };
    const platform = subject.createPlatform();
    const ids = Array.from({ length: 6 }, () => newSpace(platform));
    check(platform, ids, "6 live spaces");
    expectOk(platform.destroyAddressSpace(ids[1]), "destroyAddressSpace");
    expectOk(platform.destroyAddressSpace(ids[3]), "destroyAddressSpace");
    const again = [ids[0], ids[2], ids[4], ids[5], newSpace(platform), newSpace(platform)];
    check(platform, again, "after destroying 2 of 6 and creating 2");
    const small = subject.createSmallPlatform();
    check(small.platform, Array.from({ length: small.capacity }, () => newSpace(small.platform)), "a small platform at capacity");
  },
};

const sameVaDifferentBytes: ContractCase = {
  name: "isolation: Isolated spaces hold different bytes at the same virtual address",
  area: ContractArea.Isolation,
  appliesTo: (kind) => kind === AddressSpaceKind.Isolated,
  run(subject) {
    const platform = subject.createPlatform();
    const [a, b, c] = [newSpace(platform), newSpace(platform), newSpace(platform)];
    const at = workPage(platform, a, 0);
    expectTrue(workPage(platform, b, 0) === at, ContractViolationCode.WrongValue, "two Isolated spaces have different ranges");
    mapOk(platform, a, at, 2 * PAGE_SIZE, Prot.Read | Prot.Write);
    mapOk(platform, b, at, 2 * PAGE_SIZE, Prot.Read | Prot.Write);
    writeOk(platform, a, at, pattern(2 * PAGE_SIZE, 1));
    writeOk(platform, b, at, pattern(2 * PAGE_SIZE, 2));
    const fromA = readOk(platform, a, at, 2 * PAGE_SIZE);
    const fromB = readOk(platform, b, at, 2 * PAGE_SIZE);
    if (fromA.some((x, i) => x !== pattern(2 * PAGE_SIZE, 1)[i])) fail(ContractViolationCode.IsolationBreach, "space a's bytes changed after writing the same VA in space b");
    if (fromB.some((x, i) => x !== pattern(2 * PAGE_SIZE, 2)[i])) fail(ContractViolationCode.WrongValue, "space b's bytes are not what was written");
    const probe = new Uint8Array(1);
    const fault = platform.readBytes(c, at, probe);
    if (fault === undefined) fail(ContractViolationCode.IsolationBreach, `a page mapped in a and b is readable in c at ${hex(at)}`);
    if (capabilitiesOf(subject).rv32Cpu) {
      // Guest loads of the same VA from CPUs in a and b see their own space.
      const seen = [a, b].map((space) => {
        const code = workPage(platform, space, 4);
        mapOk(platform, space, code, PAGE_SIZE, Prot.Read | Prot.Exec);
        writeOk(platform, space, code, program([...li(Reg.t0, at), lw(Reg.a0, Reg.t0, 0), ECALL]));
        const cpu = expectOk(platform.createCpu(space), "createCpu");
        cpu.pc = code;
        const stop = cpu.run(10);
        expectTrue(stop.kind === "ecall", ContractViolationCode.WrongStop, `a guest load at ${hex(at)} stopped with ${show(stop)}`);
        return cpu.getRegister(Reg.a0);
      });
      const word = (p: Uint8Array): number => new DataView(p.buffer).getUint32(0, true);
      expectTrue(seen[0] === word(pattern(2 * PAGE_SIZE, 1)) && seen[1] === word(pattern(2 * PAGE_SIZE, 2)),
        ContractViolationCode.IsolationBreach, `guest loads at ${hex(at)} in a and b read ${show(seen)}`);
    }
  },
};

const kernelSideConfined: ContractCase = {
  name: "isolation: kernel-side reads and writes at edge addresses never reach another space",
  area: ContractArea.Isolation,
  run(subject) {
    const platform = subject.createPlatform();
    const { spaces, probes } = setUp(platform, subject.kind);
    for (const s of spaces) {
      for (const p of probes) {
        const stamp = filled(4, s.stamp);
        const wrote = platform.writeBytes(s.id, p, stamp) === undefined;
        checkOthers(platform, spaces, s, `a 4-byte write at ${hex(p)}`);
        const back = new Uint8Array(4);
        if (platform.readBytes(s.id, p, back) === undefined) {
          checkRead(spaces, s, back, `a 4-byte read at ${hex(p)}`);
          if (wrote && back.some((b) => b !== s.stamp)) {
            fail(ContractViolationCode.WrongValue, `a write at ${hex(p)} through ${show(s.id)} succeeded but reading it back gave ${show([...back])}`);
          }
        }
      }
      // One long write from the range's first page to past its end, through the wrap-around too.
      platform.writeBytes(s.id, s.range.end - 2 * PAGE_SIZE, filled(3 * PAGE_SIZE, s.stamp));
      checkOthers(platform, spaces, s, "a write across the range's end");
      platform.writeBytes(s.id, 0xffff_f000, filled(2 * PAGE_SIZE, s.stamp));
      checkOthers(platform, spaces, s, "a write across 2^32");
      refill(platform, s);
    }
  },
};

const guestConfined: ContractCase = {
  name: "isolation: guest loads and stores at edge addresses never reach another space",
  area: ContractArea.Isolation,
  appliesTo: (_kind, capabilities) => capabilities.rv32Cpu,
  run(subject) {
    const platform = subject.createPlatform();
    const { spaces, probes } = setUp(platform, subject.kind);
    for (const s of spaces) {
      // A code page and a data page away from the probed pages.
      const free: number[] = [];
      for (let i = 8; free.length < 2; i++) {
        const at = workPage(platform, s.id, i);
        if (!s.pages.includes(at) && expectOk(platform.queryPage(s.id, at), "queryPage") === undefined) free.push(at);
      }
      const [code, data] = free as [number, number];
      mapOk(platform, s.id, code, PAGE_SIZE, Prot.Read | Prot.Exec);
      mapOk(platform, s.id, data, PAGE_SIZE, Prot.Read | Prot.Write);
      const loadAt = code + 4 * 4;
      const storeAt = loadAt + 4;
      writeOk(platform, s.id, code, program([
        ...li(Reg.t2, data), // 0, 4
        lw(Reg.t0, Reg.t2, 0), // 8: the probe address
        lw(Reg.t1, Reg.t2, 4), // 12: the word to store
        lw(Reg.a0, Reg.t0, 0), // 16: load probe
        sw(Reg.t1, Reg.t0, 0), // 20: store probe
        ECALL,
      ]));
      const cpu = expectOk(platform.createCpu(s.id), "createCpu");
      const stampWord = s.stamp * 0x0101_0101;
      for (const p of probes.filter((q) => q % 4 === 0)) {
        const args = new Uint8Array(8);
        new DataView(args.buffer).setUint32(0, p, true);
        new DataView(args.buffer).setUint32(4, stampWord >>> 0, true);
        writeOk(platform, s.id, data, args);
        cpu.pc = code;
        let stop = cpu.run(20);
        if (stop.kind === "fault" && stop.cause === 13 && cpu.pc === loadAt) {
          cpu.pc = storeAt; // the load faulted: try the store on its own
          stop = cpu.run(20);
        } else if (stop.kind === "fault" || stop.kind === "ecall") {
          const loaded = cpu.getRegister(Reg.a0);
          checkRead(spaces, s, new Uint8Array(new Uint32Array([loaded]).buffer), `a guest lw at ${hex(p)}`);
        }
        const expected = stop.kind === "ecall" || (stop.kind === "fault" && stop.cause === 15 && cpu.pc === storeAt);
        expectTrue(expected, ContractViolationCode.WrongStop, `guest accesses at ${hex(p)} stopped with ${show(stop)} at pc ${hex(cpu.pc)}`);
        checkOthers(platform, spaces, s, `a guest sw at ${hex(p)}`);
      }
      refill(platform, s);
    }
  },
};

/** The isolation cases. */
export const isolationCases: readonly ContractCase[] = [rangesDisjoint, sameVaDifferentBytes, kernelSideConfined, guestConfined];
