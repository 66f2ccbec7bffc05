/**
 * Protection: kernel-side accesses to pages that forbid them come back as fault values with the access
 * kind and the reason; guest instructions that break a page's protection stop the CPU with the RISC-V
 * cause (12 fetch, 13 load, 15 store) at the faulting instruction, having changed nothing; protection
 * changes and unmaps take effect on the very next guest access.
 *
 * @module
 */
import { PAGE_SIZE, PageError, Prot, type CpuContext, type Provider } from "@litebox-ts/core";
import { ContractArea, type ContractCase } from "../case";
import { expectBytes, expectEqual, expectErr, expectFault, expectNoFault, expectOk, expectStop, faultOf } from "../check";
import { filled, mapOk, newSpace, readOk, u32, workPage, writeOk } from "../fixture";
import { ECALL, Reg, addi, li, lw, program, sw } from "../rv32";

const RW = Prot.Read | Prot.Write;

/** Four pages: RW, R, None, unmapped. */
function layout<Id>(platform: Provider<Id>, space: Id): { rw: number; ro: number; none: number; unmapped: number } {
  const rw = workPage(platform, space, 0);
  mapOk(platform, space, rw, PAGE_SIZE, RW);
  mapOk(platform, space, rw + PAGE_SIZE, PAGE_SIZE, Prot.Read);
  mapOk(platform, space, rw + 2 * PAGE_SIZE, PAGE_SIZE, Prot.None);
  return { rw, ro: rw + PAGE_SIZE, none: rw + 2 * PAGE_SIZE, unmapped: rw + 3 * PAGE_SIZE };
}

const kernelSideFaults: ContractCase = {
  name: "protection: kernel-side reads and writes fault as values with access kind and reason",
  area: ContractArea.Protection,
  run(subject) {
    const platform = subject.createPlatform();
    const s = newSpace(platform);
    const { rw, ro, none, unmapped } = layout(platform, s);
    writeOk(platform, s, ro, filled(PAGE_SIZE, 0x5a));
    const four = (): Uint8Array => new Uint8Array(4);

    expectNoFault(platform.writeBytes(s, rw + 8, u32(7)), "writeBytes to a RW page");
    expectNoFault(platform.readBytes(s, ro + 8, four()), "readBytes from a read-only page");
    expectFault(platform.writeBytes(s, ro + 8, u32(7)), { address: ro + 8, access: "write", reason: "protection" }, "writeBytes to a read-only page");
    expectFault(platform.writeU32(s, ro + 8, 7), { address: ro + 8, access: "write", reason: "protection" }, "writeU32 to a read-only page");
    expectFault(platform.readBytes(s, none + 12, four()), { address: none + 12, access: "read", reason: "protection" }, "readBytes from a PROT_NONE page");
    expectFault(platform.writeBytes(s, none, four()), { address: none, access: "write", reason: "protection" }, "writeBytes to a PROT_NONE page");
    expectFault(faultOf(platform.readU32(s, none)), { address: none, access: "read", reason: "protection" }, "readU32 from a PROT_NONE page");
    expectFault(faultOf(platform.readCString(s, none, 8)), { address: none, access: "read", reason: "protection" }, "readCString from a PROT_NONE page");
    expectFault(platform.readBytes(s, unmapped, four()), { address: unmapped, access: "read", reason: "unmapped" }, "readBytes from an unmapped page");
    expectFault(platform.writeBytes(s, unmapped + 4, four()), { address: unmapped + 4, access: "write", reason: "unmapped" }, "writeBytes to an unmapped page");
    // Straddling accesses fault at the first byte of the page that forbids them.
    expectFault(platform.writeBytes(s, ro - 4, new Uint8Array(8)), { address: ro, access: "write", reason: "protection" }, "writeBytes from a RW page into a read-only page");
    expectFault(platform.readBytes(s, none - 2, four()), { address: none, access: "read", reason: "protection" }, "readBytes from a read-only page into a PROT_NONE page");
    expectBytes(readOk(platform, s, ro, PAGE_SIZE, false), filled(PAGE_SIZE, 0x5a), "the read-only page after faulting writes");
    // `force` reaches mapped pages whatever their protection, never unmapped ones.
    writeOk(platform, s, ro + 16, u32(0xfeedface), true);
    expectBytes(readOk(platform, s, ro + 16, 4, false), u32(0xfeedface), "a forced write to a read-only page");
    writeOk(platform, s, none + 16, u32(0xabad1dea), true);
    expectBytes(readOk(platform, s, none + 16, 4, true), u32(0xabad1dea), "a forced write and read of a PROT_NONE page");
    expectFault(platform.readBytes(s, unmapped, four(), { force: true }), { address: unmapped, access: "read", reason: "unmapped" }, "a forced readBytes from an unmapped page");
    expectFault(platform.writeBytes(s, unmapped, four(), { force: true }), { address: unmapped, access: "write", reason: "unmapped" }, "a forced writeBytes to an unmapped page");
  },
};

