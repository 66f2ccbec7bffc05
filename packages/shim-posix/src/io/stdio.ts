/**
 * The host's standard streams as guest descriptors. The first program's fds 0, 1 and 2 refer to
 * these objects; how bytes reach the host is the embedder's business, through two small interfaces
 * ({@link HostOutput}, and the push-fed {@link HostInput}) — no host API is used here, so the shim
 * runs in a browser or worker as well as under the `litebox` CLI.
 *
 * @module
 */
import {
  Events,
  FdSubsystem,
  Subject,
  WOULD_BLOCK,
  type EventMask,
  type FdEnabledSubsystemEntry,
  type Pollable,
} from "@litebox-ts/core";

/** Where a guest's output goes (a terminal, a file, a test's buffer). */
export interface HostOutput {
  /** Takes the bytes (copy them if kept: the buffer is reused). */
  write(bytes: Uint8Array): void;
  /** True when it is a terminal: TCGETS succeeds, so a libc line-buffers. Default false. */
  readonly isTerminal?: boolean;
}

/**
 * Guest input fed by the host: the embedder calls {@link HostInput.push} as data arrives and
 * {@link HostInput.end} at end of file; guest reads take what is buffered, or wait.
 */
export class HostInput implements Pollable {
  /** Notified when data arrives or the input ends. */
  readonly subject = new Subject();
  /** True when it is a terminal (see {@link HostOutput.isTerminal}). */
  readonly isTerminal: boolean;
  #chunks: Uint8Array[] = [];
  #buffered = 0;
  #ended = false;

  /** @param options - `isTerminal`. */
  constructor(options: { readonly isTerminal?: boolean } = {}) {
    this.isTerminal = options.isTerminal ?? false;
  }

  /** Appends `bytes` (copied). */
  push(bytes: Uint8Array): void {
    if (this.#ended || bytes.length === 0) return;
    this.#chunks.push(bytes.slice());
    this.#buffered += bytes.length;
    this.subject.notify(Events.IN);
  }

  /** Marks end of file: once the buffer drains, reads return 0. */
  end(): void {
    if (this.#ended) return;
    this.#ended = true;
    this.subject.notify(Events.IN | Events.HUP);
  }

  /** True once {@link HostInput.end} was called. */
  get ended(): boolean {
    return this.#ended;
  }

  /** True while some guest wait (a read, a ppoll) is registered for this input's readiness. */
  get awaited(): boolean {
    return this.subject.observerCount > 0;
  }

  /** Resolves at the next push or end (the shim's run loop waits on it instead of reporting a deadlock). */
  nextEvent(): Promise<void> {
    return new Promise((resolve) => {
      const registration = this.subject.register({ onEvents: () => (registration.unregister(), resolve()) }, Events.IN);
    });
  }

  /** Bytes buffered. */
  get available(): number {
    return this.#buffered;
  }

  /** IN when data is buffered or the input ended (a read will not block); HUP after the end. */
  pollEvents(): EventMask {
    return (this.#buffered > 0 || this.#ended ? Events.IN : 0) | (this.#ended ? Events.HUP : 0);
  }

  /** Takes up to `dest.length` bytes: a count, 0 at end of input, or WOULD_BLOCK. */
  take(dest: Uint8Array): number | typeof WOULD_BLOCK {
    if (dest.length === 0) return 0;
    if (this.#buffered === 0) return this.#ended ? 0 : WOULD_BLOCK;
    let n = 0;
    while (n < dest.length && this.#chunks.length > 0) {
      const chunk = this.#chunks[0]!;
      const k = Math.min(chunk.length, dest.length - n);
      dest.set(chunk.subarray(0, k), n);
      n += k;
      if (k === chunk.length) this.#chunks.shift();
      else this.#chunks[0] = chunk.subarray(k);
    }
    this.#buffered -= n;
    return n;
  }
}

/** A standard stream as a descriptor object: host input, host output, or the null device. */
export type StdioStream =
  | { readonly kind: "input"; readonly input: HostInput }
  | { readonly kind: "output"; readonly output: HostOutput }
  | { readonly kind: "null" };

/** The descriptor object of a standard stream. */
export class StdioObject implements FdEnabledSubsystemEntry {
  /** What the stream is connected to. */
  readonly stream: StdioStream;
  /** Descriptor slots referring to it, across processes. */
  references = 0;

  /** @param stream - the connection. */
  constructor(stream: StdioStream) {
    this.stream = stream;
  }

  /** A slot refers to the stream. */
  onDup(): void {
    this.references++;
  }

  /** A slot stopped referring to it. */
  onClose(): void {
    this.references--;
  }
}

/** The subsystem token of standard streams. */
export const STDIO_SUBSYSTEM: FdSubsystem<StdioObject> = new FdSubsystem<StdioObject>("stdio");

/** Always-ready pollable of output streams and the null device (writes never block). */
export const ALWAYS_WRITABLE: Pollable = Object.freeze({
  subject: new Subject(),
  pollEvents: () => Events.OUT,
});

/** The null device's readiness: reads (end of file) and writes never block. */
export const NULL_DEVICE_READY: Pollable = Object.freeze({
  subject: new Subject(),
  pollEvents: () => Events.IN | Events.OUT,
});
