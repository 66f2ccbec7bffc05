/**
 * The plugin interfaces: what a shim or a platform gives the conformance runner. The built-in shims
 * (`posix`, `nt`) and platforms (`userland`, `kernel-sim`) implement them exactly as a third party
 * does; `--shim <package-or-path>` and `--platform <package-or-path>` load more. Everything here is
 * types: a plugin needs nothing from this package at run time.
 *
 * @module
 */
import type { AddressSpaceKind, LiteBox, Provider, Result, RunReport } from "@litebox-ts/core";
import type { PlatformCapabilities, SmallPlatform } from "@litebox-ts/platform-contract";
import type { loadElf } from "@litebox-ts/riscv";

/** A LiteBox over a platform whose address-space ids the runner treats as opaque. */
export type AnyLiteBox = LiteBox<Provider<unknown>>;

/** Reads a program's bytes by the path the guest uses (`undefined`: no such program). */
export interface ProgramFiles {
  /** The bytes of the executable at guest path `path`, or `undefined`. */
  read(path: string): Uint8Array | undefined;
  /** Whether `path` is a folder (execve of a folder is EACCES, not ENOENT); default: never. */
  isDirectory?(path: string): boolean;
}

/** A guest program ready to spawn: where it is, its arguments and where it finds other programs. */
export interface GuestProgram {
  /** The path the guest knows the program by (`/bin/posix/execve.elf`); looked up in `files`. */
  readonly path: string;
  /** Its argument vector, `argv[0]` included. */
  readonly argv: readonly string[];
  /** Where this program and any it starts (execve, CreateProcess) are found. */
  readonly files: ProgramFiles;
}

/** Why a spawn failed: a closed set; `detail` is the shim's own code (for the report). */
export interface SpawnFailure {
  readonly _tag: "SpawnFailure";
  /** The shim's error, e.g. `Load/BadMagic` or `NTSTATUS 0xc0000034`. */
  readonly detail: string;
}

/** A program the session started. */
export interface SpawnedGuest {
  /**
   * Its exit status as the personality reports it once it has ended (`undefined` while it runs):
   * POSIX shims the shell's convention (exit code, or 128 + signal), NT the exit code or NTSTATUS.
   */
  exitStatus(): number | undefined;
  /** Drops the host's reference to the process (NT's handle on it); called before the leak check. */
  release(): void;
}

/** The host side of one shim session: where guest output goes, seeds, the loader. */
export interface SessionOptions {
  /** Receives everything the guests write to their standard output. */
  readonly stdout: (bytes: Uint8Array) => void;
  /** Receives everything the guests write to their standard error. */
  readonly stderr: (bytes: Uint8Array) => void;
  /** Diagnostics of the shim itself (unimplemented calls…), shown beside a failing case. */
  readonly trace: (line: string) => void;
  /** Seed of the guests' randomness (AT_RANDOM, getrandom…). */
  readonly seed: number;
  /**
   * Schedule-exploration seed: randomise preemption points and thread choice with it.
   * `undefined`: the shim's default deterministic schedule (round-robin).
   */
  readonly schedule: number | undefined;
  /** The ELF loader (`loadElf` of `@litebox-ts/riscv`), so a shim need not import it (layering). */
  readonly loadImage: typeof loadElf;
}

/** One shim on one LiteBox: start programs, run them all to the end. */
export interface ShimSession {
  /** Starts `program` as a child of PID 1, with the session's standard streams. */
  spawn(program: GuestProgram): Result<SpawnedGuest, SpawnFailure>;
  /** Runs every guest thread until all have exited, a deadlock, or {@link ShimSession.stop}. */
  run(): Promise<RunReport>;
  /** Makes a running {@link ShimSession.run} return `stopped` soon (the runner's per-case timeout). */
  stop(): void;
}

/**
 * A shim as a plugin: a name, the personality that decides which suites apply to it, the programs it
 * provides for the shim-neutral suites, and how to create it on a LiteBox.
 *
 * The module given to `--shim` exports one as its default export (or as `shimPlugin`).
 */
export interface ShimPlugin {
  /** The name in reports and column headings (`posix`, `nt`, `hello`); unique in a run. */
  readonly name: string;
  /**
   * The personality: `posix` gets the POSIX guest suite, `nt` the NT one, anything else neither.
   * The shim-neutral suites (core, portable) apply to every personality.
   */
  readonly personality: string;
  /** One line about the shim, for reports. */
  readonly description?: string;
  /**
   * The shim's build of a shim-neutral program (`core/say`, `core/exit`, `portable/<name>`), or
   * `undefined` when the shim does not provide it: the cases that need it are then skipped for this
   * shim, with that reason. See the README's table of named programs for what each must do.
   */
  program(name: string, args: readonly string[]): GuestProgram | undefined;
  /** Creates the shim on `litebox` (a fresh instance per case run; PID 1 already exists). */
  createSession(litebox: AnyLiteBox, options: SessionOptions): ShimSession;
}

/**
 * A platform as a plugin: a name, its kind, and how to make fresh instances of it.
 *
 * The module given to `--platform` exports one as its default export (or as `platformPlugin`).
 */
export interface PlatformPlugin {
  /** The name in reports and column headings (`userland`, `kernel-sim`); unique in a run. */
  readonly name: string;
  /** Its `ADDRESS_SPACE_KIND`. */
  readonly kind: AddressSpaceKind;
  /** One line about the platform, for reports. */
  readonly description?: string;
  /**
   * A fresh platform with room for every guest suite (a few dozen processes of up to 16 MiB) and for
   * the platform contract (at least 8 spaces of 1 MiB). Its clock should be virtual, for
   * deterministic runs.
   */
  create(): Provider<unknown>;
  /** A fresh platform with a small, exact capacity: the platform contract's `NoSpace` cases. */
  createSmall(): SmallPlatform<unknown>;
  /** What its CPUs can execute (default: RV32IMA). */
  readonly capabilities?: PlatformCapabilities;
}

/** Identity function that types a shim plugin (for plugin authors writing plain objects). */
export function defineShimPlugin<T extends ShimPlugin>(plugin: T): T {
  return plugin;
}

/** Identity function that types a platform plugin. */
export function definePlatformPlugin<T extends PlatformPlugin>(plugin: T): T {
  return plugin;
}
