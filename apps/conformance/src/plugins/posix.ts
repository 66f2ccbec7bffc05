/**
 * The built-in `posix` shim plugin: `@litebox-ts/shim-posix` wired the way the `litebox` command
 * wires it — riscv's loader injected, the guest's standard streams collected, a seeded schedule when
 * asked — plus the named programs of the shim-neutral suites.
 *
 * @module
 */
import { FileMode, err, ok } from "@litebox-ts/core";
import { PosixShim, ProgramLookupError, decodeWaitStatus, type ProgramSource } from "@litebox-ts/shim-posix";
import { FolderProgramFiles } from "../guest/files";
import { LINUX_WRITE_EXIT, writeExitElf } from "../guest/tiny-elf";
import type { GuestProgram, ShimPlugin } from "../plugin/types";
import { coreProgram, portableProgramPath } from "./named-programs";
import { SessionPrograms } from "./session-programs";

/** Options of {@link posixShimPlugin}. */
export interface BuiltinShimOptions {
  /** The repository's `guest/` folder (portable programs come from it); `undefined`: none. */
  readonly guestDir: string | undefined;
}

/** The shell's exit status for a Linux wait status: the exit code, or 128 + the signal. */
export function shellExitStatus(waitStatus: number): number {
  const decoded = decodeWaitStatus(waitStatus);
  return decoded.code === 1 ? decoded.status : 128 + decoded.status;
}

/** The POSIX shim as a plugin. */
export function posixShimPlugin(options: BuiltinShimOptions): ShimPlugin {
  return {
    name: "posix",
    personality: "posix",
    description: "@litebox-ts/shim-posix: the Linux rv32 syscall ABI",
    program(name, args): GuestProgram | undefined {
      const core = coreProgram(name, args, (text, status) => writeExitElf(LINUX_WRITE_EXIT, text, status));
      if (core !== undefined) return core;
      const path = portableProgramPath(name, "posix");
      if (path === undefined || options.guestDir === undefined) return undefined;
      const files = new FolderProgramFiles(options.guestDir);
      return files.read(path) === undefined ? undefined : { path, argv: [path, ...args], files };
    },
    createSession(litebox, session) {
      const programs = new SessionPrograms();
      const source: ProgramSource = {
        lookup(path) {
          const bytes = programs.read(path);
          if (bytes !== undefined) return ok({ path, bytes });
          return err(programs.isDirectory(path) ? ProgramLookupError.PermissionDenied : ProgramLookupError.NotFound);
        },
      };
      // A Linux-like root: programs that need a scratch folder use /tmp.
      const fs = litebox.fileSystem();
      fs.mkdir(fs.root, "/tmp", FileMode.STICKY | 0o777);
      const shim = new PosixShim(litebox, {
        loader: session.loadImage,
        programs: source,
        seed: session.schedule ?? session.seed,
        exploreSchedules: session.schedule !== undefined,
        stdio: { stdout: { write: session.stdout }, stderr: { write: session.stderr } },
        trace: session.trace,
      });
      return {
        spawn(program) {
          programs.add(program.files);
          const spawned = shim.spawn({ program: program.path, argv: program.argv });
          if (!spawned.ok) {
            const error = spawned.error;
            const detail = error._tag === "Load" ? `Load/${error.error._tag}` : `${error._tag}/${String(error.error)}`;
            return err({ _tag: "SpawnFailure", detail });
          }
          const process = spawned.value.process;
          return ok({
            exitStatus: () => (process.exitStatus === undefined ? undefined : shellExitStatus(process.exitStatus)),
            // Init reaps POSIX programs itself: the host holds no reference.
            release: () => undefined,
          });
        },
        run: () => shim.run(),
        stop: () => shim.scheduler.stop(),
      };
    },
  };
}
