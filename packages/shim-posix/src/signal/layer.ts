/**
 * The POSIX signal layer: generation, pending sets, masks and delivery the way the riscv Linux kernel
 * does them (`kernel/signal.c`, `arch/riscv/kernel/signal.c`).
 *
 * - **Generation** (`send`, kill, tkill, faults): `prepare_signal` (a stop signal discards pending
 *   SIGCONT; SIGCONT discards pending stops and resumes a stopped process whatever its disposition;
 *   an ignored signal that is not blocked is dropped), then the thread or process pending queue
 *   (standard signals coalesce, real-time ones queue), then `complete_signal`: pick a thread that
 *   wants it; a fatal default action (terminate, not core) kills the whole process at once; else the
 *   thread is woken through the scheduler's interrupt request, which also ends an interruptible wait.
 * - **Delivery** happens at return to user mode — the scheduler's interrupt entry (after the syscall
 *   that made a signal deliverable, or before a preempted thread runs again) and after a fault: the
 *   syscall-restart rules of `arch_do_signal_or_restart` (ERESTARTSYS restarts under SA_RESTART,
 *   ERESTARTNOINTR always, ERESTARTNOHAND only when no handler runs), then signals are taken one by
 *   one: ignored ones vanish, default actions terminate / stop / do nothing, handlers get an
 *   rt_sigframe and run with mask | sa_mask | the signal (unless SA_NODEFER). As on Linux, every
 *   deliverable signal is set up before the thread runs again, so later handlers run first.
 * - **Faults** are forced (`force_sig_fault`): a blocked or ignored SIGSEGV/SIGBUS/SIGILL/SIGTRAP is
 *   reset to SIG_DFL and unblocked, so an unhandled fault always kills with the signal in the status.
 *
 * Core dumps: RLIMIT_CORE is 0 by default and the shim writes no core files, so a core-action signal
 * ends the process like a terminating one and the status never has the 0x80 bit (as Linux with
 * `ulimit -c 0`).
 *
 * @module
 */
import { PAGE_SIZE, type ShimAction, type ShimOutcome } from "@litebox-ts/core";
import { Errno } from "../abi/errno";
import { RtSigframeLayout } from "./frame-layout";
import { Rlimit } from "../abi/constants";
import { Sys } from "../abi/syscall-numbers";
import { DefaultAction, SaFlags, SiCode, SigHandler, Signal, SigaltstackFlags, defaultAction, isValidSignal } from "../abi/signals";
import { signaledStatus } from "../abi/wait";
import { PosixProcess } from "../process/posix-process";
import type { PosixThread, SyscallRestart } from "../process/posix-thread";
import type { SignalInfo, SignalLayer, SignalTarget, ThreadException } from "../process/signal-seam";
import { signalBit, type SignalAction } from "../process/signal-state";
import type { PosixShim } from "../shim/posix-shim";
import { buildFrame, frameAddress } from "./frame";
import {
  continueProcess,
  flushPending,
  isProcessGroupOrphaned,
  isStopSignal,
  parkWhileStopped,
  stopProcess,
  takeJobReport,
  type JobReportQuery,
} from "./job-control";
import { mapTrampoline } from "./trampoline";
import {
  noAltStack,
  PROCESS_SIGNALS,
  THREAD_SIGNALS,
  trampolineExtension,
  type JobReport,
  type TrampolineState,
} from "./state";
import { ThreadExtension, type ProcessExtension } from "../process/extensions";

/** SIGKILL and SIGSTOP: never blocked, caught or ignored. */
export const UNBLOCKABLE = signalBit(Signal.SIGKILL) | signalBit(Signal.SIGSTOP);

/** Signals whose SIG_DFL action is to do nothing (`SIG_KERNEL_IGNORE_MASK`; SIGCONT's continuing is done at generation). */
function ignoredByDefault(signal: number): boolean {
  const action = defaultAction(signal);
  return action === DefaultAction.Ignore || action === DefaultAction.Continue;
}

/** `sig_handler_ignored`: SIG_IGN, or SIG_DFL for a signal whose default is to do nothing. */
export function handlerIgnores(handler: number, signal: number): boolean {
  return handler === SigHandler.SIG_IGN || (handler === SigHandler.SIG_DFL && ignoredByDefault(signal));
}

/** Most siginfos queued per pending set for signals that bypass RLIMIT_SIGPENDING (kill, kernel). */
const HARD_QUEUE_LIMIT = 1 << 16;

