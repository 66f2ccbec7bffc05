/**
 * waitid's constants and the wait-status word. The core stores a process's exit status as an opaque
 * u32; this shim stores the Linux wait status there (`(code & 0xff) << 8` for an exit, the signal
 * number — with 0x80 for a core dump — for a death by signal), so the registry's value is exactly
 * what `wait(2)` would report.
 *
 * @module
 */
import { SiCode } from "./signals";

/** `idtype_t` of waitid. */
export const IdType = {
  P_ALL: 0,
  P_PID: 1,
  P_PGID: 2,
  P_PIDFD: 3,
} as const;

/** waitid option bits. */
export const WaitOption = {
  WNOHANG: 0x0000_0001,
  WSTOPPED: 0x0000_0002,
  WEXITED: 0x0000_0004,
  WCONTINUED: 0x0000_0008,
  WNOWAIT: 0x0100_0000,
  __WNOTHREAD: 0x2000_0000,
  __WALL: 0x4000_0000,
  __WCLONE: 0x8000_0000,
} as const;

/** Every option bit waitid accepts; anything else is EINVAL. */
export const WAITID_VALID_OPTIONS =
  (WaitOption.WNOHANG |
    WaitOption.WSTOPPED |
    WaitOption.WEXITED |
    WaitOption.WCONTINUED |
    WaitOption.WNOWAIT |
    WaitOption.__WNOTHREAD |
    WaitOption.__WALL |
    WaitOption.__WCLONE) >>>
  0;

/** The wait status of a normal exit with `code` (only its low 8 bits survive, as on Linux). */
export function exitedStatus(code: number): number {
  return ((code & 0xff) << 8) >>> 0;
}

/** The wait status of a death by `signal`; `coreDumped` sets the 0x80 bit. */
export function signaledStatus(signal: number, coreDumped = false): number {
  return ((signal & 0x7f) | (coreDumped ? 0x80 : 0)) >>> 0;
}

/** How a wait status reads, as siginfo reports it for SIGCHLD. */
export interface DecodedWaitStatus {
  /** CLD_EXITED, CLD_KILLED or CLD_DUMPED. */
  readonly code: number;
  /** The exit code (CLD_EXITED) or the signal (the others): siginfo's `si_status`. */
  readonly status: number;
}

/** Decodes a wait status into siginfo's `si_code` / `si_status`. */
export function decodeWaitStatus(status: number): DecodedWaitStatus {
  const signal = status & 0x7f;
  if (signal === 0) return { code: SiCode.CLD_EXITED, status: (status >>> 8) & 0xff };
  return { code: (status & 0x80) !== 0 ? SiCode.CLD_DUMPED : SiCode.CLD_KILLED, status: signal };
}
