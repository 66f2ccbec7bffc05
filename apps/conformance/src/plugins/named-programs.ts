/**
 * The named programs of the shim-neutral suites and where the built-in shims keep them. A shim
 * plugin answers `program(name, args)` for each name it supports:
 *
 * | name | args | what it must do |
 * |---|---|---|
 * | `core/say` | words | write the words joined by one space, then a newline, to standard output; exit 0 |
 * | `core/exit` | `[status]` | write nothing; exit with `status` (0–255) |
 * | `portable/<name>` | per case | the portable suite's program `<name>`, built for the shim |
 *
 * @module
 */
import { MapProgramFiles } from "../guest/files";
import type { GuestProgram } from "../plugin/types";

/** The named programs the core suite needs. */
export const CORE_PROGRAMS = { say: "core/say", exit: "core/exit" } as const;

/**
 * The `core/say` or `core/exit` program made by `build(text, status)` (an executable writing `text`
 * to standard output and exiting with `status`), or `undefined` for another name.
 */
export function coreProgram(name: string, args: readonly string[], build: (text: string, status: number) => Uint8Array): GuestProgram | undefined {
  let bytes: Uint8Array;
  if (name === CORE_PROGRAMS.say) bytes = build(`${args.join(" ")}\n`, 0);
  else if (name === CORE_PROGRAMS.exit) bytes = build("", Number(args[0] ?? 0) & 0xff);
  else return undefined;
  const path = `/bin/${name}`;
  // The text and status are baked into the executable: argv carries them for the reader only.
  return { path, argv: [path, ...args], files: new MapProgramFiles(new Map([[path, bytes]])) };
}

/**
 * The guest path of portable program `portable/<name>` built for `personality`:
 * `/bin/portable/<personality>/<name>.elf` under the repository's `guest/` folder (`undefined` for a
 * name outside the portable suite).
 */
export function portableProgramPath(name: string, personality: string): string | undefined {
  const match = /^portable\/([A-Za-z0-9._-]+)$/.exec(name);
  return match === null ? undefined : `/bin/portable/${personality}/${match[1]}.elf`;
}
