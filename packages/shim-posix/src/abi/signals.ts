/**
 * Signal numbers, their default actions, and the signal-related constants of the riscv Linux ABI
 * (`include/uapi/asm-generic/signal.h`, `signal-defs.h`, `siginfo.h`). riscv's kernel `struct
 * sigaction` has no `sa_restorer` (riscv does not define SA_RESTORER): see {@link SigactionLayout}
 * in `layouts.ts`.
 *
 * @module
 */

/** Signal numbers. */
export const Signal = {
  SIGHUP: 1,
  SIGINT: 2,
  SIGQUIT: 3,
  SIGILL: 4,
  SIGTRAP: 5,
  SIGABRT: 6,
  SIGBUS: 7,
  SIGFPE: 8,
  SIGKILL: 9,
  SIGUSR1: 10,
  SIGSEGV: 11,
  SIGUSR2: 12,
  SIGPIPE: 13,
  SIGALRM: 14,
  SIGTERM: 15,
  SIGSTKFLT: 16,
  SIGCHLD: 17,
  SIGCONT: 18,
  SIGSTOP: 19,
  SIGTSTP: 20,
  SIGTTIN: 21,
  SIGTTOU: 22,
  SIGURG: 23,
  SIGXCPU: 24,
  SIGXFSZ: 25,
  SIGVTALRM: 26,
  SIGPROF: 27,
  SIGWINCH: 28,
  SIGIO: 29,
  SIGPWR: 30,
  SIGSYS: 31,
  SIGRTMIN: 32,
  SIGRTMAX: 64,
} as const;
/** A signal name. */
export type SignalName = keyof typeof Signal;

/** Number of signals (`_NSIG`); valid signals are 1.._NSIG. */
export const NSIG = 64;

/** True for a valid signal number (1..64). 0 is the "check only" pseudo-signal of kill. */
export function isValidSignal(signal: number): boolean {
  return Number.isInteger(signal) && signal >= 1 && signal <= NSIG;
}

/** What a signal does when its disposition is SIG_DFL. A closed set. */
export const DefaultAction = {
  /** End the process; the wait status carries the signal. */
  Terminate: "Terminate",
  /** End the process as for a core dump (with RLIMIT_CORE 0, no dump is written and WCOREDUMP is clear). */
  Core: "Core",
  /** Nothing happens. */
  Ignore: "Ignore",
  /** Stop the process (job control). */
  Stop: "Stop",
  /** Continue a stopped process. */
  Continue: "Continue",
} as const;
/** {@inheritDoc (DefaultAction:variable)} */
export type DefaultAction = (typeof DefaultAction)[keyof typeof DefaultAction];

/** The default action of `signal` (signal(7)); real-time signals terminate. */
export function defaultAction(signal: number): DefaultAction {
  switch (signal) {
    case Signal.SIGQUIT:
    case Signal.SIGILL:
    case Signal.SIGTRAP:
    case Signal.SIGABRT:
    case Signal.SIGBUS:
    case Signal.SIGFPE:
    case Signal.SIGSEGV:
    case Signal.SIGXCPU:
    case Signal.SIGXFSZ:
    case Signal.SIGSYS:
      return DefaultAction.Core;
    case Signal.SIGCHLD:
    case Signal.SIGURG:
    case Signal.SIGWINCH:
      return DefaultAction.Ignore;
    case Signal.SIGSTOP:
    case Signal.SIGTSTP:
    case Signal.SIGTTIN:
    case Signal.SIGTTOU:
      return DefaultAction.Stop;
    case Signal.SIGCONT:
      return DefaultAction.Continue;
    default:
      return DefaultAction.Terminate;
  }
}

/** Special handler values of `sa_handler`. */
export const SigHandler = {
  /** Default action. */
  SIG_DFL: 0,
  /** Ignore. */
  SIG_IGN: 1,
} as const;

/** `sa_flags` bits (riscv: asm-generic values; no SA_RESTORER). */
export const SaFlags = {
  SA_NOCLDSTOP: 0x0000_0001,
  SA_NOCLDWAIT: 0x0000_0002,
  SA_SIGINFO: 0x0000_0004,
  SA_UNSUPPORTED: 0x0000_0400,
  SA_EXPOSE_TAGBITS: 0x0000_0800,
  SA_ONSTACK: 0x0800_0000,
  SA_RESTART: 0x1000_0000,
  SA_NODEFER: 0x4000_0000,
  SA_RESETHAND: 0x8000_0000,
} as const;

/** `how` of rt_sigprocmask. */
export const SigprocmaskHow = {
  SIG_BLOCK: 0,
  SIG_UNBLOCK: 1,
  SIG_SETMASK: 2,
} as const;

/** Size of the kernel's sigset_t in bytes (64 signals); rt_sig* calls require `sigsetsize` to equal it. */
export const KERNEL_SIGSET_SIZE = 8;

/** `si_code` values. */
export const SiCode = {
  SI_USER: 0,
  SI_KERNEL: 0x80,
  SI_QUEUE: -1,
  SI_TIMER: -2,
  SI_MESGQ: -3,
  SI_ASYNCIO: -4,
  SI_SIGIO: -5,
  SI_TKILL: -6,
  /** SIGCHLD: the child exited. */
  CLD_EXITED: 1,
  /** SIGCHLD: the child was killed by a signal. */
  CLD_KILLED: 2,
  /** SIGCHLD: the child was killed by a signal and dumped core. */
  CLD_DUMPED: 3,
  CLD_TRAPPED: 4,
  CLD_STOPPED: 5,
  CLD_CONTINUED: 6,
  /** SIGSEGV: address not mapped. */
  SEGV_MAPERR: 1,
  /** SIGSEGV: invalid permissions for the mapping. */
  SEGV_ACCERR: 2,
  /** SIGBUS: invalid address alignment. */
  BUS_ADRALN: 1,
  /** SIGILL: illegal opcode. */
  ILL_ILLOPC: 1,
  /** SIGTRAP: breakpoint. */
  TRAP_BRKPT: 1,
} as const;

/** `ss_flags` of sigaltstack. */
export const SigaltstackFlags = {
  SS_ONSTACK: 1,
  SS_DISABLE: 2,
  SS_AUTODISARM: 0x8000_0000,
} as const;

/** Minimum alternate stack sizes (asm-generic). */
export const MINSIGSTKSZ = 2048;
