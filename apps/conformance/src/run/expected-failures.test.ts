import { describe, expect, it } from "vitest";
import { ExpectedFailures, parseExpectedFailures } from "./expected-failures";

function parsed(value: unknown): ExpectedFailures {
  const r = parseExpectedFailures(JSON.stringify(value), "f.json");
  if (!r.ok) throw new Error(r.error.message);
  return r.value;
}

function refused(text: string): string {
  const r = parseExpectedFailures(text, "f.json");
  if (r.ok) throw new Error("accepted");
  expect(r.error._tag).toBe("ExpectedFailuresError");
  return r.error.message;
}

describe("expected-failures file", () => {
  it("looks up by case and pair, patterns and defaults included, and tracks unused entries", () => {
    const x = parsed({
      expectedFailures: [
        { case: "posix/brk", pairs: ["posix:*"], reason: "no brk" },
        { case: "nt/*", reason: "all nt" },
        { case: "core/never", reason: "stale" },
      ],
    });
    expect(x.lookup("posix/brk", "posix:userland")).toBe("no brk");
    expect(x.lookup("posix/brk", "hello:userland")).toBeUndefined();
    expect(x.lookup("posix/brkx", "posix:userland")).toBeUndefined();
    expect(x.lookup("nt/anything", "nt:kernel-sim")).toBe("all nt");
    expect(x.unused()).toEqual(["core/never on *"]);
    expect(ExpectedFailures.none.lookup("a/b", "c:d")).toBeUndefined();
  });

  it("the first matching entry wins", () => {
    const x = parsed({ expectedFailures: [{ case: "a/*", reason: "first" }, { case: "a/b", reason: "second" }] });
    expect(x.lookup("a/b", "p:q")).toBe("first");
    expect(x.unused()).toEqual(["a/b on *"]);
  });

  it("refuses malformed files, naming the entry", () => {
    expect(refused("{")).toMatch(/^f\.json: not JSON/);
    expect(refused("null")).toBe('f.json: expected an object with an "expectedFailures" array');
    expect(refused("[]")).toBe('f.json: expected an object with an "expectedFailures" array');
    expect(refused('{"expectedFailures": {}}')).toBe('f.json: expected an object with an "expectedFailures" array');
    expect(refused('{"expectedFailures": [3]}')).toBe("f.json: expectedFailures[0] is not an object");
    expect(refused('{"expectedFailures": [null]}')).toBe("f.json: expectedFailures[0] is not an object");
    expect(refused('{"expectedFailures": [{"reason": "r"}]}')).toBe("f.json: expectedFailures[0].case must be a non-empty string");
    expect(refused('{"expectedFailures": [{"case": "", "reason": "r"}]}')).toBe("f.json: expectedFailures[0].case must be a non-empty string");
    expect(refused('{"expectedFailures": [{"case": "a/b"}]}')).toBe("f.json: expectedFailures[0].reason must say why");
    expect(refused('{"expectedFailures": [{"case": "a/b", "reason": "  "}]}')).toBe("f.json: expectedFailures[0].reason must say why");
    expect(refused('{"expectedFailures": [{"case": "a/b", "reason": "r", "pairs": []}]}')).toBe("f.json: expectedFailures[0].pairs must be a non-empty array of pair ids or patterns");
    expect(refused('{"expectedFailures": [{"case": "a/b", "reason": "r", "pairs": [1]}]}')).toMatch(/pairs must be/);
    expect(refused('{"expectedFailures": [{"case": "a/b", "reason": "r", "pairs": "x:y"}]}')).toMatch(/pairs must be/);
  });
});
