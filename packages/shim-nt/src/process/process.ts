/**
 * The shim's per-process state (RFC §1.2: the core keeps only id, parent and state; everything else
 * is the shim's): the address space and its guest-memory view, the handle table, the memory map, the
 * threads, the job, the image path and command line, the PEB, the exit status. It is also the
 * process object behind process handles, signalled through the core's exit observer.
 *
 * @module
 */
import {
  Events,
  FdSubsystem,
  type EventMask,
  type ProcessExitObserver,
  type ProcessId,
  type Subject,
} from "@litebox-ts/core";
import { STILL_ACTIVE } from "../abi/constants";
import type { HandleTable } from "../handles/handle-table";
import type { NtJob } from "../jobs/job";
import type { GuestMemory } from "../memory/guest-memory";
import type { VirtualMemory } from "../memory/virtual-memory";
import { KernelObject, type Waitable } from "../objects/kernel-object";
import type { NtThread } from "./thread";

/** The three standard handle values of a process (kept in its PEB, as Windows keeps them). */
export interface StandardHandles {
  readonly input: number;
  readonly output: number;
  readonly error: number;
}

/** What binds a process's parts together; filled by process creation. */
export interface NtProcessParts {
  readonly pid: ProcessId;
  readonly space: unknown;
  readonly handles: HandleTable;
  readonly memory: GuestMemory;
  readonly vm: VirtualMemory;
  readonly observer: ProcessExitObserver;
  readonly parentPid: number;
  readonly imagePath: string;
  readonly commandLine: string;
}

/** An NT process. */
export class NtProcess extends KernelObject implements Waitable, NtProcessParts {
  /** The process id (the core registry's). */
  readonly pid: ProcessId;
  /** The platform's address-space id (RFC §4.1 step 5: the binding is the shim's). */
  readonly space: unknown;
  /** The handle table. */
  readonly handles: HandleTable;
  /** Checked access to the process's memory. */
  readonly memory: GuestMemory;
  /** The memory map. */
  readonly vm: VirtualMemory;
  /** The core's exit observer: the process object is signalled through it. */
  readonly observer: ProcessExitObserver;
  /** InheritedFromUniqueProcessId: the creator's pid at creation, kept after the creator exits. */
  readonly parentPid: number;
  /** The image path it was created from. */
  readonly imagePath: string;
  /** Its command line. */
  readonly commandLine: string;
  /** Live threads. */
  readonly threads = new Set<NtThread>();
  /** `running`, then `exiting` (rundown), then `exited`. `aborted`: creation was rolled back. */
  state: "running" | "exiting" | "exited" | "aborted" = "running";
  /** The exit status (STILL_ACTIVE while running). */
  exitStatus: number = STILL_ACTIVE;
  /** The immediate job (the process is a member of it and of its ancestors), if any. */
  job: NtJob | undefined;
  /** The process environment block's address. */
  peb = 0;
  /** The read-execute page holding the shim's trampolines (thread exit, APC return). */
  systemPage = 0;
  /** References the host holds (the initial process of a run), beside handles. */
  hostReferences = 0;
  readonly #onUnreferenced: (process: NtProcess) => void;

  /** @param parts - the bound parts. @param onUnreferenced - called when the last handle closes. */
  constructor(parts: NtProcessParts, onUnreferenced: (process: NtProcess) => void) {
    super();
    this.pid = parts.pid;
    this.space = parts.space;
    this.handles = parts.handles;
    this.memory = parts.memory;
    this.vm = parts.vm;
    this.observer = parts.observer;
    this.parentPid = parts.parentPid;
    this.imagePath = parts.imagePath;
    this.commandLine = parts.commandLine;
    this.#onUnreferenced = onUnreferenced;
  }

  /** The process's job chain: its immediate job, then each ancestor. */
  jobChain(): NtJob[] {
    const chain: NtJob[] = [];
    for (let j = this.job; j !== undefined; j = j.parent) chain.push(j);
    return chain;
  }

  /** The core's exit observer subject. */
  get subject(): Subject {
    return this.observer.subject;
  }

  /** Signalled once the process has exited. */
  isSignalled(): boolean {
    return this.observer.exited.value;
  }

  /** Processes are not consumed by waits. */
  acquire(): void {}

  /** The exit observer's events. */
  pollEvents(): EventMask {
    return this.observer.exited.value ? Events.IN | Events.HUP : 0;
  }

  protected override lastHandleClosed(): void {
    this.#onUnreferenced(this);
  }
}

/** The descriptor subsystem of process handles. */
export const PROCESS_OBJECT: FdSubsystem<NtProcess> = new FdSubsystem<NtProcess>("nt-process");
