/**
 * Host streams: file objects connected to the host (the embedder's console). A runner gives the first
 * process its standard handles as host streams — output bytes go to a callback, input comes from a
 * byte array — the way a Windows console process starts with console handles. Like console handles,
 * they are duplicated into children that do not redirect their standard handles.
 *
 * @module
 */
import { FdSubsystem } from "@litebox-ts/core";
import { KernelObject } from "../objects/kernel-object";

/** What a host stream is connected to. */
export interface HostStreamOptions {
  /** Receives every byte written (absent: writes fail with ACCESS_DENIED). */
  readonly write?: (bytes: Uint8Array) => void;
  /** The bytes reads return, in order; then end of file (absent: reads report end of file at once). */
  readonly input?: Uint8Array;
}

/** A file object connected to the host. */
export class HostStream extends KernelObject {
  readonly #write: ((bytes: Uint8Array) => void) | undefined;
  readonly #input: Uint8Array;
  #position = 0;

  /** @param options - the output callback and the input bytes. */
  constructor(options: HostStreamOptions = {}) {
    super();
    this.#write = options.write;
    this.#input = options.input ?? new Uint8Array(0);
  }

  /** True when the stream accepts writes. */
  get writable(): boolean {
    return this.#write !== undefined;
  }

  /** Hands `bytes` to the host; false when the stream takes no output. */
  write(bytes: Uint8Array): boolean {
    if (this.#write === undefined) return false;
    this.#write(bytes.slice());
    return true;
  }

  /** Up to `max` input bytes; an empty array at end of input. */
  read(max: number): Uint8Array {
    const n = Math.min(max, this.#input.length - this.#position);
    const out = this.#input.slice(this.#position, this.#position + n);
    this.#position += n;
    return out;
  }
}

/** The descriptor subsystem of host streams. */
export const HOST_STREAM_OBJECT: FdSubsystem<HostStream> = new FdSubsystem<HostStream>("nt-host-stream");

/** Collects a host stream's output as text (a transcript). */
export class OutputCollector {
  readonly #chunks: Uint8Array[] = [];

  /** The callback to give {@link HostStream}. */
  readonly write = (bytes: Uint8Array): void => {
    this.#chunks.push(bytes);
  };

  /** Everything written so far. */
  bytes(): Uint8Array {
    const total = this.#chunks.reduce((n, c) => n + c.length, 0);
    const out = new Uint8Array(total);
    let at = 0;
    for (const c of this.#chunks) {
      out.set(c, at);
      at += c.length;
    }
    return out;
  }

  /** Everything written so far, decoded as UTF-8. */
  text(): string {
    return new TextDecoder().decode(this.bytes());
  }
}