const protectAndQuery: ContractCase = {
  name: "protection: protectPages changes what kernel-side accesses may do; over an unmapped page it is NotMapped",
  area: ContractArea.Protection,
  run(subject) {
    const platform = subject.createPlatform();
    const s = newSpace(platform);
    const { rw, ro, none, unmapped } = layout(platform, s);
    expectEqual(expectOk(platform.queryPage(s, ro), "queryPage(read-only)")?.prot, Prot.Read, "queryPage(read-only page).prot");
    expectEqual(expectOk(platform.queryPage(s, none), "queryPage(PROT_NONE)")?.prot, Prot.None, "queryPage(PROT_NONE page).prot");
    expectEqual(expectOk(platform.queryPage(s, unmapped), "queryPage(unmapped)"), undefined, "queryPage(unmapped page)");
    expectOk(platform.protectPages(s, ro, 2 * PAGE_SIZE, RW), "protectPages(read-only + PROT_NONE → RW)");
    expectNoFault(platform.writeBytes(s, ro, new Uint8Array(2 * PAGE_SIZE).fill(1)), "writeBytes after protectPages(RW)");
    expectOk(platform.protectPages(s, rw, PAGE_SIZE, Prot.Read), "protectPages(RW → R)");
    expectFault(platform.writeBytes(s, rw, u32(1)), { address: rw, access: "write", reason: "protection" }, "writeBytes after protectPages(R)");
    expectErr(platform.protectPages(s, none, 2 * PAGE_SIZE, Prot.Read), PageError.NotMapped, "protectPages over a mapped and an unmapped page");
    expectEqual(expectOk(platform.queryPage(s, none), "queryPage")?.prot, RW, "queryPage after a NotMapped protectPages (nothing changes)");
  },
};

/** Runs `cpu` from `pc` and checks how it stops, and that the pc is at the faulting instruction. */
function runTo(cpu: CpuContext, pc: number, expected: Parameters<typeof expectStop>[1], atPc: number, what: string): void {
  cpu.pc = pc;
  const before = cpu.instructionCount;
  expectStop(cpu.run(16), expected, what);
  expectEqual(cpu.pc, atPc, `the pc after ${what}`, "WrongStop");
  if (expected.kind === "fault") expectEqual(cpu.instructionCount - before, (atPc - pc) / 4, `instructions retired before ${what}`, "WrongStop");
}

const guestFaults: ContractCase = {
  name: "protection: guest stores into read-only pages and loads from PROT_NONE or unmapped pages stop with causes 15 and 13",
  area: ContractArea.Protection,
  appliesTo: (_kind, capabilities) => capabilities.rv32Cpu,
  run(subject) {
    const platform = subject.createPlatform();
    const s = newSpace(platform);
    const { ro, none, unmapped } = layout(platform, s);
    writeOk(platform, s, ro, filled(PAGE_SIZE, 0x5a));
    const code = workPage(platform, s, 8);
    mapOk(platform, s, code, PAGE_SIZE, Prot.Read | Prot.Exec);
    const cpu = expectOk(platform.createCpu(s), "createCpu");
    const store = (target: number): number[] => [...li(Reg.t0, target), addi(Reg.t1, Reg.zero, 0x123), sw(Reg.t1, Reg.t0, 0), ECALL];
    const load = (target: number): number[] => [...li(Reg.t0, target), addi(Reg.t1, Reg.zero, 0), lw(Reg.t1, Reg.t0, 0), ECALL];
    const cases: Array<[number[], number, "read" | "write", 13 | 15, string]> = [
      [store(ro + 8), ro + 8, "write", 15, "a guest sw into a read-only page"],
      [store(none), none, "write", 15, "a guest sw into a PROT_NONE page"],
      [store(unmapped + 4), unmapped + 4, "write", 15, "a guest sw into an unmapped page"],
      [load(none + 12), none + 12, "read", 13, "a guest lw from a PROT_NONE page"],
      [load(unmapped), unmapped, "read", 13, "a guest lw from an unmapped page"],
    ];
    for (const [words, address, access, cause, what] of cases) {
      writeOk(platform, s, code, program(words));
      runTo(cpu, code, { kind: "fault", address, access, cause }, code + 12, what);
    }
    expectBytes(readOk(platform, s, ro, PAGE_SIZE), filled(PAGE_SIZE, 0x5a), "the read-only page after a faulting guest store");
    writeOk(platform, s, code, program(load(ro + 8)));
    runTo(cpu, code, { kind: "ecall" }, code + 16, "a guest lw from a read-only page");
  },
};

