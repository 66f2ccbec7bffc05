import { describe, expect, it } from "vitest";
import { EventAccess } from "../abi/constants";
import { NtStatus } from "../abi/status";
import { NtSyscall as S } from "../abi/syscalls";
import { HOST_STREAM_OBJECT, HostStream } from "../host/host-stream";
import { HandleAttribute } from "../handles/handle-table";
import { NtTestBed, TERMINATED } from "../testing/test-bed";
import { PIPE_READ_ACCESS, PIPE_WRITE_ACCESS } from "./pipe";

function setup() {
  const bed = new NtTestBed();
  const { process, thread } = bed.start();
  const call = (n: number, ...a: number[]) => bed.callSync(thread, n, ...a);
  const cells = bed.u32s(process, [0, 0]);
  expect(call(S.NtCreatePipe, cells, cells + 4, 2, 0)).toBe(NtStatus.SUCCESS);
  const r = bed.u32(process, cells);
  const w = bed.u32(process, cells + 4);
  const iosb = bed.alloc(process, 8);
  const io = (n: number, h: number, buf: number, len: number) => bed.call(thread, n, h, iosb, buf, len);
  const status = () => [bed.u32(process, iosb), bed.u32(process, iosb + 4)];
  return { bed, process, thread, call, r, w, iosb, io, status };
}

describe("NtCreatePipe", () => {
  it("makes a read end and a write end with CreatePipe's access, both inheritable when asked", () => {
    const { process, r, w } = setup();
    const read = process.handles.get(r);
    const write = process.handles.get(w);
    expect(read.ok && [read.value.access, read.value.attributes]).toEqual([PIPE_READ_ACCESS, HandleAttribute.INHERIT]);
    expect(write.ok && [write.value.access, write.value.attributes]).toEqual([PIPE_WRITE_ACCESS, HandleAttribute.INHERIT]);
  });

  it("refuses unwritable result pointers and leaves nothing when the second handle fails", () => {
    const bed = new NtTestBed({ handleLimit: 2 });
    const { process, thread } = bed.start();
    const cells = bed.u32s(process, [0, 0]);
    expect(bed.callSync(thread, S.NtCreatePipe, 0x1_0000, cells, 0, 0)).toBe(NtStatus.ACCESS_VIOLATION);
    expect(bed.callSync(thread, S.NtCreatePipe, cells, cells + 4, 0, 0)).toBe(NtStatus.INSUFFICIENT_RESOURCES);
    expect(process.handles.count).toBe(1);
    expect(bed.litebox.pipes().livePipeCount).toBe(0);
  });
});

