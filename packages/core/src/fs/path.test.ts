import { describe, expect, it } from "vitest";
import { FsError } from "./errors";
import { NAME_MAX, PATH_MAX, nameFits, parsePath, utf8Length } from "./path";
import { err } from "../util/result";

describe("utf8Length", () => {
  it("counts UTF-8 bytes: 1, 2, 3 and 4-byte characters, lone surrogates as 3", () => {
    expect(utf8Length("abc")).toBe(3);
    expect(utf8Length("é")).toBe(2);
    expect(utf8Length("€")).toBe(3);
    expect(utf8Length("😀")).toBe(4);
    expect(utf8Length("\ud800")).toBe(3);
    expect(utf8Length("\ud800x")).toBe(4);
    expect(utf8Length("\udc00")).toBe(3);
    for (const s of ["héllo/wörld", "😀€é", "a\u0800b\uffff"]) expect(utf8Length(s)).toBe(new TextEncoder().encode(s).length);
  });
});

describe("parsePath", () => {
  it("splits on slashes, drops empty components, keeps . and ..", () => {
    expect(parsePath("/a//b/./../c")).toEqual({ ok: true, value: { absolute: true, components: ["a", "b", ".", "..", "c"], trailingSlash: false } });
    expect(parsePath("a/b")).toEqual({ ok: true, value: { absolute: false, components: ["a", "b"], trailingSlash: false } });
  });

  it("marks a trailing slash after a component, not for the root alone", () => {
    expect(parsePath("a/b//")).toEqual({ ok: true, value: { absolute: false, components: ["a", "b"], trailingSlash: true } });
    expect(parsePath("///")).toEqual({ ok: true, value: { absolute: true, components: [], trailingSlash: false } });
  });

  it("refuses the empty path (NotFound), a path of PATH_MAX bytes (NameTooLong) and NUL (InvalidArgument)", () => {
    expect(parsePath("")).toEqual(err(FsError.NotFound));
    expect(parsePath("a".repeat(PATH_MAX - 1)).ok).toBe(true);
    expect(parsePath("a".repeat(PATH_MAX))).toEqual(err(FsError.NameTooLong));
    expect(parsePath("é".repeat(PATH_MAX / 2))).toEqual(err(FsError.NameTooLong));
    expect(parsePath("a\0b")).toEqual(err(FsError.InvalidArgument));
  });
});

describe("nameFits", () => {
  it("allows up to NAME_MAX UTF-8 bytes", () => {
    expect(nameFits("a".repeat(NAME_MAX))).toBe(true);
    expect(nameFits("a".repeat(NAME_MAX + 1))).toBe(false);
    expect(nameFits("é".repeat(127))).toBe(true);
    expect(nameFits("é".repeat(128))).toBe(false);
  });
});