/** What the dispatcher's restart record says about the syscall being returned from. */
interface ReturningSyscall {
  readonly code: number;
  readonly continuePc: number;
  readonly restartPc: number;
}

/** The signal layer; see the module documentation. */
export class PosixSignalLayer implements SignalLayer {
  readonly #shim: PosixShim;
  /** The per-process trampoline extension (installed with the layer). */
  readonly trampolines: ProcessExtension<TrampolineState>;
  /**
   * A per-thread extension with no state whose exit hook hands the process's pending signals to the
   * remaining threads (`exit_signals` → `retarget_shared_pending`): the thread that was woken for them
   * may be the one leaving.
   */
  readonly retargetOnExit: ThreadExtension<undefined>;

  /** @param shim - the shim whose processes it serves. */
  constructor(shim: PosixShim) {
    this.#shim = shim;
    this.trampolines = trampolineExtension((process) => mapTrampoline(shim, process));
    this.retargetOnExit = new ThreadExtension<undefined>({
      name: "signal retarget",
      create: () => undefined,
      exit: (_state, thread) => {
        const process = thread.process;
        if (process.state !== "running") return;
        this.#retarget(process, process.ext(PROCESS_SIGNALS).pending.set, thread);
      },
    });
  }

  // ---- generation -----------------------------------------------------------------------------

  /** {@inheritDoc SignalLayer.send} */
  send(target: SignalTarget, info: SignalInfo): void {
    this.generate(target, info);
  }

  /**
   * Generates `info` for `target` (`send_signal_locked`). Answers 0, -EAGAIN when a real-time signal
   * sent with a negative si_code (tkill, sigqueue) exceeds RLIMIT_SIGPENDING, or -EINVAL for a number
   * outside 1..64 (a caller's bug, answered rather than thrown).
   */
  generate(target: SignalTarget, info: SignalInfo): number {
    const process = target instanceof PosixProcess ? target : target.process;
    const thread = target instanceof PosixProcess ? undefined : target;
    const signal = info.signo;
    if (!isValidSignal(signal)) return -Errno.EINVAL;
    if (process.state !== "running" || (thread !== undefined && !thread.alive)) return 0;
    // prepare_signal: the effects of stop and continue signals happen at generation.
    if (isStopSignal(signal)) flushPending(process, signalBit(Signal.SIGCONT));
    else if (signal === Signal.SIGCONT) continueProcess(this.#shim, process);
    const representative = thread ?? this.#mainThread(process);
    if (representative === undefined || this.#ignored(representative, signal)) return 0;

    const pending = thread ? thread.ext(THREAD_SIGNALS).pending : process.ext(PROCESS_SIGNALS).pending;
    if (signal >= Signal.SIGRTMIN && info.code < 0) {
      const queued = this.#queuedCount(process);
      if (queued >= process.limits.soft(Rlimit.RLIMIT_SIGPENDING)) return -Errno.EAGAIN;
    }
    if (!pending.add(info, HARD_QUEUE_LIMIT)) return 0;
    this.#complete(process, thread, signal);
    return 0;
  }

  /** `complete_signal`: find a thread to take it; kill at once for a fatal default; else wake it. */
  #complete(process: PosixProcess, directed: PosixThread | undefined, signal: number): void {
    let chosen: PosixThread | undefined;
    if (directed) {
      if (!this.#wants(directed, signal)) return;
      chosen = directed;
    } else {
      const main = this.#mainThread(process);
      if (main && this.#wants(main, signal)) chosen = main;
      else chosen = [...process.threads].find((t) => this.#wants(t, signal));
      if (chosen === undefined) return;
    }
    const action = process.signalActions.get(signal);
    const fatal =
      signal === Signal.SIGKILL ||
      (action.handler === SigHandler.SIG_DFL && defaultAction(signal) === DefaultAction.Terminate);
    if (fatal) {
      this.#shim.terminateProcess(process, signaledStatus(signal));
      return;
    }
    this.#shim.scheduler.requestInterrupt(chosen.guest);
  }

  /** `wants_signal`. */
  #wants(thread: PosixThread, signal: number): boolean {
    if (!thread.alive) return false;
    if ((thread.signalMask & signalBit(signal)) !== 0n) return false;
    if (signal === Signal.SIGKILL) return true;
    if (thread.process.ext(PROCESS_SIGNALS).job.stopped) return false;
    return thread.guest.state === "running" || !thread.guest.interruptLatch.isPending();
  }

  /** `sig_ignored`: not blocked by `thread`, and its disposition ignores it. */
  #ignored(thread: PosixThread, signal: number): boolean {
    if ((thread.signalMask & signalBit(signal)) !== 0n) return false;
    return handlerIgnores(thread.process.signalActions.get(signal).handler, signal);
  }

  /** The thread whose mask process-directed signals are checked against (the leader while it lives). */
  #mainThread(process: PosixProcess): PosixThread | undefined {
    return process.leader ?? process.threads.values().next().value;
  }

  #queuedCount(process: PosixProcess): number {
    let n = process.ext(PROCESS_SIGNALS).pending.queued.length;
    for (const t of process.threads) n += t.ext(THREAD_SIGNALS).pending.queued.length;
    return n;
  }

