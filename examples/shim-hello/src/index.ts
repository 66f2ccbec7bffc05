/**
 * litebox-shim-hello: the hello shim as a litebox-conformance plugin. Its default export is the
 * plugin; `litebox-conformance --shim <this folder>` loads it.
 */
import { CORE_PROGRAMS, writeExitElf, type ShimPlugin } from "@litebox-ts/conformance";
import { MapProgramFiles } from "@litebox-ts/conformance";
import { HelloSession, type HelloSessionOptions } from "./hello-shim.js";

/** The hello shim's system call numbers for its guests (Linux rv32's write and exit). */
const SYSCALLS = { write: 64, exit: 93 };

/** Makes the plugin (`options` exist for tests that need a misbehaving variant). */
export function createHelloShimPlugin(options: HelloSessionOptions & { readonly name?: string } = {}): ShimPlugin {
  return {
    name: options.name ?? "hello",
    personality: "hello",
    description: "litebox-shim-hello: write and exit only",
    // The core programs, built for this ABI; no portable program is declared (the portable suite's
    // programs need pipes, spawn and waits), so those cases are skipped for this shim.
    program(name, args) {
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
