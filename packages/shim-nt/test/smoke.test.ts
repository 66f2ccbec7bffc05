import { describe, expect, it } from "vitest";
import { PLATFORMS, runNtGuest } from "./support/run-guest";

describe.each(PLATFORMS)("smoke on %s", (platform) => {
  it("exit-code", async () => {
    const run = await runNtGuest("exit-code", [], platform);
    expect(run.report.kind).toBe("completed");
    expect(run.stdout).toBe("wait: 0\nGetExitCodeProcess: 1 code=42\n");
    expect(run.exitCode).toBe(0);
  });
});
