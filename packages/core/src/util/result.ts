/**
 * A tiny `Result` type: operations that can fail in an expected way return a value of this type
 * instead of throwing. Errors are closed sets (string-literal unions or tagged objects), never strings
 * meant for humans.
 *
 * @module
 */

/** A successful outcome carrying `value`. */
export interface Ok<T> {
  readonly ok: true;
  readonly value: T;
}

/** A failed outcome carrying a typed `error`. */
export interface Err<E> {
  readonly ok: false;
  readonly error: E;
}

/** Either a success with a `T` or a failure with an `E`. */
export type Result<T, E> = Ok<T> | Err<E>;

/** Builds a successful {@link Result}. */
export function ok<T>(value: T): Ok<T> {
  return { ok: true, value };
}

/** Builds a failed {@link Result}. */
export function err<E>(error: E): Err<E> {
  return { ok: false, error };
}
