/**
 * Building and reading the rt_sigframe (layout in `frame-layout.ts`). `setup_rt_frame` writes, at a
 * 16-byte aligned address below the interrupted stack pointer (or at the top of the alternate stack):
 * the siginfo; a ucontext with uc_flags 0, uc_link NULL, the alternate-stack settings, the mask to
 * restore, and the machine context — pc and x1..x31 exactly as they were, no floating-point state (the
 * hart has none; the area is written as zeros where the kernel would leave stack contents), the zero
 * reserved word and the END extension header. rt_sigreturn reads back only what the kernel reads.
 *
 * @module
 */
import { SigaltstackFlags } from "../abi/signals";
import { StackTLayout } from "../abi/layouts";
import { StructBuffer, StructReader, type UserMemory } from "../memory/user-memory";
import { err, ok, type CpuRegisters, type Result } from "@litebox-ts/core";
import type { SignalInfo } from "../process/signal-seam";
import { ContextMagic, FRAME_ALIGNMENT, RtSigframeLayout, SigcontextLayout, UcontextLayout } from "./frame-layout";
import { encodeSiginfo } from "./siginfo";
import type { AltStack } from "./state";

const MCONTEXT = RtSigframeLayout.uc + UcontextLayout.uc_mcontext;

/** `__on_sig_stack`: is `sp` inside the alternate stack (the stack grows down, so its top counts)? */
export function onAltStack(stack: AltStack, sp: number): boolean {
  // An SS_AUTODISARM stack is never considered in use (the kernel's on_sig_stack).
  if ((stack.flags & SigaltstackFlags.SS_AUTODISARM) !== 0) return false;
  const s = sp >>> 0;
  return s > stack.sp && s - stack.sp <= stack.size;
}

/** `sas_ss_flags(sp)`: SS_DISABLE without a stack, SS_ONSTACK while running on it, else 0. */
export function altStackFlags(stack: AltStack, sp: number): number {
  if (stack.size === 0) return SigaltstackFlags.SS_DISABLE;
  return onAltStack(stack, sp) ? SigaltstackFlags.SS_ONSTACK : 0;
}

/**
 * Where the frame goes (`get_sigframe`), or undefined for the kernel's "always bogus" answer when a
 * handler already running on the alternate stack would overflow it (the delivery then fails with
 * SIGSEGV).
 */
export function frameAddress(stack: AltStack, sp: number, onStack: boolean): number | undefined {
  const size = RtSigframeLayout.SIZE;
  if (onAltStack(stack, sp) && !onAltStack(stack, sp - size)) return undefined;
  let top = sp >>> 0;
  if (onStack && altStackFlags(stack, sp) === 0) top = (stack.sp + stack.size) >>> 0;
  if (top < size) return undefined;
  return ((top - size) & ~(FRAME_ALIGNMENT - 1)) >>> 0;
}

/** The bytes of a frame for `info`, saving `regs` and `savedMask`, with `altStack` as it was. */
export function buildFrame(info: SignalInfo, regs: CpuRegisters, savedMask: bigint, altStack: AltStack): Uint8Array {
  const frame = new StructBuffer(RtSigframeLayout.SIZE).set(RtSigframeLayout.info, encodeSiginfo(info));
  const uc = RtSigframeLayout.uc;
  frame
    .u32(uc + UcontextLayout.uc_flags, 0)
    .u32(uc + UcontextLayout.uc_link, 0)
    .u32(uc + UcontextLayout.uc_stack + StackTLayout.ss_sp, altStack.sp)
    .u32(uc + UcontextLayout.uc_stack + StackTLayout.ss_flags, altStack.flags)
    .u32(uc + UcontextLayout.uc_stack + StackTLayout.ss_size, altStack.size)
    .u64(uc + UcontextLayout.uc_sigmask, savedMask)
    .u32(MCONTEXT + SigcontextLayout.pc, regs.pc);
  for (let r = 1; r < 32; r++) frame.u32(MCONTEXT + r * 4, regs.getRegister(r));
  frame
    .u32(MCONTEXT + SigcontextLayout.extdescReserved, 0)
    .u32(MCONTEXT + SigcontextLayout.extdescMagic, ContextMagic.END_MAGIC)
    .u32(MCONTEXT + SigcontextLayout.extdescSize, 0);
  return frame.bytes;
}

/** What rt_sigreturn restores. */
export interface RestoredContext {
  /** The mask (uc_sigmask). */
  readonly mask: bigint;
  /** pc then x1..x31 (index 0 is the pc). */
  readonly regs: Uint32Array;
  /** The alternate-stack settings to restore. */
  readonly altStack: AltStack;
}

/** Why rt_sigreturn found the frame unusable. A closed set. */
export type BadFrame =
  /** The mask could not be read: nothing was changed. */
  | { readonly _tag: "MaskUnreadable" }
  /** The mask was readable (and is restored, as the kernel does before it fails), the rest is not usable. */
  | { readonly _tag: "ContextInvalid"; readonly mask: bigint };

/**
 * Reads the frame at `sp` the way `rt_sigreturn` does: the mask first (the kernel applies it before
 * looking further), then the registers, then the extension area — a non-zero reserved word, or any
 * first header but END with size 0 (there is no vector state to restore), is a bad frame — then the
 * alternate stack.
 */
export function readFrame(memory: UserMemory, sp: number): Result<RestoredContext, BadFrame> {
  const frame = sp >>> 0;
  const uc = frame + RtSigframeLayout.uc;
  if (!memory.inRange(frame, RtSigframeLayout.SIZE)) return err({ _tag: "MaskUnreadable" });
  const mask = memory.readU64(uc + UcontextLayout.uc_sigmask);
  if (!mask.ok) return err({ _tag: "MaskUnreadable" });
  const invalid = err<BadFrame>({ _tag: "ContextInvalid", mask: mask.value });
  const mcontext = frame + MCONTEXT;
  const regBytes = memory.readBytes(mcontext, SigcontextLayout.regsSize);
  if (!regBytes.ok) return invalid;
  const reserved = memory.readU32(mcontext + SigcontextLayout.extdescReserved);
  if (!reserved.ok || reserved.value !== 0) return invalid;
  const magic = memory.readU32(mcontext + SigcontextLayout.extdescMagic);
  const size = memory.readU32(mcontext + SigcontextLayout.extdescSize);
  if (!magic.ok || !size.ok || magic.value !== ContextMagic.END_MAGIC || size.value !== 0) return invalid;
  const stack = memory.readBytes(uc + UcontextLayout.uc_stack, StackTLayout.SIZE);
  if (!stack.ok) return invalid;
  const reader = new StructReader(regBytes.value);
  const regs = new Uint32Array(32);
  for (let i = 0; i < 32; i++) regs[i] = reader.u32(i * 4);
  const ss = new StructReader(stack.value);
  return ok({
    mask: mask.value,
    regs,
    altStack: { sp: ss.u32(StackTLayout.ss_sp), flags: ss.u32(StackTLayout.ss_flags), size: ss.u32(StackTLayout.ss_size) },
  });
}
