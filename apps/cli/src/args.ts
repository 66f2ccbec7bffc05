/**
 * The `litebox` command line. Node's `util.parseArgs` does the parsing (no dependency, strict,
 * typed); the one thing it cannot do — stop at the program so that options after it belong to the
 * guest (`litebox run prog.elf --verbose`) — is a small pre-split here.
 *
 * @module
 */
import { parseArgs } from "node:util";

/** Which shim runs the program. */
export type ShimName = "posix" | "nt";
/** Which platform. */
export type PlatformName = "userland" | "kernel-sim";
/** Which clock. */
export type ClockName = "virtual" | "real";

/** A parsed `litebox run`. */
export interface RunCommand {
  readonly kind: "run";
  readonly shim: ShimName;
  readonly platform: PlatformName;
  /** Host folder that is the guest's filesystem root (programs for execve come from it). */
  readonly root: string | undefined;
  /** Seed: deterministic randomness and, when given, randomised schedules. */
  readonly seed: number | undefined;
  readonly clock: ClockName;
  /** Extra environment strings (`--env NAME=VALUE`, repeatable). */
  readonly env: readonly string[];
  /** The program's host path. */
  readonly program: string;
  /** Its arguments (argv[1..]). */
  readonly args: readonly string[];
}

/** What the command line asked for. */
export type Command = RunCommand | { readonly kind: "help" } | { readonly kind: "version" };

/** Why the command line was refused: a closed set; the message is for the user. */
export interface UsageError {
  readonly _tag: "UsageError";
  readonly message: string;
}

const VALUE_OPTIONS = new Set(["--shim", "--platform", "--root", "--seed", "--clock", "--env"]);

/** The usage text. */
export const USAGE = `usage: litebox run [--shim posix|nt] [--platform userland|kernel-sim] [--root DIR]
                   [--seed N] [--clock virtual|real] [--env NAME=VALUE]... program.elf [args...]
       litebox --help | --version

Runs a RISC-V (RV32IMA) guest program inside LiteBox-TS with the host's stdin, stdout and stderr,
and exits with its status (128 + signal when a signal ended it).
  --shim       the OS personality (default posix: the Linux rv32 ABI)
  --platform   userland (SharedMemory, default) or kernel-sim (Isolated page tables)
  --root       a host folder that is the guest's / (execve finds programs there)
  --seed       seed of AT_RANDOM, getrandom and randomised scheduling (default: round-robin, seed 0)
  --clock      virtual (deterministic, default) or real (the host's monotonic clock)
  --env        an environment string for the program (repeatable; default: none)`;

function usage(message: string): UsageError {
  return { _tag: "UsageError", message };
}

/** Splits `litebox run` arguments at the program: options before it, the guest's arguments after. */
function splitAtProgram(argv: readonly string[]): { options: string[]; rest: string[] } {
  let i = 0;
  while (i < argv.length) {
    const a = argv[i]!;
    if (a === "--") return { options: argv.slice(0, i), rest: argv.slice(i + 1) };
    if (!a.startsWith("-") || a === "-") break;
    i += VALUE_OPTIONS.has(a) ? 2 : 1;
  }
  return { options: argv.slice(0, Math.min(i, argv.length)), rest: argv.slice(Math.min(i, argv.length)) };
}

/** Parses the command line (without `node` and the script). */
export function parseCommand(argv: readonly string[]): Command | UsageError {
  const [verb, ...tail] = argv;
  if (verb === undefined || verb === "--help" || verb === "-h" || verb === "help") return { kind: "help" };
  if (verb === "--version") return { kind: "version" };
  if (verb !== "run") return usage(`unknown command '${verb}'`);
  const { options, rest } = splitAtProgram(tail);
  let values;
  try {
    values = parseArgs({
      args: options,
      strict: true,
      allowPositionals: false,
      options: {
        shim: { type: "string", default: "posix" },
        platform: { type: "string", default: "userland" },
        root: { type: "string" },
        seed: { type: "string" },
        clock: { type: "string", default: "virtual" },
        env: { type: "string", multiple: true, default: [] },
      },
    }).values;
  } catch (e) {
    return usage(e instanceof Error ? e.message : String(e));
  }
  const shim = values.shim;
  if (shim !== "posix" && shim !== "nt") return usage(`--shim must be posix or nt, not '${shim}'`);
  const platform = values.platform;
  if (platform !== "userland" && platform !== "kernel-sim") return usage(`--platform must be userland or kernel-sim, not '${platform}'`);
  const clock = values.clock;
  if (clock !== "virtual" && clock !== "real") return usage(`--clock must be virtual or real, not '${clock}'`);
  let seed: number | undefined;
  if (values.seed !== undefined) {
    if (!/^\d+$/.test(values.seed) || Number(values.seed) > 0xffff_ffff) return usage(`--seed must be an integer in [0, 2^32), not '${values.seed}'`);
    seed = Number(values.seed);
  }
  for (const e of values.env) if (!e.includes("=")) return usage(`--env needs NAME=VALUE, not '${e}'`);
  const [program, ...args] = rest;
  if (program === undefined) return usage("run needs a program");
  return { kind: "run", shim, platform, root: values.root, seed, clock, env: values.env, program, args };
}
