import { err, memoryFault, ok } from "@litebox-ts/core";
import { describe, expect, it } from "vitest";
import { expectBytes, expectEqual, expectErr, expectFault, expectNoFault, expectOk, expectStop, firstDifference, overlaps, show } from "./check";
import { ContractViolationCode, type ContractViolation } from "./violation";

function violation(f: () => unknown): ContractViolation {
  try {
    f();
  } catch (e) {
    return e as ContractViolation;
  }
  throw new Error("no violation");
}

describe("checks", () => {
  it("expectOk returns the value or names the error", () => {
    expect(expectOk(ok(3), "op")).toBe(3);
    const v = violation(() => expectOk(err("NoSpace"), "createAddressSpace()"));
    expect([v.code, v.message]).toEqual([ContractViolationCode.UnexpectedError, 'UnexpectedError: createAddressSpace() failed with "NoSpace"']);
  });

  it("expectErr distinguishes a missing error from a wrong one", () => {
    expect(() => expectErr(err("InvalidId"), "InvalidId", "op")).not.toThrow();
    expect(violation(() => expectErr(ok(1), "InvalidId", "op")).code).toBe(ContractViolationCode.MissingError);
    const wrong = violation(() => expectErr(err("NoSpace"), "InvalidId", "op"));
    expect([wrong.code, wrong.expected, wrong.actual]).toEqual([ContractViolationCode.WrongError, "InvalidId", "NoSpace"]);
  });

  it("expectEqual compares plain data deeply and uses the given code", () => {
    expect(() => expectEqual({ a: [1, { b: 2 }] }, { a: [1, { b: 2 }] }, "x")).not.toThrow();
    expect(violation(() => expectEqual({ a: 1 }, { a: 1, b: undefined }, "x")).code).toBe(ContractViolationCode.WrongValue);
    expect(violation(() => expectEqual([1], { 0: 1 } as unknown as number[], "x")).code).toBe(ContractViolationCode.WrongValue);
    expect(violation(() => expectEqual(1, 2, "x", ContractViolationCode.NotRestored)).code).toBe(ContractViolationCode.NotRestored);
  });

  it("expectFault checks address, access and reason; expectNoFault rejects any fault", () => {
    const f = memoryFault(0x2000, "write", "protection");
    expect(() => expectFault(f, { address: 0x2000, access: "write", reason: "protection" }, "w")).not.toThrow();
    expect(violation(() => expectFault(undefined, { address: 0x2000, access: "write", reason: "protection" }, "w")).code).toBe(ContractViolationCode.MissingFault);
    for (const wrong of [{ address: 0x2004 }, { access: "read" as const }, { reason: "unmapped" as const }]) {
      expect(violation(() => expectFault(f, { address: 0x2000, access: "write", reason: "protection", ...wrong }, "w")).code).toBe(ContractViolationCode.WrongFault);
    }
    expect(violation(() => expectNoFault(f, "w")).code).toBe(ContractViolationCode.UnexpectedFault);
  });

  it("expectBytes reports the first differing byte, lengths included", () => {
    expect(firstDifference(Uint8Array.of(1, 2), Uint8Array.of(1, 2))).toBeUndefined();
    expect(firstDifference(Uint8Array.of(1, 2), Uint8Array.of(1, 3))).toBe(1);
    expect(firstDifference(Uint8Array.of(1), Uint8Array.of(1, 3))).toBe(1);
    expect(violation(() => expectBytes(Uint8Array.of(1, 9), Uint8Array.of(1, 2), "b")).message).toContain("byte 1 is 9 (0x9), expected 2 (0x2) (lengths 2/2)");
  });

  it("expectStop compares kinds, and causes, accesses and addresses of faults", () => {
    const fault = { kind: "fault", address: 0x1000, access: "write", cause: 15 } as const;
    expect(() => expectStop(fault, fault, "s")).not.toThrow();
    expect(() => expectStop({ kind: "ecall" }, { kind: "ecall" }, "s")).not.toThrow();
    expect(violation(() => expectStop({ kind: "ecall" }, fault, "s")).code).toBe(ContractViolationCode.WrongStop);
    expect(violation(() => expectStop({ ...fault, cause: 13 }, fault, "s")).code).toBe(ContractViolationCode.WrongStop);
    expect(violation(() => expectStop({ ...fault, address: 0x1004 }, fault, "s")).code).toBe(ContractViolationCode.WrongStop);
  });

  it("overlaps and show", () => {
    expect(overlaps({ start: 0, end: 10 }, { start: 10, end: 20 })).toBe(false);
    expect(overlaps({ start: 0, end: 11 }, { start: 10, end: 20 })).toBe(true);
    expect(show(4096)).toBe("4096 (0x1000)");
    expect(show({ start: 4096 })).toBe('{"start":"0x1000"}');
    expect(show(undefined)).toBe("undefined");
  });
});