describe("NtReadFile / NtWriteFile on pipes", () => {
  it("moves bytes, fills the IO_STATUS_BLOCK, and reads data written before the writer closed, then PIPE_BROKEN", () => {
    const { bed, process, call, r, w, io, status } = setup();
    const data = bed.alloc(process, 5, new TextEncoder().encode("hello"));
    expect(io(S.NtWriteFile, w, data, 5)).toBe(NtStatus.SUCCESS);
    expect(status()).toEqual([NtStatus.SUCCESS, 5]);
    call(S.NtClose, w);
    const buf = bed.alloc(process, 16);
    expect(io(S.NtReadFile, r, buf, 3)).toBe(NtStatus.SUCCESS);
    expect(status()).toEqual([NtStatus.SUCCESS, 3]);
    expect(io(S.NtReadFile, r, buf + 3, 16)).toBe(NtStatus.SUCCESS);
    expect(new TextDecoder().decode(bed.read(process, buf, 5))).toBe("hello");
    expect(io(S.NtReadFile, r, buf, 16)).toBe(NtStatus.PIPE_BROKEN);
    expect(status()).toEqual([NtStatus.PIPE_BROKEN, 0]);
    expect(io(S.NtReadFile, r, buf, 0)).toBe(NtStatus.SUCCESS); // zero bytes: nothing to wait for
  });

  it("blocks a read on an empty pipe until data comes", async () => {
    const { bed, process, r, w, io } = setup();
    const buf = bed.alloc(process, 16);
    const pending = io(S.NtReadFile, r, buf, 16);
    expect(pending).toBeInstanceOf(Promise);
    const data = bed.alloc(process, 2, new Uint8Array([1, 2]));
    expect(io(S.NtWriteFile, w, data, 2)).toBe(NtStatus.SUCCESS);
    expect(await pending).toBe(NtStatus.SUCCESS);
    expect([...bed.read(process, buf, 2)]).toEqual([1, 2]);
  });

  it("fails a write with no reader anywhere with PIPE_CLOSING (ERROR_NO_DATA)", () => {
    const { bed, process, call, r, w, io, status } = setup();
    call(S.NtClose, r);
    const data = bed.alloc(process, 1);
    expect(io(S.NtWriteFile, w, data, 1)).toBe(NtStatus.PIPE_CLOSING);
    expect(status()).toEqual([NtStatus.PIPE_CLOSING, 0]);
  });

  it("writes more than a pipe holds in pieces as the reader drains it", async () => {
    const { bed, process, thread, r, w, io, status } = setup();
    const size = 150 * 1024;
    const source = process.vm.allocate(0, size, 0x3000, 4);
    if (!source.ok) throw new Error();
    const bytes = new Uint8Array(size).map((_, i) => i % 251);
    bed.write(process, source.value.base, bytes);
    const writeIosb = bed.alloc(process, 8); // the write completes while reads use the other block
    const pending = bed.call(thread, S.NtWriteFile, w, writeIosb, source.value.base, size);
    expect(pending).toBeInstanceOf(Promise);
    const buf = bed.alloc(process, 32 * 1024);
    const received = new Uint8Array(size);
    let at = 0;
    while (at < size) {
      expect(await io(S.NtReadFile, r, buf, 32 * 1024)).toBe(NtStatus.SUCCESS);
      const n = status()[1]!;
      received.set(bed.read(process, buf, n), at);
      at += n;
    }
    expect(await pending).toBe(NtStatus.SUCCESS);
    expect(bed.u32(process, writeIosb + 4)).toBe(size);
    expect(received).toEqual(bytes);
  });

  it("checks handle type, access, and pointers", () => {
    const { bed, process, call, r, w, iosb } = setup();
    const buf = bed.alloc(process, 8);
    expect(call(S.NtReadFile, w, iosb, buf, 8)).toBe(NtStatus.ACCESS_DENIED);
    expect(call(S.NtWriteFile, r, iosb, buf, 8)).toBe(NtStatus.ACCESS_DENIED);
    const ev = bed.cell(process);
    call(S.NtCreateEvent, ev, EventAccess.ALL_ACCESS, 0, 0, 0);
    expect(call(S.NtReadFile, bed.u32(process, ev), iosb, buf, 8)).toBe(NtStatus.OBJECT_TYPE_MISMATCH);
    expect(call(S.NtReadFile, 0x400, iosb, buf, 8)).toBe(NtStatus.INVALID_HANDLE);
    expect(call(S.NtReadFile, r, 0x1_0000, buf, 8)).toBe(NtStatus.ACCESS_VIOLATION);
    expect(call(S.NtReadFile, r, iosb, 0, 8)).toBe(NtStatus.ACCESS_VIOLATION);
    expect(call(S.NtWriteFile, w, iosb, 0x7fff_0000, 0x8000_0000)).toBe(NtStatus.ACCESS_VIOLATION);
    // A pipe end whose handle lacks the data right: DuplicateHandle with no access.
    const dup = bed.cell(process);
    call(S.NtDuplicateObject, 0xffff_ffff, w, 0xffff_ffff, dup, 0, 0);
    expect(call(S.NtWriteFile, bed.u32(process, dup), iosb, buf, 1)).toBe(NtStatus.ACCESS_DENIED);
  });

  it("a blocked read ends with the thread", async () => {
    const { bed, process, thread, r, io } = setup();
    const pending = io(S.NtReadFile, r, bed.alloc(process, 4), 4);
    bed.shim.kernel.terminateThread(thread, 0);
    expect(await pending).toBe(TERMINATED);
  });
});

describe("host streams", () => {
  it("write to the host, read its input then END_OF_FILE, and refuse writes when they have no output", () => {
    const { bed, process, call, iosb } = setup();
    const data = bed.alloc(process, 3, new TextEncoder().encode("abc"));
    expect(call(S.NtWriteFile, 4, iosb, data, 3)).toBe(NtStatus.SUCCESS);
    expect(bed.stdout.text()).toBe("abc");
    const input = process.handles.insert(HOST_STREAM_OBJECT, new HostStream({ input: new Uint8Array([9, 8]) }), 0x12_0089 | 0x12_0116, 0);
    if (!input.ok) throw new Error();
    const buf = bed.alloc(process, 8);
    expect(call(S.NtReadFile, input.value, iosb, buf, 8)).toBe(NtStatus.SUCCESS);
    expect([bed.u32(process, iosb + 4), ...bed.read(process, buf, 2)]).toEqual([2, 9, 8]);
    expect(call(S.NtReadFile, input.value, iosb, buf, 8)).toBe(NtStatus.END_OF_FILE);
    expect(call(S.NtWriteFile, input.value, iosb, data, 3)).toBe(NtStatus.ACCESS_DENIED);
    expect(call(S.NtWriteFile, 4, iosb, 0x7fff_0000, 0x20_0000)).toBe(NtStatus.ACCESS_VIOLATION);
  });
});
