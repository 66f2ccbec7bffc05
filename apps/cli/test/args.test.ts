import { describe, expect, it } from "vitest";
import { parseCommand, shellExitCode } from "../src/index";

describe("litebox command line", () => {
  it("parses run with defaults, and stops at the program so the guest's options are its own", () => {
    expect(parseCommand(["run", "prog.elf", "--verbose", "-x"])).toEqual({
      kind: "run",
      shim: "posix",
      platform: "userland",
      root: undefined,
      seed: undefined,
      clock: "virtual",
      env: [],
      program: "prog.elf",
      args: ["--verbose", "-x"],
    });
    expect(
      parseCommand(["run", "--shim", "nt", "--platform", "kernel-sim", "--root", "g", "--seed", "7", "--clock", "real", "--env", "A=1", "--env=B=2", "--", "-p", "1"]),
    ).toEqual({ kind: "run", shim: "nt", platform: "kernel-sim", root: "g", seed: 7, clock: "real", env: ["A=1", "B=2"], program: "-p", args: ["1"] });
  });

  it("answers help and version, and refuses bad input with a usage error", () => {
    expect(parseCommand([])).toEqual({ kind: "help" });
    expect(parseCommand(["--help"])).toEqual({ kind: "help" });
    expect(parseCommand(["--version"])).toEqual({ kind: "version" });
    const refused = (argv: string[]): string => {
      const r = parseCommand(argv);
      return "_tag" in r ? r.message : "accepted";
    };
    expect(refused(["go"])).toMatch(/unknown command/);
    expect(refused(["run"])).toMatch(/needs a program/);
    expect(refused(["run", "--bogus", "p"])).toMatch(/Unknown option/);
    expect(refused(["run", "--shim", "dos", "p"])).toMatch(/--shim/);
    expect(refused(["run", "--platform", "x", "p"])).toMatch(/--platform/);
    expect(refused(["run", "--clock", "x", "p"])).toMatch(/--clock/);
    expect(refused(["run", "--seed", "-1", "p"])).toMatch(/--seed/);
    expect(refused(["run", "--seed", "4294967296", "p"])).toMatch(/--seed/);
    expect(refused(["run", "--env", "NOEQUALS", "p"])).toMatch(/--env/);
  });

  it("turns a wait status into a shell exit code: the code, or 128 + the signal", () => {
    expect(shellExitCode(0x2a00)).toBe(42);
    expect(shellExitCode(9)).toBe(137);
    expect(shellExitCode(0x8b)).toBe(139);
  });
});
