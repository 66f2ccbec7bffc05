import { describe, expect, it } from "vitest";
import { OutputCollector, transcriptDiff, transcriptMatches } from "./transcript";

describe("transcripts", () => {
  it("the collector copies what it is given and decodes every byte as one character", () => {
    const out = new OutputCollector();
    const buffer = new Uint8Array([0x68, 0x69, 0xff]);
    out.write(buffer);
    buffer.fill(0);
    expect(out.text()).toBe("hi\u00ff");
    const big = new Uint8Array(20_000).fill(0x61);
    out.write(big);
    expect(out.text().length).toBe(20_003);
  });

  it("matches only when stdout, stderr and the exit status all agree", () => {
    const t = { stdout: "a\n", stderr: "", exitStatus: 0, run: "completed" };
    expect(transcriptMatches({ stdout: "a\n", exitStatus: 0 }, t)).toBe(true);
    expect(transcriptMatches({ stdout: "b\n", exitStatus: 0 }, t)).toBe(false);
    expect(transcriptMatches({ stdout: "a\n", stderr: "x", exitStatus: 0 }, t)).toBe(false);
    expect(transcriptMatches({ stdout: "a\n", exitStatus: 1 }, t)).toBe(false);
    expect(transcriptDiff({ stdout: "a\n", exitStatus: 0 }, t)).toBe("");
  });

  it("diffs each differing part as a unified diff", () => {
    const diff = transcriptDiff({ stdout: "one\ntwo\n", stderr: "warn\n", exitStatus: 0 }, { stdout: "one\nTWO\n", stderr: "", exitStatus: null, run: "stopped" });
    expect(diff).toContain("--- expected stdout\n+++ actual stdout\n@@ -1,2 +1,2 @@\n one\n-two\n+TWO");
    expect(diff).toContain("--- expected stderr\n+++ actual stderr");
    expect(diff).toContain("-warn");
    expect(diff).toContain("--- expected exit status\n+++ actual exit status\n-0\n+none (still running)");
    expect(diff).not.toContain("Index:");
    expect(diff).not.toMatch(/^=+$/m);
  });
});
