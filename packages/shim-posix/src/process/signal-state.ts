/**
 * The signal state the shim keeps per process and per thread, as plain data. What the data *means*
 * — delivery, frames, masks, default actions — belongs to the signal layer (`src/signal/**`), which
 * reads and writes these fields; the process core only creates, copies and resets them on clone and
 * execve, so that their lifetimes follow Linux.
 *
 * Signal sets are `bigint`s with bit `n - 1` standing for signal `n` (the kernel's sigset_t layout).
 *
 * @module
 */
import { NSIG, SaFlags, SigHandler } from "../abi/signals";

/** One signal's disposition (riscv `struct sigaction`: handler, flags, mask — no restorer). */
export interface SignalAction {
  /** SIG_DFL (0), SIG_IGN (1) or the guest address of the handler. */
  handler: number;
  /** `sa_flags`. */
  flags: number;
  /** Signals blocked while the handler runs. */
  mask: bigint;
}

/**
 * The dispositions of all 64 signals. Shared by reference between processes cloned with
 * CLONE_SIGHAND (threads), copied by fork.
 */
export class SignalActions {
  /** Index `n - 1` holds signal `n`'s action. */
  readonly actions: SignalAction[];

  /** @param from - copies these actions (fork); default: every signal SIG_DFL. */
  constructor(from?: SignalActions) {
    this.actions = Array.from({ length: NSIG }, (_, i) => {
      const a = from?.actions[i];
      return a ? { handler: a.handler, flags: a.flags, mask: a.mask } : { handler: SigHandler.SIG_DFL, flags: 0, mask: 0n };
    });
  }

  /** The action of signal `signal` (1..64). */
  get(signal: number): SignalAction {
    const action = this.actions[signal - 1];
    if (!action) throw new RangeError(`signal ${signal} out of range`);
    return action;
  }

  /**
   * execve: caught signals go back to SIG_DFL, ignored ones stay ignored (signal(7)); flags and masks
   * of reset entries are cleared.
   */
  resetForExec(): void {
    for (const action of this.actions) {
      if (action.handler !== SigHandler.SIG_IGN) {
        action.handler = SigHandler.SIG_DFL;
        action.flags = 0;
        action.mask = 0n;
      }
    }
  }

  /** True when the parent asked not to keep zombies (SIGCHLD ignored or SA_NOCLDWAIT). */
  get reapsChildrenAutomatically(): boolean {
    const chld = this.get(17);
    return chld.handler === SigHandler.SIG_IGN || (chld.flags & SaFlags.SA_NOCLDWAIT) !== 0;
  }
}

/** Bit of signal `signal` in a signal set. */
export function signalBit(signal: number): bigint {
  return 1n << BigInt(signal - 1);
}