  /**
   * `force_sig_info`: the signal is delivered even if blocked or ignored (reset to SIG_DFL and
   * unblocked); `toDefault` also resets a handler (`force_fatal_sig`). `wake`: the thread is
   * returning from a syscall and must take it at that return.
   */
  force(thread: PosixThread, info: SignalInfo, toDefault: boolean, wake: boolean): void {
    const action = thread.process.signalActions.get(info.signo);
    const bit = signalBit(info.signo);
    const blocked = (thread.signalMask & bit) !== 0n;
    if (blocked || action.handler === SigHandler.SIG_IGN || toDefault) {
      action.handler = SigHandler.SIG_DFL;
      if (blocked) thread.signalMask &= ~bit;
    }
    thread.ext(THREAD_SIGNALS).pending.add(info, HARD_QUEUE_LIMIT);
    if (wake) this.#shim.scheduler.requestInterrupt(thread.guest);
  }

  // ---- masks ----------------------------------------------------------------------------------

  /**
   * `set_current_blocked`: installs `mask` (never SIGKILL or SIGSTOP). Process-directed signals this
   * thread now blocks are handed to another thread that can take them. `wakeSelf`: the caller is
   * this thread's syscall, so a signal the new mask lets through is delivered when it returns.
   */
  setBlocked(thread: PosixThread, mask: bigint, wakeSelf: boolean): void {
    const next = BigInt.asUintN(64, mask) & ~UNBLOCKABLE;
    const newlyBlocked = next & ~thread.signalMask;
    thread.signalMask = next;
    this.#retarget(thread.process, thread.process.ext(PROCESS_SIGNALS).pending.set & newlyBlocked, thread);
    if (wakeSelf && this.hasDeliverable(thread)) this.#shim.scheduler.requestInterrupt(thread.guest);
  }

  /** Wakes, for each process-directed signal of `signals`, a thread other than `leaving` that can take it. */
  #retarget(process: PosixProcess, signals: bigint, leaving: PosixThread): void {
    if (signals === 0n) return;
    for (let s = 1; s <= 64; s++) {
      if ((signals & signalBit(s)) === 0n) continue;
      const other = [...process.threads].find((t) => t !== leaving && this.#wants(t, s));
      if (other) this.#shim.scheduler.requestInterrupt(other.guest);
    }
  }

  /** True when a signal pending for `thread` (or its process) is not blocked: `signal_pending`. */
  hasDeliverable(thread: PosixThread): boolean {
    const pending = thread.ext(THREAD_SIGNALS).pending.set | thread.process.ext(PROCESS_SIGNALS).pending.set;
    return (pending & ~thread.signalMask) !== 0n;
  }

  /** Signals pending for `thread` or its process (the union `rt_sigpending` masks with the blocked set). */
  pendingSet(thread: PosixThread): bigint {
    return thread.ext(THREAD_SIGNALS).pending.set | thread.process.ext(PROCESS_SIGNALS).pending.set;
  }

  /** rt_sigaction set `signal`'s handler to one that ignores it: discard it wherever it is pending. */
  discardIfIgnored(process: PosixProcess, signal: number): void {
    if (handlerIgnores(process.signalActions.get(signal).handler, signal)) flushPending(process, signalBit(signal));
  }

  /** The stop or continue of `child` that a waitid with `query` reports (see `takeJobReport`). */
  jobReport(child: PosixProcess, query: JobReportQuery): JobReport | undefined {
    return takeJobReport(child, query);
  }

