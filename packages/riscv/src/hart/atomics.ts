/**
 * The A extension: LR.W, SC.W and the AMOs, shared by the interpreter and compiled code (atomics
 * are rare enough that compiled code calls out for them).
 *
 * SC.W follows qemu's rule so the two agree on every program: it succeeds only if this hart's
 * reservation is on the same address and the word still holds the value LR.W read (a compare and
 * swap); it always clears the reservation. On top of that the reservation is broken by a store from
 * another hart to the word (the port marks the reserved page so only stores to it pay) and by a
 * context switch ({@link Hart.deschedule}), so interleaved guest threads see what real hardware gives.
 * Misaligned atomics are not emulated (Linux sends SIGBUS, qemu-user too): they raise cause 4 (LR.W)
 * or 6 (SC.W, AMOs). An AMO needs a readable and writable page; its faults are store faults (15).
 *
 * @module
 */
import type { MemoryPort, ReservationHolder } from "../memory/memory-port";

/** What the atomics need of a hart. */
export interface AtomicContext extends ReservationHolder {
  /** The value LR.W read at `reservationAddress`. */
  reservationValue: number;
  /** The status of the last store an atomic made (1: it invalidated compiled code). */
  storeStatus: number;
}

/** funct5 values of the A extension (the top five bits of the word). */
export const AmoFunct = {
  Add: 0b00000, Swap: 0b00001, Lr: 0b00010, Sc: 0b00011, Xor: 0b00100, Or: 0b01000, And: 0b01100,
  Min: 0b10000, Max: 0b10100, Minu: 0b11000, Maxu: 0b11100,
} as const;

/** 1 for every valid funct5 of an RV32A instruction. */
export const AMO_VALID: Uint8Array = (() => {
  const valid = new Uint8Array(32);
  for (const f of Object.values(AmoFunct)) valid[f] = 1;
  return valid;
})();

/** Turns a load fault of an SC or AMO into the store/AMO fault the ISA reports. */
function asStoreFault(port: MemoryPort): void {
  if (port.faultCause === 13) port.faultCause = 15;
}

/**
 * Executes one atomic (`funct` from {@link AmoFunct}) on the word at `address` with source operand
 * `src`, for hart `h`. Returns the value for rd; on a fault returns 0 with the port's fault fields
 * set and nothing changed.
 */
export function atomicOp(h: AtomicContext, port: MemoryPort, funct: number, address: number, src: number): number {
  h.storeStatus = 0;
  if ((address & 3) !== 0) {
    port.faultCause = funct === AmoFunct.Lr ? 4 : 6;
    port.faultAddress = address;
    return 0;
  }
  if (funct === AmoFunct.Lr) {
    const value = port.load32(address);
    if (port.faultCause !== 0) return 0;
    port.reserve(h, address);
    h.reservationValue = value;
    return value;
  }
  if (funct === AmoFunct.Sc) {
    if (h.reservationAddress !== address) {
      port.release(h);
      return 1;
    }
    const current = port.load32(address);
    if (port.faultCause !== 0) {
      asStoreFault(port);
      return 0;
    }
    if (current !== h.reservationValue) {
      port.release(h);
      return 1;
    }
    const status = port.store32(address, src, h);
    if (status < 0) return 0;
    h.storeStatus = status;
    port.release(h);
    return 0;
  }
  const old = port.load32(address);
  if (port.faultCause !== 0) {
    asStoreFault(port);
    return 0;
  }
  let value: number;
  switch (funct) {
    case AmoFunct.Swap: value = src; break;
    case AmoFunct.Add: value = (old + src) | 0; break;
    case AmoFunct.Xor: value = old ^ src; break;
    case AmoFunct.And: value = old & src; break;
    case AmoFunct.Or: value = old | src; break;
    case AmoFunct.Min: value = old < src ? old : src; break;
    case AmoFunct.Max: value = old > src ? old : src; break;
    case AmoFunct.Minu: value = old >>> 0 < src >>> 0 ? old : src; break;
    default: value = old >>> 0 > src >>> 0 ? old : src; break;
  }
  const status = port.store32(address, value, h);
  if (status < 0) return 0;
  h.storeStatus = status;
  return old;
}
