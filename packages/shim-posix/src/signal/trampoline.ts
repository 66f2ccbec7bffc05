/**
 * The sigreturn trampoline page. On riscv, `struct sigaction` has no `sa_restorer`: the kernel points
 * a handler's return address at `__vdso_rt_sigreturn` in the vDSO, so a static binary's handlers
 * return through code the kernel maps. The shim maps such a page itself, read and execute only,
 * holding `li a7, 139; ecall`, into every image it starts (spawn and execve); fork inherits it with
 * the rest of the memory.
 *
 * Where: the highest free page below 0x10000 — under the text of every ordinary rv32 executable
 * (linked at 0x10000) and as far as possible from the mmap area, which grows down from the stack —
 * or, if that low area is taken, the highest free page below the stack.
 *
 * @module
 */
import { PAGE_SIZE, Prot } from "@litebox-ts/core";
import type { PosixProcess } from "../process/posix-process";
import type { PosixShim } from "../shim/posix-shim";
import { SIGRETURN_TRAMPOLINE_CODE } from "./frame-layout";

/** The preferred address of the trampoline page. */
export const TRAMPOLINE_PREFERRED_ADDRESS = 0x0000_f000;

function isFree(shim: PosixShim, process: PosixProcess, page: number): boolean {
  const info = shim.platform.queryPage(process.space.id, page);
  return info.ok && info.value === undefined;
}

function candidates(process: PosixProcess): number[] {
  const { start, end } = process.space.guestRange;
  const out: number[] = [];
  const lowest = Math.max(start, PAGE_SIZE);
  for (let page = TRAMPOLINE_PREFERRED_ADDRESS; page >= lowest; page -= PAGE_SIZE) out.push(page);
  const top = Math.min(process.image.stackBase, end) - PAGE_SIZE;
  for (let page = top - (top % PAGE_SIZE); page >= lowest && out.length < 1024 + 16; page -= PAGE_SIZE) {
    if (page > TRAMPOLINE_PREFERRED_ADDRESS) out.push(page);
  }
  return out;
}

/**
 * Maps the trampoline into `process`'s current address space and answers its address, or undefined
 * when no page could be mapped (the platform is out of memory): delivery then tries again, and a
 * handler that cannot be given a return path ends the process with SIGSEGV.
 */
export function mapTrampoline(shim: PosixShim, process: PosixProcess): number | undefined {
  const platform = shim.platform;
  const space = process.space.id;
  const code = new Uint8Array(SIGRETURN_TRAMPOLINE_CODE.length * 4);
  const view = new DataView(code.buffer);
  SIGRETURN_TRAMPOLINE_CODE.forEach((word, i) => view.setUint32(i * 4, word, true));
  for (const page of candidates(process)) {
    if (!isFree(shim, process, page)) continue;
    if (!platform.mapPages(space, page, PAGE_SIZE, Prot.Read | Prot.Exec).ok) return undefined;
    // Like the vDSO, the page is never writable by the guest: the shim fills it with a forced write.
    if (platform.writeBytes(space, page, code, { force: true }) !== undefined) {
      platform.unmapPages(space, page, PAGE_SIZE);
      return undefined;
    }
    return page;
  }
  return undefined;
}
