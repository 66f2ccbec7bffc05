/**
 * The memory layer of one shim: the per-address-space state (as a process extension with Linux's
 * lifetimes), the registry of shared memory objects, and the page operations the memory syscalls
 * compose — each keeping the shared-object tallies and write restrictions in step with the
 * platform's page tables. Mapping is all-or-nothing (the platform's contract): on a failure nothing
 * changed, so the bookkeeping is applied only after the platform said yes.
 *
 * @module
 */
import { PAGE_SIZE, type Provider, type SharedMemoryObject } from "@litebox-ts/core";
import { CloneFlag } from "../abi/clone";
import { ProcessExtension } from "../process/extensions";
import type { PosixProcess } from "../process/posix-process";
import type { PosixShim } from "../shim/posix-shim";
import { clip, guestMappings, type GuestMapping } from "./mappings";
import { SharedObjectRegistry } from "./shared-objects";
import { SpaceMemoryState } from "./space-state";

const layers = new WeakMap<PosixShim, MemoryLayer>();

/** The memory layer installed in `shim`, if any. */
export function memoryLayerOf(shim: PosixShim): MemoryLayer | undefined {
  return layers.get(shim);
}

/** The memory layer of one shim; see the module documentation. */
export class MemoryLayer {
  /** The shim. */
  readonly shim: PosixShim;
  /** The shared objects the shim created and still holds. */
  readonly objects: SharedObjectRegistry;
  /** The per-address-space state, as a process extension (install it once). */
  readonly extension: ProcessExtension<SpaceMemoryState>;
  readonly #platform: Provider<unknown>;

  /** @param shim - the shim (registered so {@link memoryLayerOf} finds it). */
  constructor(shim: PosixShim) {
    this.shim = shim;
    this.#platform = shim.platform;
    this.objects = new SharedObjectRegistry(shim.platform);
    const leave = (state: SpaceMemoryState): void => {
      state.users--;
      if (state.users > 0) return;
      for (const object of state.tally.clear()) this.objects.unmappedFrom(object);
    };
    this.extension = new ProcessExtension<SpaceMemoryState>({
      name: "memory",
      create: () => new SpaceMemoryState(),
      fork: (parent, _child, flags) => {
        if ((flags & CloneFlag.CLONE_VM) !== 0) {
          parent.users++;
          return parent;
        }
        // The platform's fork mapped every shared page of the parent into the child.
        const copy = parent.copy();
        for (const { object } of copy.tally.entries()) this.objects.mappedIn(object);
        return copy;
      },
      discard: leave,
      exec: (state) => {
        leave(state);
        return new SpaceMemoryState();
      },
      exit: leave,
    });
    layers.set(shim, this);
  }

  /** The memory state of `process`'s current address space. */
  stateOf(process: PosixProcess): SpaceMemoryState {
    return process.ext(this.extension);
  }

  /** The mapped runs of `process`'s space (guest addresses). */
  mappings(process: PosixProcess): readonly GuestMapping[] {
    return guestMappings(this.#platform, process.space);
  }

  /** The shared pages of `[start, end)` are about to leave `process`'s space: update tallies and restrictions. */
  #leaving(process: PosixProcess, maps: readonly GuestMapping[], start: number, end: number): void {
    const state = this.stateOf(process);
    state.forget(start, end);
    for (const run of clip(maps, start, end)) {
      if (!run.sharedObject) continue;
      if (state.tally.remove(run.sharedObject.object, (run.end - run.start) / PAGE_SIZE)) {
        this.objects.unmappedFrom(run.sharedObject.object);
      }
    }
  }

  /** A new mapping of `object` covers `pages` pages of `process`'s space. */
  #arrived(process: PosixProcess, object: SharedMemoryObject, pages: number): void {
    if (this.stateOf(process).tally.add(object, pages)) this.objects.mappedIn(object);
  }

  /**
   * Unmaps `[start, end)` (page-aligned; clipped to the guest range, so addresses outside it are
   * simply not mapped). True unless the platform refused.
   */
  unmap(process: PosixProcess, start: number, end: number, maps = this.mappings(process)): boolean {
    const range = process.space.guestRange;
    const a = Math.max(start, range.start);
    const b = Math.min(end, range.end);
    if (a >= b) return true;
    if (!this.#platform.unmapPages(process.space.id, a, b - a).ok) return false;
    this.#leaving(process, maps, a, b);
    return true;
  }

  /** Maps fresh private zero pages over `[address, address + length)`, replacing what was there. */
  mapPrivate(process: PosixProcess, address: number, length: number, prot: number, maps = this.mappings(process)): boolean {
    if (!this.#platform.mapPages(process.space.id, address, length, prot).ok) return false;
    this.#leaving(process, maps, address, address + length);
    return true;
  }

  /** Maps a new zero-filled shared object over `[address, address + length)`, replacing what was there. */
  mapShared(process: PosixProcess, address: number, length: number, prot: number, maps = this.mappings(process)): boolean {
    const created = this.#platform.createSharedMemory(length);
    if (!created.ok) return false;
    const object = created.value;
    this.objects.created(object);
    if (!this.#platform.mapSharedPages(process.space.id, address, length, prot, object, 0).ok) {
      this.objects.unused(object);
      return false;
    }
    this.#leaving(process, maps, address, address + length);
    this.#arrived(process, object, length / PAGE_SIZE);
    return true;
  }
}
