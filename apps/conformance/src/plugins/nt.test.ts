import { describe, expect, it } from "vitest";
import { quoteNtArgument } from "./nt";

describe("quoteNtArgument", () => {
  it("leaves plain words alone and quotes the rest the way the NT start-up code splits them", () => {
    expect(quoteNtArgument("say")).toBe("say");
    expect(quoteNtArgument("")).toBe('""');
    expect(quoteNtArgument("hello, litebox")).toBe('"hello, litebox"');
    expect(quoteNtArgument('a"b')).toBe('"a\\"b"');
    expect(quoteNtArgument("a\\b c")).toBe('"a\\b c"');
    expect(quoteNtArgument('a\\"b')).toBe('"a\\\\\\"b"');
    expect(quoteNtArgument("tail\\ x\\")).toBe('"tail\\ x\\\\"');
  });
});
