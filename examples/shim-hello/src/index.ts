/**
 * litebox-shim-hello: the hello shim as a litebox-conformance plugin. Its default export is the
 * plugin; `litebox-conformance --shim <this folder>` loads it.
 */
import { fileURLToPath } from "node:url";
import {
  CORE_PROGRAMS,
  FolderProgramFiles,
  MapProgramFiles,
  PORTABLE_MINIMAL_SUBSET,
  writeExitElf,
  type GuestProgram,
  type ShimPlugin,
} from "@litebox-ts/conformance";
import { HelloSession, type HelloSessionOptions } from "./hello-shim.js";

/** The hello shim's system call numbers for its guests (Linux rv32's write and exit). */
const SYSCALLS = { write: 64, exit: 93 };

/**
 * The portable programs this shim runs: the repository's POSIX builds of the portable suite's
 * write-and-exit programs (their only system calls are Linux's `write` and `exit_group`, which this
 * shim speaks). A shim published on its own would ship these files.
 */
const PORTABLE_BUILDS = new FolderProgramFiles(fileURLToPath(new URL("../../../guest/", import.meta.url)));

function portable(name: string, args: readonly string[]): GuestProgram | undefined {
  const program = name.slice("portable/".length);
  if (!PORTABLE_MINIMAL_SUBSET.includes(program)) return undefined;
  const path = `/bin/portable/posix/${program}.elf`;
  return PORTABLE_BUILDS.read(path) === undefined ? undefined : { path, argv: [path, ...args], files: PORTABLE_BUILDS };
}

/** Makes the plugin (`options` exist for tests that need a misbehaving variant). */
export function createHelloShimPlugin(options: HelloSessionOptions & { readonly name?: string } = {}): ShimPlugin {
  return {
    name: options.name ?? "hello",
    personality: "hello",
    description: "litebox-shim-hello: write and exit only",
    // The core programs, built for this ABI, and the portable subset it declares; for any other
    // named program it answers undefined, so those cases are skipped for this shim.
    program(name, args) {
      if (name.startsWith("portable/")) return portable(name, args);
      let bytes: Uint8Array;
      if (name === CORE_PROGRAMS.say) bytes = writeExitElf(SYSCALLS, `${args.join(" ")}\n`, 0);
      else if (name === CORE_PROGRAMS.exit) bytes = writeExitElf(SYSCALLS, "", Number(args[0] ?? 0));
      else return undefined;
      const path = `/bin/hello/${name.replace("/", "-")}`;
      return { path, argv: [path, ...args], files: new MapProgramFiles(new Map([[path, bytes]])) };
    },
    createSession: (litebox, session) => new HelloSession(litebox, session, options),
  };
}

export { HelloSession } from "./hello-shim.js";
export type { HelloSessionOptions } from "./hello-shim.js";

/** The plugin. */
export default createHelloShimPlugin();
