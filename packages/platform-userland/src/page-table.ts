/**
 * Page management of one userland address space (map, unmap, protect, map shared, query, list): the
 * platform's `PageManagementProvider` methods once the space is found. Every address is re-based into
 * the region first, exactly as the hart does; a range must then lie inside the region (a range that
 * would run past the region's end is `OutOfRange`, never wrapped around to its start).
 *
 * All-or-nothing: every argument is checked before anything changes.
 *
 * @module
 */
import {
  PAGE_SIZE,
  PageError,
  Prot,
  err,
  ok,
  type Mapping,
  type PageInfo,
  type Protection,
  type Result,
} from "@litebox-ts/core";
import type { HostMemory } from "./host-memory";
import type { SharedObjectRecord, SharedObjects } from "./shared-objects";
import { PageKind, isAddress, type UserlandSpace } from "./space";

/** What page management needs besides the space: the host memory and the shared objects. */
export interface PageContext {
  /** Host memory (dirty-page bookkeeping, wipes). */
  readonly memory: HostMemory;
  /** The platform's shared memory objects. */
  readonly objects: SharedObjects;
}

/** A checked page range of a space: region offset of its first byte, first page index, page count. */
interface PageRange {
  readonly offset: number;
  readonly first: number;
  readonly count: number;
}

const ALL_PROT = Prot.Read | Prot.Write | Prot.Exec;

function isProtection(prot: Protection): boolean {
  return Number.isInteger(prot) && (prot & ~ALL_PROT) === 0;
}

/** Checks and re-bases `[address, address + length)`. */
function pageRange(space: UserlandSpace, address: number, length: number, prot: Protection): Result<PageRange, PageError> {
  if (!isAddress(address) || !Number.isInteger(length) || length <= 0 || !isProtection(prot)) {
    return err(PageError.InvalidArgument);
  }
  const offset = space.offset(address);
  if (offset % PAGE_SIZE !== 0) return err(PageError.InvalidArgument);
  const count = Math.ceil(length / PAGE_SIZE);
  if (offset + count * PAGE_SIZE > space.size) return err(PageError.OutOfRange);
  return ok({ offset, first: offset / PAGE_SIZE, count });
}

/** Unmaps page `index` of `space` if mapped (dropping its shared-object reference). */
function releasePage(context: PageContext, space: UserlandSpace, index: number): void {
  const kind = space.kinds[index];
  if (kind === PageKind.Unmapped) return;
  if (kind === PageKind.Shared) {
    const page = space.shared.get(index)!;
    space.shared.delete(index);
    context.objects.unmapped(page.object);
  }
  space.kinds[index] = PageKind.Unmapped;
  space.mappedPages--;
}

/** {@inheritDoc PageManagementProvider.mapPages} */
export function mapPrivate(
  context: PageContext,
  space: UserlandSpace,
  address: number,
  length: number,
  prot: Protection,
): Result<void, PageError> {
  const checked = pageRange(space, address, length, prot);
  if (!checked.ok) return checked;
  const { offset, first, count } = checked.value;
  const bytes = count * PAGE_SIZE;
  space.dropCode(first, count);
  for (let i = first; i < first + count; i++) releasePage(context, space, i);
  // New pages read as zero: wipe what an earlier mapping of this space may have left there.
  context.memory.wipe(space.region, first, count);
  if ((prot & Prot.Write) !== 0) context.memory.markDirty(space.region, first, count);
  space.kinds.fill(PageKind.Private, first, first + count);
  space.mappedPages += count;
  const { port } = space;
  port.setSlow(offset, bytes, false);
  port.setPermissions(offset, bytes, prot);
  return ok(undefined);
}

/** {@inheritDoc PageManagementProvider.mapSharedPages} */
export function mapShared(
  context: PageContext,
  space: UserlandSpace,
  address: number,
  length: number,
  prot: Protection,
  object: SharedObjectRecord | undefined,
  objectOffset: number,
): Result<void, PageError> {
  const checked = pageRange(space, address, length, prot);
  if (!checked.ok) return checked;
  const { offset, first, count } = checked.value;
  if (object === undefined || !Number.isInteger(objectOffset) || objectOffset < 0 || objectOffset % PAGE_SIZE !== 0 ||
    objectOffset + count * PAGE_SIZE > object.bytes.length) {
    return err(PageError.InvalidArgument);
  }
  // Count the new mappings before dropping the old ones: remapping the last mapping of a released
  // object over itself must not free it half-way.
  context.objects.mapped(object, count);
  space.dropCode(first, count);
  for (let i = first; i < first + count; i++) releasePage(context, space, i);
  const firstObjectPage = objectOffset / PAGE_SIZE;
  for (let i = 0; i < count; i++) space.shared.set(first + i, { object, index: firstObjectPage + i });
  space.kinds.fill(PageKind.Shared, first, first + count);
  space.mappedPages += count;
  const bytes = count * PAGE_SIZE;
  space.port.setSlow(offset, bytes, true);
  space.port.setPermissions(offset, bytes, prot);
  return ok(undefined);
}

