/**
 * Test doubles for the runner's own tests: a platform plugin over the core's TestPlatform and a shim
 * plugin whose sessions do what a test tells them (write, exit, deadlock, hang, leak, throw) without
 * running any guest code.
 */
import { AddressSpaceKind, TestPlatform, err, ok, type Provider, type RunReport } from "@litebox-ts/core";
import { MapProgramFiles } from "../guest/files";
import type { PlatformPlugin, SessionOptions, ShimPlugin } from "../plugin/types";

/** The core's TestPlatform as a plugin. */
export const testPlatformPlugin: PlatformPlugin = {
  name: "test",
  kind: AddressSpaceKind.Isolated,
  create: () => new TestPlatform() as Provider<unknown>,
  createSmall: () => ({ platform: new TestPlatform({ capacity: 2 }) as Provider<unknown>, capacity: 2 }),
};

/** What a fake session does in one run. */
export interface FakeBehaviour {
  readonly stdout?: string;
  readonly stderr?: string;
  readonly exit?: number;
  readonly report?: RunReport;
  readonly spawnError?: string;
  /** run() only returns when stopped. */
  readonly hang?: boolean;
  /** spawn leaves a pipe open. */
  readonly leak?: boolean;
  readonly throwOnRun?: boolean;
  readonly trace?: string;
}

/** A fake shim: `behave(schedule)` says what each run does; `sessions` records each session's options. */
export function fakeShim(behave: (schedule: number | undefined) => FakeBehaviour, personality = "fake"): ShimPlugin & { sessions: SessionOptions[] } {
  const sessions: SessionOptions[] = [];
  const encode = (text: string) => Uint8Array.from(text, (c) => c.charCodeAt(0));
  return {
    name: "fake",
    personality,
    sessions,
    program: (name, args) => (name === "core/say" ? { path: "/say", argv: ["/say", ...args], files: new MapProgramFiles(new Map([["/say", new Uint8Array(4)]])) } : undefined),
    createSession(litebox, options) {
      sessions.push(options);
      const b = behave(options.schedule);
      let exit: number | undefined;
      let stop: (() => void) | undefined;
      return {
        spawn() {
          if (b.spawnError !== undefined) return err({ _tag: "SpawnFailure", detail: b.spawnError });
          if (b.leak) litebox.pipes().openPipe(litebox.descriptors().createStorage());
          return ok({ exitStatus: () => exit, release: () => undefined });
        },
        async run(): Promise<RunReport> {
          if (b.throwOnRun) throw new Error("the shim fell over");
          if (b.trace !== undefined) options.trace(b.trace);
          if (b.hang) return new Promise((resolve) => (stop = () => resolve({ kind: "stopped", instructions: 0 })));
          options.stdout(encode(b.stdout ?? ""));
          options.stderr(encode(b.stderr ?? ""));
          exit = b.exit ?? 0;
          return b.report ?? { kind: "completed", instructions: 1 };
        },
        stop: () => stop?.(),
      };
    },
  };
}
