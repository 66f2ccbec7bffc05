/**
 * `litebox run`: builds a platform, a LiteBox and a shim, starts the program with the host's stdio,
 * runs it to the end and turns its status into a shell exit code. Host I/O is injected
 * ({@link HostIo}) so tests can run it in-process.
 *
 * @module
 */
import { LiteBox, RealClock, Scheduler, VirtualClock, type Provider, type RunReport } from "@litebox-ts/core";
import { KernelSimPlatform } from "@litebox-ts/platform-kernel-sim";
import { UserlandPlatform } from "@litebox-ts/platform-userland";
import { loadElf } from "@litebox-ts/riscv";
import { HostStream, NtShim } from "@litebox-ts/shim-nt";
import { HostInput, PosixShim, decodeWaitStatus, resolvePath, type AnyLiteBox } from "@litebox-ts/shim-posix";
import { isAbsolute, join, relative, resolve, sep } from "node:path";
import type { ClockName, PlatformName, RunCommand } from "./args";
import { HostFolderProgramSource } from "./host-programs";
import { imageFromHostFolder, mountTmp } from "./root-image";

/** The host side of a run. */
export interface HostIo {
  /** The program file's bytes (ENOENT etc. as a thrown Node error). */
  readFile(path: string): Uint8Array;
  /** Guest writes to fd 1. */
  stdout(bytes: Uint8Array): void;
  /** Guest writes to fd 2. */
  stderr(bytes: Uint8Array): void;
  /** True when fd 1 (resp. 2) is a terminal. */
  readonly stdoutIsTerminal: boolean;
  readonly stderrIsTerminal: boolean;
  /** Connects the host's stdin to `input` (push data, then end). */
  connectStdin(input: HostInput): void;
  /** All of stdin at once (the NT shim takes its input up front). */
  readAllStdin(): Uint8Array;
  /** Diagnostics of litebox itself (not the guest's). */
  diagnostic(line: string): void;
}

/** How a run ended. */
export type RunOutcome =
  /** The program ended: its shell exit code (status, or 128 + signal). */
  | { readonly kind: "exited"; readonly exitCode: number; readonly report: RunReport }
  /** litebox could not start it (exit code 126 or 127, as a shell reports). */
  | { readonly kind: "failed"; readonly exitCode: number; readonly reason: string };

/** The shell's exit code for a Linux wait status: the exit code, or 128 + the signal. */
export function shellExitCode(status: number): number {
  const decoded = decodeWaitStatus(status);
  return decoded.code === 1 ? decoded.status : 128 + decoded.status;
}

/**
 * Userland: 64 regions of 32 MiB (2 GiB reserved, committed lazily by the host), so up to 64 processes
 * of up to 32 MiB each — the default 16 would stop a shell script's worth of children.
 */
export const USERLAND_REGIONS = { regionSize: 32 * 1024 * 1024, regionCount: 64 } as const;

function makePlatform(name: PlatformName, clock: ClockName): Provider<unknown> {
  const time = clock === "real" ? new RealClock() : new VirtualClock();
  const platform = name === "kernel-sim" ? new KernelSimPlatform({ clock: time }) : new UserlandPlatform({ clock: time, ...USERLAND_REGIONS });
  return platform as Provider<unknown>;
}