/** {@inheritDoc PageManagementProvider.unmapPages} */
export function unmap(context: PageContext, space: UserlandSpace, address: number, length: number): Result<void, PageError> {
  const checked = pageRange(space, address, length, Prot.None);
  if (!checked.ok) return checked;
  const { offset, first, count } = checked.value;
  space.dropCode(first, count);
  for (let i = first; i < first + count; i++) releasePage(context, space, i);
  space.port.setPermissions(offset, count * PAGE_SIZE, Prot.None);
  space.port.setSlow(offset, count * PAGE_SIZE, false);
  return ok(undefined);
}

/** {@inheritDoc PageManagementProvider.protectPages} */
export function protect(
  context: PageContext,
  space: UserlandSpace,
  address: number,
  length: number,
  prot: Protection,
): Result<void, PageError> {
  const checked = pageRange(space, address, length, prot);
  if (!checked.ok) return checked;
  const { offset, first, count } = checked.value;
  for (let i = first; i < first + count; i++) if (space.kinds[i] === PageKind.Unmapped) return err(PageError.NotMapped);
  for (let i = first; i < first + count; i++) {
    if ((prot & Prot.Write) !== 0 && space.kinds[i] === PageKind.Private) context.memory.markDirty(space.region, i, 1);
    if (space.permissions(i) !== prot) space.dropCode(i, 1);
  }
  space.port.setPermissions(offset, count * PAGE_SIZE, prot);
  return ok(undefined);
}

/** {@inheritDoc PageManagementProvider.queryPage} */
export function queryPage(space: UserlandSpace, address: number): Result<PageInfo | undefined, PageError> {
  if (!isAddress(address)) return err(PageError.InvalidArgument);
  const index = space.offset(address) >>> 12;
  const kind = space.kinds[index];
  const prot = space.permissions(index);
  if (kind === PageKind.Unmapped) return ok(undefined);
  if (kind === PageKind.Private) return ok({ prot, shared: false });
  const page = space.shared.get(index)!;
  return ok({ prot, shared: true, sharedObject: { object: page.object.handle, offset: page.index * PAGE_SIZE } });
}

/** {@inheritDoc PageManagementProvider.mappings} Runs in host (re-based) addresses. */
export function mappings(space: UserlandSpace): readonly Mapping[] {
  const runs: Mapping[] = [];
  if (space.mappedPages === 0) return runs;
  const { kinds, shared } = space;
  const base = space.range.start;
  let start = -1;
  let prot = 0;
  let object: SharedObjectRecord | undefined;
  let objectPage = 0;
  let end = 0;
  const flush = (): void => {
    if (start < 0) return;
    runs.push(object === undefined
      ? { start: base + start * PAGE_SIZE, end: base + end * PAGE_SIZE, prot }
      : { start: base + start * PAGE_SIZE, end: base + end * PAGE_SIZE, prot,
        sharedObject: { object: object.handle, offset: objectPage * PAGE_SIZE } });
    start = -1;
  };
  for (let index = 0; index < kinds.length; index++) {
    const kind = kinds[index];
    if (kind === PageKind.Unmapped) {
      flush();
      continue;
    }
    const pageProt = space.permissions(index);
    const page = kind === PageKind.Shared ? shared.get(index)! : undefined;
    const continues = start >= 0 && end === index && pageProt === prot &&
      (page === undefined
        ? object === undefined
        : page.object === object && page.index === objectPage + (index - start));
    if (!continues) {
      flush();
      start = index;
      prot = pageProt;
      object = page?.object;
      objectPage = page?.index ?? 0;
    }
    end = index + 1;
  }
  flush();
  return runs;
}

/**
 * Tears a space down for destruction: drops its shared-object references, drops its compiled code,
 * clears its flags (so a hart still holding the port faults on every access instead of reaching the
 * region's next owner) and wipes the region's dirty pages.
 */
export function teardown(context: PageContext, space: UserlandSpace): void {
  for (const page of space.shared.values()) context.objects.unmapped(page.object);
  space.shared.clear();
  space.dropCode(0, space.kinds.length);
  space.port.flags.fill(0);
  space.kinds.fill(PageKind.Unmapped);
  space.mappedPages = 0;
  space.alive = false;
  context.memory.wipeRegion(space.region);
}
