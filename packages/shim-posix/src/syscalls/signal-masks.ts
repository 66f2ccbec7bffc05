/**
 * The signal syscalls that read and change a process's dispositions and a thread's mask:
 * rt_sigaction, rt_sigprocmask, rt_sigpending, rt_sigsuspend, sigaltstack and rt_sigreturn, with
 * Linux's argument checks in Linux's order (`kernel/signal.c`, `arch/riscv/kernel/signal.c`).
 *
 * @module
 */
import { WOULD_BLOCK } from "@litebox-ts/core";
import { Errno } from "../abi/errno";
import { SigactionLayout, StackTLayout } from "../abi/layouts";
import {
  KERNEL_SIGSET_SIZE,
  MINSIGSTKSZ,
  NSIG,
  SaFlags,
  SiCode,
  SigaltstackFlags,
  Signal,
  SigprocmaskHow,
} from "../abi/signals";
import { StructBuffer, StructReader } from "../memory/user-memory";
import { altStackFlags, onAltStack, readFrame } from "../signal/frame";
import { RtSigframeLayout } from "../signal/frame-layout";
import { UNBLOCKABLE, type PosixSignalLayer } from "../signal/layer";
import { THREAD_SIGNALS, type AltStack } from "../signal/state";
import type { SyscallContext } from "./context";
import { CONTROL_TRANSFERRED, type SyscallResult } from "./table";

/** The sa_flags bits the kernel keeps (`UAPI_SA_FLAGS`; riscv has no SA_RESTORER); others are cleared. */
export const UAPI_SA_FLAGS =
  (SaFlags.SA_NOCLDSTOP |
    SaFlags.SA_NOCLDWAIT |
    SaFlags.SA_SIGINFO |
    SaFlags.SA_ONSTACK |
    SaFlags.SA_RESTART |
    SaFlags.SA_NODEFER |
    SaFlags.SA_RESETHAND |
    SaFlags.SA_EXPOSE_TAGBITS) >>>
  0;

