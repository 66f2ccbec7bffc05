import { Descriptors } from "@litebox-ts/core";
import { describe, expect, it } from "vitest";
import { EventAccess, HandleFlag } from "../abi/constants";
import { NtStatus } from "../abi/status";
import { EVENT_OBJECT, NtEvent } from "../objects/event";
import { JOB_OBJECT } from "../jobs/job";
import { HandleAttribute, HandleTable, handleFlagsOf, handleOfSlot, slotFlags, slotOfHandle } from "./handle-table";

const table = (limit?: number) => new HandleTable(new Descriptors(), limit);
const event = () => new NtEvent(false, false);

describe("handle values", () => {
  it("are (slot + 1) * 4, and lookups ignore the two low bits", () => {
    expect(handleOfSlot(0)).toBe(4);
    expect(handleOfSlot(9)).toBe(40);
    expect(slotOfHandle(4)).toBe(0);
    expect(slotOfHandle(7)).toBe(0);
    expect(slotOfHandle(40)).toBe(9);
    expect(slotOfHandle(0)).toBeUndefined();
    expect(slotOfHandle(3)).toBeUndefined();
  });

  it("keep attributes in bits 1-2 and the access mask from bit 8, never the core's close-on-exec bit", () => {
    const flags = slotFlags(HandleAttribute.INHERIT | HandleAttribute.PROTECT_FROM_CLOSE | 0x1, 0x1f_ffff);
    expect(flags & 0x1).toBe(0);
    expect(flags & 0x6).toBe(0x6);
    expect(flags >>> 8).toBe(0x1f_ffff);
    expect(slotFlags(0, 0xffff_ffff) >>> 8).toBe(0x1f_ffff); // generic bits never stored
    expect(handleFlagsOf(HandleAttribute.INHERIT)).toBe(HandleFlag.INHERIT);
    expect(handleFlagsOf(HandleAttribute.PROTECT_FROM_CLOSE)).toBe(HandleFlag.PROTECT_FROM_CLOSE);
  });
});

describe("HandleTable", () => {
  it("hands out the lowest free slot and counts handles on the object", () => {
    const t = table();
    const e = event();
    const a = t.insert(EVENT_OBJECT, e, EventAccess.ALL_ACCESS, 0);
    const b = t.insert(EVENT_OBJECT, e, EventAccess.ALL_ACCESS, 0);
    const c = t.insert(EVENT_OBJECT, event(), 0, 0);
    expect([a, b, c].map((r) => r.ok && r.value)).toEqual([4, 8, 12]);
    expect(e.handleCount).toBe(2);
    expect(t.close(8)).toBe(NtStatus.SUCCESS);
    expect(e.handleCount).toBe(1);
    expect(t.insert(EVENT_OBJECT, event(), 0, 0)).toEqual({ ok: true, value: 8 });
  });

  it("resolves with type and access checks", () => {
    const t = table();
    t.insert(EVENT_OBJECT, event(), EventAccess.QUERY_STATE, HandleAttribute.INHERIT);
    const got = t.get(5);
    expect(got.ok && [got.value.handle, got.value.access, got.value.attributes]).toEqual([4, EventAccess.QUERY_STATE, HandleAttribute.INHERIT]);
    expect(t.lookup(4, EVENT_OBJECT, EventAccess.QUERY_STATE).ok).toBe(true);
    expect(t.lookup(4, EVENT_OBJECT, EventAccess.MODIFY_STATE)).toEqual({ ok: false, error: NtStatus.ACCESS_DENIED });
    expect(t.lookup(4, JOB_OBJECT, 0)).toEqual({ ok: false, error: NtStatus.OBJECT_TYPE_MISMATCH });
    expect(t.lookup(8, EVENT_OBJECT, 0)).toEqual({ ok: false, error: NtStatus.INVALID_HANDLE });
    expect(t.get(0)).toEqual({ ok: false, error: NtStatus.INVALID_HANDLE });
  });

  it("refuses to close a protected handle, and closes anything at exit", () => {
    const t = table();
    const e = event();
    t.insert(EVENT_OBJECT, e, 0, HandleAttribute.PROTECT_FROM_CLOSE);
    expect(t.close(4)).toBe(NtStatus.HANDLE_NOT_CLOSABLE);
    expect(t.close(12)).toBe(NtStatus.INVALID_HANDLE);
    expect(t.update(4, 0, 0)).toBe(NtStatus.SUCCESS);
    expect(t.update(0, 0, 0)).toBe(NtStatus.INVALID_HANDLE);
    expect(t.update(40, 0, 0)).toBe(NtStatus.INVALID_HANDLE);
    t.update(4, HandleAttribute.PROTECT_FROM_CLOSE, 0);
    expect(t.closeAll()).toBe(1);
    expect(e.handleCount).toBe(0);
  });

  it("duplicates into another table at the lowest slot or at an exact value", () => {
    const descriptors = new Descriptors();
    const a = new HandleTable(descriptors);
    const b = new HandleTable(descriptors);
    const e = event();
    a.insert(EVENT_OBJECT, e, EventAccess.ALL_ACCESS, 0);
    const source = a.get(4);
    if (!source.ok) throw new Error();
    expect(a.duplicateInto(source.value, b, HandleAttribute.INHERIT, EventAccess.QUERY_STATE)).toEqual({ ok: true, value: 4 });
    expect(a.duplicateInto(source.value, b, 0, 0, 20)).toEqual({ ok: true, value: 20 });
    expect(e.handleCount).toBe(3);
    const dup = b.get(4);
    expect(dup.ok && dup.value.entry).toBe(source.value.entry); // one shared entry: the RFC's duplicate_descriptor
    expect(dup.ok && dup.value.access).toBe(EventAccess.QUERY_STATE);
    a.close(4);
    expect(a.duplicateInto(source.value, b, 0, 0)).toEqual({ ok: false, error: NtStatus.INVALID_HANDLE });
  });

  it("answers INSUFFICIENT_RESOURCES at its limit", () => {
    const descriptors = new Descriptors();
    const t = new HandleTable(descriptors, 2);
    t.insert(EVENT_OBJECT, event(), 0, 0);
    t.insert(EVENT_OBJECT, event(), 0, 0);
    expect(t.insert(EVENT_OBJECT, event(), 0, 0)).toEqual({ ok: false, error: NtStatus.INSUFFICIENT_RESOURCES });
    const other = new HandleTable(descriptors);
    other.insert(EVENT_OBJECT, event(), 0, 0);
    const source = other.get(4);
    if (!source.ok) throw new Error();
    expect(other.duplicateInto(source.value, t, 0, 0)).toEqual({ ok: false, error: NtStatus.INSUFFICIENT_RESOURCES });
    expect(t.entries().map((e) => e.handle)).toEqual([4, 8]);
  });
});
