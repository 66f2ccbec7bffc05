/**
 * Virtual-memory syscalls: NtAllocateVirtualMemory, NtFreeVirtualMemory, NtProtectVirtualMemory,
 * NtQueryVirtualMemory — on the caller's or another process's memory map, always inside its
 * `addressSpaceRange`.
 *
 * @module
 */
import { ProcessAccess } from "../abi/constants";
import { NtStatus } from "../abi/status";
import { u32Record } from "../memory/guest-memory";
import type { NtProcess } from "../process/process";
import { writeOptionalU32, type SyscallContext, type SyscallHandler } from "./context";

function target(context: SyscallContext, access: number): { process: NtProcess } | { status: NtStatus } {
  const resolved = context.kernel.resolveProcess(context.process, context.args[0], access);
  if (!resolved.ok) return { status: resolved.error };
  if (resolved.value.state !== "running") return { status: NtStatus.PROCESS_IS_TERMINATING };
  return { process: resolved.value };
}

/** Reads the in/out base address and size pointers. */
function readBaseAndSize(context: SyscallContext, basePtr: number, sizePtr: number): { base: number; size: number } | { status: NtStatus } {
  const base = context.memory.readU32(basePtr);
  if (!base.ok) return { status: base.error };
  const size = context.memory.readU32(sizePtr);
  if (!size.ok) return { status: size.error };
  if (context.memory.probeWrite(basePtr, 4) !== NtStatus.SUCCESS || context.memory.probeWrite(sizePtr, 4) !== NtStatus.SUCCESS) {
    return { status: NtStatus.ACCESS_VIOLATION };
  }
  return { base: base.value, size: size.value };
}

/**
 * NtAllocateVirtualMemory(a0 = process, a1 = *base (in/out), a2 = zero bits (must be 0), a3 = *size
 * (in/out), a4 = allocation type (MEM_RESERVE / MEM_COMMIT / MEM_TOP_DOWN), a5 = PAGE_* protection).
 */
const ntAllocateVirtualMemory: SyscallHandler = (context) => {
  const [, basePtr, zeroBits, sizePtr, type, protect] = context.args;
  const t = target(context, ProcessAccess.VM_OPERATION);
  if ("status" in t) return t.status;
  if (zeroBits !== 0) return NtStatus.INVALID_PARAMETER_3;
  const io = readBaseAndSize(context, basePtr, sizePtr);
  if ("status" in io) return io.status;
  const allocated = t.process.vm.allocate(io.base, io.size, type, protect);
  if (!allocated.ok) return allocated.error;
  context.memory.writeU32(basePtr, allocated.value.base);
  context.memory.writeU32(sizePtr, allocated.value.size);
  return NtStatus.SUCCESS;
};

/** NtFreeVirtualMemory(a0 = process, a1 = *base (in/out), a2 = *size (in/out), a3 = MEM_RELEASE or MEM_DECOMMIT). */
const ntFreeVirtualMemory: SyscallHandler = (context) => {
  const [, basePtr, sizePtr, type] = context.args;
  const t = target(context, ProcessAccess.VM_OPERATION);
  if ("status" in t) return t.status;
  const io = readBaseAndSize(context, basePtr, sizePtr);
  if ("status" in io) return io.status;
  const freed = t.process.vm.free(io.base, io.size, type);
  if (!freed.ok) return freed.error;
  context.memory.writeU32(basePtr, freed.value.base);
  context.memory.writeU32(sizePtr, freed.value.size);
  return NtStatus.SUCCESS;
};

/** NtProtectVirtualMemory(a0 = process, a1 = *base (in/out), a2 = *size (in/out), a3 = new PAGE_*, a4 = *old PAGE_*). */
const ntProtectVirtualMemory: SyscallHandler = (context) => {
  const [, basePtr, sizePtr, protect, oldPtr] = context.args;
  const t = target(context, ProcessAccess.VM_OPERATION);
  if ("status" in t) return t.status;
  const io = readBaseAndSize(context, basePtr, sizePtr);
  if ("status" in io) return io.status;
  if (context.memory.probeWrite(oldPtr, 4) !== NtStatus.SUCCESS) return NtStatus.ACCESS_VIOLATION;
  const changed = t.process.vm.protect(io.base, io.size, protect);
  if (!changed.ok) return changed.error;
  context.memory.writeU32(basePtr, changed.value.base);
  context.memory.writeU32(sizePtr, changed.value.size);
  context.memory.writeU32(oldPtr, changed.value.old);
  return NtStatus.SUCCESS;
};

/** Bytes of MEMORY_BASIC_INFORMATION on rv32. */
const MEMORY_BASIC_INFORMATION_SIZE = 28;

/**
 * NtQueryVirtualMemory(a0 = process, a1 = address, a2 = class (0: MemoryBasicInformation), a3 = buffer,
 * a4 = length (28), a5 = *return length).
 */
const ntQueryVirtualMemory: SyscallHandler = (context) => {
  const [, address, infoClass, buffer, length, returnLength] = context.args;
  const t = target(context, ProcessAccess.QUERY_INFORMATION);
  if ("status" in t) return t.status;
  if (infoClass !== 0) return NtStatus.INVALID_INFO_CLASS;
  if (length < MEMORY_BASIC_INFORMATION_SIZE) return NtStatus.INFO_LENGTH_MISMATCH;
  const info = t.process.vm.query(address);
  if (info === undefined) return NtStatus.INVALID_PARAMETER;
  const record = u32Record([info.baseAddress, info.allocationBase, info.allocationProtect, info.regionSize, info.state, info.protect, info.type]);
  if (context.memory.write(buffer, record) !== NtStatus.SUCCESS) return NtStatus.ACCESS_VIOLATION;
  return writeOptionalU32(context, returnLength, MEMORY_BASIC_INFORMATION_SIZE);
};

/** The memory syscalls by name. */
export const MEMORY_SYSCALLS = {
  NtAllocateVirtualMemory: ntAllocateVirtualMemory,
  NtFreeVirtualMemory: ntFreeVirtualMemory,
  NtProtectVirtualMemory: ntProtectVirtualMemory,
  NtQueryVirtualMemory: ntQueryVirtualMemory,
} as const;
