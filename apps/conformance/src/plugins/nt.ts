/**
 * The built-in `nt` shim plugin: `@litebox-ts/shim-nt` on its own scheduler, standard streams as
 * host streams, a seeded schedule when asked. Its `core/say` and `core/exit` are the NT suite's
 * helper program (`/bin/nt/nt-child.elf say TEXT`, `exit N`), so they need the guest folder.
 *
 * @module
 */
import { Scheduler, err, ok } from "@litebox-ts/core";
import { HostStream, NtShim } from "@litebox-ts/shim-nt";
import { FolderProgramFiles } from "../guest/files";
import type { GuestProgram, ShimPlugin } from "../plugin/types";
import { CORE_PROGRAMS, portableProgramPath } from "./named-programs";
import type { BuiltinShimOptions } from "./posix";
import { SessionPrograms } from "./session-programs";

/** The NT helper every NT test starts (`argv[1]` selects what it does). */
const NT_CHILD = "/bin/nt/nt-child.elf";

/**
 * One argument quoted for an NT command line the way the SDK's start-up code splits it (spaces and
 * tabs separate, double quotes group, backslashes escape only before a quote).
 */
export function quoteNtArgument(argument: string): string {
  if (argument !== "" && !/[\s"]/.test(argument)) return argument;
  let out = '"';
  let slashes = 0;
  for (const c of argument) {
    if (c === "\\") {
      slashes++;
      continue;
    }
    out += "\\".repeat(c === '"' ? slashes * 2 + 1 : slashes) + c;
    slashes = 0;
  }
  return `${out}${"\\".repeat(slashes * 2)}"`;
}

/** The NT shim as a plugin. */
export function ntShimPlugin(options: BuiltinShimOptions): ShimPlugin {
  const guest = options.guestDir === undefined ? undefined : new FolderProgramFiles(options.guestDir);
  const fromGuest = (path: string, argv: readonly string[]): GuestProgram | undefined =>
    guest === undefined || guest.read(path) === undefined ? undefined : { path, argv, files: guest };
  return {
    name: "nt",
    personality: "nt",
    description: "@litebox-ts/shim-nt: an NT-style syscall ABI",
    program(name, args) {
      if (name === CORE_PROGRAMS.say) return fromGuest(NT_CHILD, [NT_CHILD, "say", args.join(" ")]);
      if (name === CORE_PROGRAMS.exit) return fromGuest(NT_CHILD, [NT_CHILD, "exit", String(Number(args[0] ?? 0) & 0xff)]);
      const path = portableProgramPath(name, "nt");
      return path === undefined ? undefined : fromGuest(path, [path, ...args]);
    },
    createSession(litebox, session) {
      const programs = new SessionPrograms();
      const scheduler = new Scheduler({
        clock: litebox.platform.time,
        executor: litebox.platform,
        ...(session.schedule === undefined ? {} : { seed: session.schedule }),
      });
      const shim = new NtShim(litebox, {
        scheduler,
        programs: { readProgram: (path) => programs.read(path) },
        loadImage: session.loadImage,
        trace: session.trace,
      });
      return {
        spawn(program) {
          programs.add(program.files);
          const started = shim.start({
            imagePath: program.path,
            commandLine: program.argv.map(quoteNtArgument).join(" "),
            stdout: new HostStream({ write: session.stdout }),
            stderr: new HostStream({ write: session.stderr }),
          });
          if (!started.ok) return err({ _tag: "SpawnFailure", detail: `NTSTATUS 0x${started.error.toString(16)}` });
          const process = started.value;
          return ok({ exitStatus: () => process.exitStatus(), release: () => process.release() });
        },
        run: () => scheduler.run(),
        stop: () => scheduler.stop(),
      };
    },
  };
}