/** The rt_sig* handlers, bound to the signal layer. */
export function signalMaskSyscalls(layer: PosixSignalLayer): {
  readonly rtSigaction: (ctx: SyscallContext) => number;
  readonly rtSigprocmask: (ctx: SyscallContext) => number;
  readonly rtSigpending: (ctx: SyscallContext) => number;
  readonly rtSigsuspend: (ctx: SyscallContext) => number | Promise<number>;
  readonly sigaltstack: (ctx: SyscallContext) => number;
  readonly rtSigreturn: (ctx: SyscallContext) => SyscallResult;
} {
  function rtSigaction(ctx: SyscallContext): number {
    const signal = ctx.argSigned(0);
    const act = ctx.arg(1);
    const oact = ctx.arg(2);
    if (ctx.arg(3) !== KERNEL_SIGSET_SIZE) return -Errno.EINVAL;
    let next: StructReader | undefined;
    if (act !== 0) {
      const raw = ctx.memory.readBytes(act, SigactionLayout.SIZE);
      if (!raw.ok) return -raw.error;
      next = new StructReader(raw.value);
    }
    if (signal < 1 || signal > NSIG) return -Errno.EINVAL;
    if (next !== undefined && (signal === Signal.SIGKILL || signal === Signal.SIGSTOP)) return -Errno.EINVAL;
    const action = ctx.process.signalActions.get(signal);
    const old = new StructBuffer(SigactionLayout.SIZE)
      .u32(SigactionLayout.sa_handler, action.handler)
      .u32(SigactionLayout.sa_flags, action.flags & UAPI_SA_FLAGS)
      .u64(SigactionLayout.sa_mask, action.mask);
    if (next !== undefined) {
      action.handler = next.u32(SigactionLayout.sa_handler);
      action.flags = (next.u32(SigactionLayout.sa_flags) & UAPI_SA_FLAGS) >>> 0;
      action.mask = next.u64(SigactionLayout.sa_mask) & ~UNBLOCKABLE;
      // POSIX: setting SIG_IGN (or SIG_DFL where the default ignores) discards the pending signal.
      layer.discardIfIgnored(ctx.process, signal);
    }
    if (oact !== 0) {
      const written = ctx.memory.writeBytes(oact, old.bytes);
      if (!written.ok) return -written.error;
    }
    return 0;
  }

  function rtSigprocmask(ctx: SyscallContext): number {
    const how = ctx.argSigned(0);
    const set = ctx.arg(1);
    const oset = ctx.arg(2);
    if (ctx.arg(3) !== KERNEL_SIGSET_SIZE) return -Errno.EINVAL;
    const thread = ctx.thread;
    const old = thread.signalMask;
    if (set !== 0) {
      const requested = ctx.memory.readU64(set);
      if (!requested.ok) return -requested.error;
      const bits = requested.value & ~UNBLOCKABLE;
      let mask: bigint;
      switch (how) {
        case SigprocmaskHow.SIG_BLOCK:
          mask = old | bits;
          break;
        case SigprocmaskHow.SIG_UNBLOCK:
          mask = old & ~bits;
          break;
        case SigprocmaskHow.SIG_SETMASK:
          mask = bits;
          break;
        default:
          return -Errno.EINVAL;
      }
      layer.setBlocked(thread, mask, true);
    }
    if (oset !== 0) {
      const written = ctx.memory.writeU64(oset, old);
      if (!written.ok) return -written.error;
    }
    return 0;
  }

  function rtSigpending(ctx: SyscallContext): number {
    const uset = ctx.arg(0);
    const size = ctx.arg(1);
    // Linux accepts any size up to the kernel's sigset and copies that many bytes.
    if (size > KERNEL_SIGSET_SIZE) return -Errno.EINVAL;
    const set = layer.pendingSet(ctx.thread) & ctx.thread.signalMask;
    const bytes = new StructBuffer(KERNEL_SIGSET_SIZE).u64(0, set).bytes.subarray(0, size);
    const written = ctx.memory.writeBytes(uset, bytes);
    return written.ok ? 0 : -written.error;
  }

  function rtSigsuspend(ctx: SyscallContext): number | Promise<number> {
    if (ctx.arg(1) !== KERNEL_SIGSET_SIZE) return -Errno.EINVAL;
    const requested = ctx.memory.readU64(ctx.arg(0));
    if (!requested.ok) return -requested.error;
    const thread = ctx.thread;
    thread.savedMask = thread.signalMask;
    layer.setBlocked(thread, requested.value, false);
    // Already deliverable: the wait ends at once; the signal layer delivers at the return.
    if (layer.hasDeliverable(thread)) {
      ctx.shim.scheduler.requestInterrupt(thread.guest);
      return -Errno.ERESTARTNOHAND;
    }
    const waited = ctx.waitContext().wait(
      () => WOULD_BLOCK,
      () => () => {},
    );
    // The wait only ever ends by interruption: the saved mask stays for the signal layer to restore.
    const settle = (): number => -Errno.ERESTARTNOHAND;
    if (waited instanceof Promise) {
      ctx.waitingOn = `rt_sigsuspend (pid ${ctx.process.id} tid ${thread.tid})`;
      return waited.then(settle);
    }
    return settle();
  }

  function sigaltstack(ctx: SyscallContext): number {
    const uss = ctx.arg(0);
    const uoss = ctx.arg(1);
    const state = ctx.thread.ext(THREAD_SIGNALS);
    const sp = ctx.cpu.getRegister(2);
    let requested: AltStack | undefined;
    if (uss !== 0) {
      const raw = ctx.memory.readBytes(uss, StackTLayout.SIZE);
      if (!raw.ok) return -raw.error;
      const r = new StructReader(raw.value);
      requested = { sp: r.u32(StackTLayout.ss_sp), flags: r.u32(StackTLayout.ss_flags), size: r.u32(StackTLayout.ss_size) };
    }
    const current = state.altStack;
    const old = new StructBuffer(StackTLayout.SIZE)
      .u32(StackTLayout.ss_sp, current.sp)
      .u32(StackTLayout.ss_flags, altStackFlags(current, sp) | (current.flags & SigaltstackFlags.SS_AUTODISARM))
      .u32(StackTLayout.ss_size, current.size);
    if (requested !== undefined) {
      const error = changeAltStack(state, requested, sp);
      if (error !== 0) return error;
    }
    if (uoss !== 0) {
      const written = ctx.memory.writeBytes(uoss, old.bytes);
      if (!written.ok) return -written.error;
    }
    return 0;
  }

  function rtSigreturn(ctx: SyscallContext): SyscallResult {
    const thread = ctx.thread;
    const cpu = ctx.cpu;
    const frame = readFrame(ctx.memory, cpu.getRegister(2));
    if (!frame.ok) {
      // A bad frame: the kernel applies the mask if it got that far, then forces SIGSEGV.
      if (frame.error._tag === "ContextInvalid") layer.setBlocked(thread, frame.error.mask, false);
      layer.force(thread, { signo: Signal.SIGSEGV, code: SiCode.SI_KERNEL }, false, true);
      return 0;
    }
    const { mask, regs, altStack } = frame.value;
    layer.setBlocked(thread, mask, true);
    cpu.pc = regs[0]!;
    for (let r = 1; r < 32; r++) cpu.setRegister(r, regs[r]!);
    // restore_altstack: every error but EFAULT (already excluded) is ignored.
    changeAltStack(thread.ext(THREAD_SIGNALS), altStack, cpu.getRegister(2));
    return CONTROL_TRANSFERRED;
  }

  return { rtSigaction, rtSigprocmask, rtSigpending, rtSigsuspend, sigaltstack, rtSigreturn };
}

/**
 * `do_sigaltstack`'s change: EPERM while running on the current alternate stack, EINVAL for an
 * unknown mode, ENOMEM for a stack smaller than MINSIGSTKSZ (or than a signal frame). Answers 0 or
 * -errno.
 */
function changeAltStack(state: { altStack: AltStack }, requested: AltStack, sp: number): number {
  const current = state.altStack;
  if (onAltStack(current, sp)) return -Errno.EPERM;
  const mode = (requested.flags & ~SigaltstackFlags.SS_AUTODISARM) >>> 0;
  if (mode !== SigaltstackFlags.SS_DISABLE && mode !== SigaltstackFlags.SS_ONSTACK && mode !== 0) return -Errno.EINVAL;
  if (current.sp === requested.sp && current.size === requested.size && current.flags === requested.flags) return 0;
  if (mode === SigaltstackFlags.SS_DISABLE) {
    state.altStack = { sp: 0, size: 0, flags: requested.flags >>> 0 };
    return 0;
  }
  if (requested.size < MINSIGSTKSZ || requested.size <= RtSigframeLayout.SIZE) return -Errno.ENOMEM;
  state.altStack = { sp: requested.sp >>> 0, size: requested.size >>> 0, flags: requested.flags >>> 0 };
  return 0;
}
