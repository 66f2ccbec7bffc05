import { describe, expect, it } from "vitest";
import { anyOf, compilePattern } from "./patterns";

describe("name patterns", () => {
  it("without *: substring for filters, equality for entries", () => {
    expect(compilePattern("core/", "contains")("core/say")).toBe(true);
    expect(compilePattern("say", "contains")("core/exit")).toBe(false);
    expect(compilePattern("core/say", "exact")("core/say")).toBe(true);
    expect(compilePattern("core/sa", "exact")("core/say")).toBe(false);
  });

  it("with *: the whole name, * any run of characters, other characters literal", () => {
    const m = compilePattern("posix:*", "contains");
    expect(m("posix:userland")).toBe(true);
    expect(m("xposix:userland")).toBe(false);
    expect(compilePattern("a.b*", "exact")("a.bc")).toBe(true);
    expect(compilePattern("a.b*", "exact")("axbc")).toBe(false);
    expect(compilePattern("*(x)*", "exact")("1(x)2")).toBe(true);
  });

  it("anyOf: every name without patterns, else any match", () => {
    expect(anyOf([], "exact")("anything")).toBe(true);
    const m = anyOf(["nt:*", "posix:userland"], "exact");
    expect(["nt:kernel-sim", "posix:userland", "posix:kernel-sim"].map(m)).toEqual([true, true, false]);
  });
});
