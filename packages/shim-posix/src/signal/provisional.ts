/**
 * The provisional signal layer: default actions only, so the process core works before the full
 * signal layer lands. A signal whose disposition is SIG_DFL with a terminating default action ends
 * the target's process with that signal in its wait status (SIGKILL always does); everything else —
 * ignored signals, stop/continue, signals with a guest handler — is dropped with a trace line.
 * Exceptions raise the matching fatal signal. Handed over to the signals engineer: replace it.
 *
 * @module
 */
import { DefaultAction, SiCode, SigHandler, Signal, defaultAction } from "../abi/signals";
import { signaledStatus } from "../abi/wait";
import { PosixProcess } from "../process/posix-process";
import type { PosixThread } from "../process/posix-thread";
import type { SignalInfo, SignalLayer, SignalTarget, ThreadException } from "../process/signal-seam";
import type { PosixShim } from "../shim/posix-shim";

/** The signal an exception raises, and its si_code. */
export function exceptionSignal(stop: ThreadException): { readonly signo: number; readonly code: number; readonly addr: number } {
  switch (stop.kind) {
    case "fault":
      return { signo: Signal.SIGSEGV, code: SiCode.SEGV_MAPERR, addr: stop.address };
    case "misaligned":
      return { signo: Signal.SIGBUS, code: SiCode.BUS_ADRALN, addr: stop.address };
    case "ebreak":
      return { signo: Signal.SIGTRAP, code: SiCode.TRAP_BRKPT, addr: 0 };
    case "illegal":
      return { signo: Signal.SIGILL, code: SiCode.ILL_ILLOPC, addr: 0 };
  }
}

/** Default actions only; see the module documentation. */
export class ProvisionalSignalLayer implements SignalLayer {
  readonly #shim: PosixShim;

  /** @param shim - the shim whose processes it terminates. */
  constructor(shim: PosixShim) {
    this.#shim = shim;
  }

  /** {@inheritDoc SignalLayer.send} */
  send(target: SignalTarget, info: SignalInfo): void {
    const process = target instanceof PosixProcess ? target : target.process;
    if (!process.alive) return;
    const signal = info.signo;
    const action = process.signalActions.get(signal);
    const fatal = defaultAction(signal) === DefaultAction.Terminate || defaultAction(signal) === DefaultAction.Core;
    if (signal === Signal.SIGKILL || (action.handler === SigHandler.SIG_DFL && fatal)) {
      // RLIMIT_CORE is 0: no dump, so WCOREDUMP stays clear even for core-action signals.
      this.#shim.terminateProcess(process, signaledStatus(signal));
      return;
    }
    if (action.handler > SigHandler.SIG_IGN) {
      this.#shim.trace(`pid ${process.id}: signal ${signal} has a handler; the provisional signal layer drops it`);
    }
  }

  /** {@inheritDoc SignalLayer.interrupt} */
  interrupt(thread: PosixThread): "resume" | "terminate" {
    thread.guest.interruptLatch.clear();
    // Nothing is delivered here, so a temporary mask (ppoll, sigsuspend) goes back at once.
    if (thread.savedMask !== undefined) {
      thread.signalMask = thread.savedMask;
      thread.savedMask = undefined;
    }
    return thread.alive ? "resume" : "terminate";
  }

  /** {@inheritDoc SignalLayer.exception} */
  exception(thread: PosixThread, stop: ThreadException): "resume" | "terminate" {
    const { signo } = exceptionSignal(stop);
    this.#shim.terminateProcess(thread.process, signaledStatus(signo));
    return "terminate";
  }
}