  // ---- delivery -------------------------------------------------------------------------------

  /** {@inheritDoc SignalLayer.interrupt} */
  interrupt(thread: PosixThread): ShimOutcome {
    thread.guest.interruptLatch.clear();
    if (!thread.alive) return "terminate";
    const restart = thread.restart;
    thread.restart = undefined;
    return this.#returnToUser(thread, restart);
  }

  /** {@inheritDoc SignalLayer.exception} */
  exception(thread: PosixThread, stop: ThreadException): ShimOutcome {
    if (!thread.alive) return "terminate";
    this.force(thread, this.#faultInfo(thread, stop), false, false);
    return this.#deliver(thread, undefined);
  }

  /** The siginfo of a fault, as the riscv trap handlers raise it. */
  #faultInfo(thread: PosixThread, stop: ThreadException): SignalInfo {
    const pc = thread.cpu.pc >>> 0;
    switch (stop.kind) {
      case "fault": {
        // SEGV_ACCERR when the address is mapped (its protection forbids the access), else SEGV_MAPERR.
        const page = this.#shim.platform.queryPage(thread.process.space.id, stop.address - (stop.address % PAGE_SIZE));
        const mapped = page.ok && page.value !== undefined;
        return { signo: Signal.SIGSEGV, code: mapped ? SiCode.SEGV_ACCERR : SiCode.SEGV_MAPERR, addr: stop.address >>> 0 };
      }
      case "misaligned":
        return { signo: Signal.SIGBUS, code: SiCode.BUS_ADRALN, addr: stop.address >>> 0 };
      case "ebreak":
        return { signo: Signal.SIGTRAP, code: SiCode.TRAP_BRKPT, addr: pc };
      case "illegal":
        return { signo: Signal.SIGILL, code: SiCode.ILL_ILLOPC, addr: pc };
    }
  }