const fetchFaults: ContractCase = {
  name: "protection: a guest fetch from a non-executable or unmapped page stops with cause 12",
  area: ContractArea.Protection,
  run(subject) {
    const platform = subject.createPlatform();
    const s = newSpace(platform);
    const { rw, ro, unmapped } = layout(platform, s);
    const cpu = expectOk(platform.createCpu(s), "createCpu");
    for (const [pc, what] of [[rw, "a RW page"], [ro + 64, "a read-only page"], [unmapped, "an unmapped page"]] as const) {
      runTo(cpu, pc, { kind: "fault", address: pc, access: "execute", cause: 12 }, pc, `a fetch from ${what}`);
    }
    // Execute permission granted later is honoured (and revoked again).
    writeOk(platform, s, ro, program([ECALL]));
    expectOk(platform.protectPages(s, ro, PAGE_SIZE, Prot.Read | Prot.Exec), "protectPages(R → RX)");
    runTo(cpu, ro, { kind: "ecall" }, ro, "an ecall on a page made executable");
    expectOk(platform.protectPages(s, ro, PAGE_SIZE, Prot.Read), "protectPages(RX → R)");
    runTo(cpu, ro, { kind: "fault", address: ro, access: "execute", cause: 12 }, ro, "a fetch after execute was revoked");
  },
};

const changesTakeEffect: ContractCase = {
  name: "protection: protectPages and unmapPages take effect on a CPU's next access (TLB shootdown)",
  area: ContractArea.Protection,
  appliesTo: (_kind, capabilities) => capabilities.rv32Cpu,
  run(subject) {
    const platform = subject.createPlatform();
    const s = newSpace(platform);
    const data = workPage(platform, s, 0);
    const code = workPage(platform, s, 8);
    mapOk(platform, s, data, PAGE_SIZE, RW);
    mapOk(platform, s, code, PAGE_SIZE, Prot.Read | Prot.Exec);
    // t0 = data; lw t1, 0(t0); addi t1, t1, 1; sw t1, 0(t0); ecall
    writeOk(platform, s, code, program([...li(Reg.t0, data), lw(Reg.t1, Reg.t0, 0), addi(Reg.t1, Reg.t1, 1), sw(Reg.t1, Reg.t0, 0), ECALL]));
    const cpu = expectOk(platform.createCpu(s), "createCpu");
    const storeAt = code + 16;
    // Warm the CPU's translation of both pages.
    for (let i = 0; i < 50; i++) runTo(cpu, code, { kind: "ecall" }, code + 20, "the increment loop");
    expectEqual(expectOk(platform.readU32(s, data), "readU32(counter)"), 50, "the counter after 50 guest increments");
    expectOk(platform.protectPages(s, data, PAGE_SIZE, Prot.Read), "protectPages(data → R)");
    runTo(cpu, code, { kind: "fault", address: data, access: "write", cause: 15 }, storeAt, "a guest store just after protectPages(R)");
    expectOk(platform.protectPages(s, data, PAGE_SIZE, RW), "protectPages(data → RW)");
    runTo(cpu, code, { kind: "ecall" }, code + 20, "the increment just after protectPages(RW)");
    expectEqual(expectOk(platform.readU32(s, data), "readU32(counter)"), 51, "the counter after re-enabling writes");
    expectOk(platform.unmapPages(s, data, PAGE_SIZE), "unmapPages(data)");
    runTo(cpu, code, { kind: "fault", address: data, access: "read", cause: 13 }, code + 8, "a guest load just after unmapPages");
    mapOk(platform, s, data, PAGE_SIZE, RW);
    runTo(cpu, code, { kind: "ecall" }, code + 20, "the increment on a freshly mapped page");
    expectEqual(expectOk(platform.readU32(s, data), "readU32(counter)"), 1, "the counter on a freshly mapped (zero) page");
    // Code changes made kernel-side are what the CPU executes next.
    writeOk(platform, s, code, program([ECALL]));
    runTo(cpu, code, { kind: "ecall" }, code, "code rewritten kernel-side");
  },
};

/** The protection cases. */
export const protectionCases: readonly ContractCase[] = [kernelSideFaults, protectAndQuery, guestFaults, fetchFaults, changesTakeEffect];