/** Runs `command`; resolves when the guest and all its descendants are done. */
export async function runCommand(command: RunCommand, io: HostIo): Promise<RunOutcome> {
  const { hostPath, guestPath } = locateProgram(command);
  let bytes: Uint8Array;
  try {
    bytes = io.readFile(hostPath);
  } catch (e) {
    const code = (e as { code?: string }).code ?? "error";
    return { kind: "failed", exitCode: code === "ENOENT" ? 127 : 126, reason: `cannot read ${command.program}: ${code}` };
  }
  const root = imageFromHostFolder(command.root);
  if (!root.ok) return { kind: "failed", exitCode: 126, reason: root.error.message };
  for (const warning of root.value.warnings) io.diagnostic(`litebox: --root: ${warning}`);
  const platform = makePlatform(command.platform, command.clock);
  // The guest's filesystem: the --root folder read-only at /, a writable /tmp (see root-image.ts).
  const litebox = new LiteBox(platform, { fileSystem: { kind: "image", image: root.value.image } }) as AnyLiteBox;
  const tmp = mountTmp(litebox.fileSystem());
  if (!tmp.ok) return { kind: "failed", exitCode: 126, reason: tmp.error.message };
  if (command.shim === "nt") {
    const programs = new HostFolderProgramSource(command.root, new Map([[guestPath, bytes]]));
    return runNt(command, io, litebox, platform, programs, guestPath);
  }
  const stdin = new HostInput();
  io.connectStdin(stdin);
  // execve finds programs in the guest's filesystem (the shim's default program source).
  const shim = new PosixShim(litebox, {
    loader: loadElf,
    ...(command.seed === undefined ? {} : { seed: command.seed, exploreSchedules: true }),
    stdio: {
      stdin,
      stdout: { write: (b) => io.stdout(b), isTerminal: io.stdoutIsTerminal },
      stderr: { write: (b) => io.stderr(b), isTerminal: io.stderrIsTerminal },
    },
    trace: (line) => io.diagnostic(line),
  });
  // A program inside the root is started from the guest's filesystem (its path is its own); one
  // from elsewhere on the host from its bytes.
  const inRoot = litebox.fileSystem().stat(litebox.fileSystem().root, guestPath).ok;
  const spawned = shim.spawn({ program: inRoot ? guestPath : bytes, argv: [command.program, ...command.args], envp: command.env });
  if (!spawned.ok) {
    const error = spawned.error;
    const reason = error._tag === "Load" ? `cannot execute ${command.program}: ${error.error._tag}` : `cannot start ${command.program}: ${error._tag}`;
    return { kind: "failed", exitCode: 126, reason };
  }
  const report = await shim.run();
  if (report.kind === "deadlock") {
    io.diagnostic(`litebox: deadlock: every thread is blocked`);
    for (const t of report.blocked) io.diagnostic(`litebox:   thread ${t.threadId}: ${t.waitingOn}`);
  }
  const exited = spawned.value.process.exitStatus;
  if (exited === undefined) return { kind: "exited", exitCode: 1, report };
  return { kind: "exited", exitCode: shellExitCode(exited), report };
}

/**
 * Where the program is on the host and what the guest calls it. With `--root`, an absolute path that
 * is not a host path inside the root names a file in the root (`--root guest /bin/x` is `guest/bin/x`,
 * known to the guest as `/bin/x`), and a host path inside the root is known by its path below it;
 * without `--root`, or outside it, the guest knows the program by the path as given.
 */
export function locateProgram(command: RunCommand): { readonly hostPath: string; readonly guestPath: string } {
  const program = command.program;
  if (command.root !== undefined) {
    const root = resolve(command.root);
    const host = resolve(program);
    if (host.startsWith(`${root}${sep}`)) return { hostPath: host, guestPath: resolvePath("/", relative(root, host).split(sep).join("/")) };
    if (isAbsolute(program)) return { hostPath: join(root, program), guestPath: resolvePath("/", program) };
  }
  return { hostPath: program, guestPath: resolvePath("/", program) };
}

async function runNt(
  command: RunCommand,
  io: HostIo,
  litebox: AnyLiteBox,
  platform: Provider<unknown>,
  programs: HostFolderProgramSource,
  guestPath: string,
): Promise<RunOutcome> {
  const scheduler = new Scheduler({
    clock: platform.time,
    executor: platform,
    ...(command.seed === undefined ? {} : { seed: command.seed }),
  });
  const shim = new NtShim(litebox, {
    scheduler,
    programs: { readProgram: (path) => programs.readProgram(resolvePath("/", path)) },
    loadImage: loadElf,
    trace: (line) => io.diagnostic(line),
  });
  const started = shim.start({
    imagePath: guestPath,
    commandLine: [command.program, ...command.args].join(" "),
    stdin: new HostStream({ input: io.readAllStdin() }),
    stdout: new HostStream({ write: (b) => io.stdout(b) }),
    stderr: new HostStream({ write: (b) => io.stderr(b) }),
  });
  if (!started.ok) return { kind: "failed", exitCode: 126, reason: `cannot start ${command.program}: NTSTATUS 0x${started.error.toString(16)}` };
  const report = await scheduler.run();
  if (report.kind === "deadlock") {
    io.diagnostic(`litebox: deadlock: every thread is blocked`);
    for (const t of report.blocked) io.diagnostic(`litebox:   thread ${t.threadId}: ${t.waitingOn}`);
  }
  const status = started.value.exitStatus();
  if (status === undefined) return { kind: "exited", exitCode: 1, report };
  // An exit code is reported as a shell sees it (low 8 bits); an NTSTATUS error code as 1.
  return { kind: "exited", exitCode: status >= 0xc000_0000 ? 1 : status & 0xff, report };
}