  /** `arch_do_signal_or_restart` entry: prepare the restart of an interrupted syscall, then deliver. */
  #returnToUser(thread: PosixThread, restart: SyscallRestart | undefined): ShimOutcome {
    let syscall: ReturningSyscall | undefined;
    if (restart !== undefined) {
      const cpu = thread.cpu;
      const continuePc = cpu.pc >>> 0;
      syscall = { code: restart.code, continuePc, restartPc: (continuePc - 4) >>> 0 };
      cpu.setRegister(10, restart.originalA0);
      cpu.pc = syscall.restartPc;
    }
    return this.#deliver(thread, syscall);
  }

  /**
   * The delivery loop (`get_signal` until nothing is left). Answers "terminate" when the process
   * died, a Promise while it is stopped, else "resume" with every handler frame set up.
   */
  #deliver(thread: PosixThread, returning: ReturningSyscall | undefined): ShimOutcome {
    let syscall = returning;
    const actions = thread.process.signalActions;
    for (;;) {
      if (!thread.alive) return "terminate";
      if (thread.process.ext(PROCESS_SIGNALS).job.stopped) {
        const resumed = syscall;
        return parkWhileStopped(thread).then((): ShimAction | Promise<ShimAction> => this.#deliver(thread, resumed));
      }
      const info = this.#dequeue(thread);
      if (info === undefined) {
        // No handler ran: a call answering ERESTART_RESTARTBLOCK continues through restart_syscall
        // (its restart block: a sleep resumes with the time left), the others restart as they are.
        if (syscall !== undefined && syscall.code === Errno.ERESTART_RESTARTBLOCK) this.#useRestartBlock(thread, syscall);
        syscall = undefined;
        // A temporary mask (sigsuspend, ppoll) goes back; that may let a signal in.
        if (thread.savedMask === undefined) return "resume";
        this.setBlocked(thread, thread.savedMask, false);
        thread.savedMask = undefined;
        continue;
      }
      const signal = info.signo;
      const action = actions.get(signal);
      if (action.handler === SigHandler.SIG_IGN) continue;
      if (action.handler !== SigHandler.SIG_DFL) {
        const ka: SignalAction = { handler: action.handler, flags: action.flags, mask: action.mask };
        if ((ka.flags & SaFlags.SA_RESETHAND) !== 0) action.handler = SigHandler.SIG_DFL;
        if (syscall !== undefined) this.#cancelRestart(thread, syscall, ka);
        syscall = undefined;
        if (!this.#setupFrame(thread, info, ka)) this.#forceSigsegv(thread, signal);
        continue;
      }
      switch (defaultAction(signal)) {
        case DefaultAction.Ignore:
        case DefaultAction.Continue:
          continue;
        case DefaultAction.Stop:
          if (signal !== Signal.SIGSTOP && isProcessGroupOrphaned(this.#shim, thread.process)) continue;
          stopProcess(this.#shim, thread, signal);
          continue;
        case DefaultAction.Terminate:
        case DefaultAction.Core:
          // RLIMIT_CORE is 0 and no core file is written: WCOREDUMP stays clear.
          this.#shim.terminateProcess(thread.process, signaledStatus(signal));
          return "terminate";
      }
    }
  }

  /** Points the restarted `ecall` at restart_syscall (when the shim has it; else the call is re-run as it was). */
  #useRestartBlock(thread: PosixThread, syscall: ReturningSyscall): void {
    if ((thread.cpu.pc >>> 0) !== syscall.restartPc) return;
    if (this.#shim.syscalls.lookup(Sys.restart_syscall) !== undefined) thread.cpu.setRegister(17, Sys.restart_syscall);
  }

  /** A handler is about to run: the interrupted call returns EINTR instead of restarting, per its code. */
  #cancelRestart(thread: PosixThread, syscall: ReturningSyscall, ka: SignalAction): void {
    const cpu = thread.cpu;
    if ((cpu.pc >>> 0) !== syscall.restartPc) return;
    const code = syscall.code;
    const eintr =
      code === Errno.ERESTARTNOHAND ||
      code === Errno.ERESTART_RESTARTBLOCK ||
      (code === Errno.ERESTARTSYS && (ka.flags & SaFlags.SA_RESTART) === 0);
    if (!eintr) return;
    cpu.setRegister(10, -Errno.EINTR >>> 0);
    cpu.pc = syscall.continuePc;
  }

  /** `dequeue_signal`: a fault's own signal first, then the thread's pending set, then the process's. */
  #dequeue(thread: PosixThread): SignalInfo | undefined {
    const mask = thread.signalMask;
    const own = thread.ext(THREAD_SIGNALS).pending;
    return own.takeSynchronous(mask) ?? own.take(mask) ?? thread.process.ext(PROCESS_SIGNALS).pending.take(mask);
  }

  /** `force_sigsegv`: a frame could not be set up for `signal`. */
  #forceSigsegv(thread: PosixThread, signal: number): void {
    this.force(thread, { signo: Signal.SIGSEGV, code: SiCode.SI_KERNEL }, signal === Signal.SIGSEGV, false);
  }

  /** The trampoline address of `thread`'s process, mapping the page now if it is missing. */
  #trampoline(process: PosixProcess): number | undefined {
    const state = process.ext(this.trampolines);
    state.address ??= mapTrampoline(this.#shim, process);
    return state.address;
  }

  /** `setup_rt_frame` + `signal_delivered`. False when the frame cannot be written. */
  #setupFrame(thread: PosixThread, info: SignalInfo, ka: SignalAction): boolean {
    const cpu = thread.cpu;
    const state = thread.ext(THREAD_SIGNALS);
    const sp = cpu.getRegister(2);
    const frame = frameAddress(state.altStack, sp, (ka.flags & SaFlags.SA_ONSTACK) !== 0);
    const trampoline = this.#trampoline(thread.process);
    if (frame === undefined || trampoline === undefined) return false;
    const saved = thread.savedMask ?? thread.signalMask;
    const bytes = buildFrame(info, cpu, saved, state.altStack);
    if (!this.#shim.memoryOf(thread.process).writeBytes(frame, bytes).ok) return false;
    cpu.setRegister(1, trampoline);
    cpu.setRegister(2, frame);
    cpu.setRegister(10, info.signo);
    cpu.setRegister(11, frame + RtSigframeLayout.info);
    cpu.setRegister(12, frame + RtSigframeLayout.uc);
    cpu.pc = ka.handler >>> 0;
    let blocked = thread.signalMask | ka.mask;
    if ((ka.flags & SaFlags.SA_NODEFER) === 0) blocked |= signalBit(info.signo);
    this.setBlocked(thread, blocked, false);
    thread.savedMask = undefined;
    if ((state.altStack.flags & SigaltstackFlags.SS_AUTODISARM) !== 0) state.altStack = noAltStack();
    return true;
  }
}


