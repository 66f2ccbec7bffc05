/**
 * Memory separation on fork, for shims (RFC §4.1 step 4). On Isolated platforms the platform clones
 * the address space copy-on-write; on SharedMemory platforms the RFC leaves separation to the shim,
 * and this helper does it by copying every private page of the parent into a fresh space eagerly
 * (shared mappings stay shared). Either way the result is all-or-nothing.
 *
 * @module
 */
import { AddressSpaceKind, type AddressSpaceError } from "../platform/address-space";
import { PAGE_SIZE, type MemoryFault, type PageError } from "../platform/memory";
import type { Provider } from "../platform/provider";
import { err, ok, type Result } from "../util/result";

/** Why {@link forkAddressSpace} failed. */
export type ForkAddressSpaceError =
  | { readonly _tag: "AddressSpace"; readonly error: AddressSpaceError }
  | { readonly _tag: "Page"; readonly error: PageError }
  | { readonly _tag: "Fault"; readonly fault: MemoryFault };

const CHUNK = 16 * PAGE_SIZE;

/**
 * Creates a child address space holding a private copy of `parent`'s memory (shared mappings shared).
 * Isolated platforms: the platform's copy-on-write {@link Provider.cloneAddressSpace}. SharedMemory
 * platforms: a new space and an eager copy of every private page. On failure nothing is left behind.
 */
export function forkAddressSpace<Id>(provider: Provider<Id>, parent: Id): Result<Id, ForkAddressSpaceError> {
  if (provider.addressSpaceKind === AddressSpaceKind.Isolated && provider.cloneAddressSpace) {
    const cloned = provider.cloneAddressSpace(parent);
    return cloned.ok ? cloned : err({ _tag: "AddressSpace", error: cloned.error });
  }
  const maps = provider.mappings(parent);
  if (!maps.ok) return err({ _tag: "Page", error: maps.error });
  const created = provider.createAddressSpace();
  if (!created.ok) return err({ _tag: "AddressSpace", error: created.error });
  const child = created.value;
  const fail = (e: ForkAddressSpaceError): Result<Id, ForkAddressSpaceError> => {
    provider.destroyAddressSpace(child);
    return err(e);
  };
  const buffer = new Uint8Array(CHUNK);
  for (const m of maps.value) {
    const length = m.end - m.start;
    if (m.sharedObject) {
      const r = provider.mapSharedPages(child, m.start, length, m.prot, m.sharedObject.object, m.sharedObject.offset);
      if (!r.ok) return fail({ _tag: "Page", error: r.error });
      continue;
    }
    const mapped = provider.mapPages(child, m.start, length, m.prot);
    if (!mapped.ok) return fail({ _tag: "Page", error: mapped.error });
    for (let at = m.start; at < m.end; at += CHUNK) {
      const view = buffer.subarray(0, Math.min(CHUNK, m.end - at));
      const readFault = provider.readBytes(parent, at, view, { force: true });
      if (readFault) return fail({ _tag: "Fault", fault: readFault });
      const writeFault = provider.writeBytes(child, at, view, { force: true });
      if (writeFault) return fail({ _tag: "Fault", fault: writeFault });
    }
  }
  return ok(child);
}
