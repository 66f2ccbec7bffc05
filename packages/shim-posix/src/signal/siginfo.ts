/**
 * `siginfo_t` as the kernel copies it to a guest (`copy_siginfo_to_user`): 128 bytes, zero except for
 * the fields the sender filled. The union at offset 12 holds, by the kind of signal: the sender's pid
 * and uid (kill, tkill, SIGPIPE, queued real-time signals, which add the sigval at 20), the child's
 * pid, uid, status and CPU times (SIGCHLD), or the faulting address (SIGSEGV, SIGBUS, SIGILL,
 * SIGTRAP, SIGFPE). {@link SignalInfo} carries exactly the fields a sender sets, so encoding is
 * field by field; the kernel's layout switch (`siginfo_layout`) decides nothing more than that.
 *
 * @module
 */
import { SiginfoLayout } from "../abi/layouts";
import { StructBuffer } from "../memory/user-memory";
import type { SignalInfo } from "../process/signal-seam";

/** The 128 bytes of `info` as a guest's `siginfo_t`. */
export function encodeSiginfo(info: SignalInfo): Uint8Array {
  const out = new StructBuffer(SiginfoLayout.SIZE)
    .u32(SiginfoLayout.si_signo, info.signo)
    .u32(SiginfoLayout.si_errno, info.errno ?? 0)
    .u32(SiginfoLayout.si_code, info.code);
  if (info.addr !== undefined) {
    out.u32(SiginfoLayout.si_addr, info.addr);
    return out.bytes;
  }
  out.u32(SiginfoLayout.si_pid, info.pid ?? 0).u32(SiginfoLayout.si_uid, info.uid ?? 0);
  // SIGCHLD's si_status and a queued signal's si_value share offset 20; a sender sets one of them.
  if (info.status !== undefined) out.u32(SiginfoLayout.si_status, info.status);
  else if (info.value !== undefined) out.u32(SiginfoLayout.si_value, info.value);
  return out.bytes;
}
