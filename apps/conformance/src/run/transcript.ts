/**
 * Transcripts: collecting a guest's output (bytes copied: shims reuse their buffers) and comparing
 * it with the expectation as a unified diff (jsdiff).
 *
 * @module
 */
import { createTwoFilesPatch } from "diff";
import type { TranscriptExpectation } from "../model/case";
import type { Transcript } from "../model/result";

/** Collects bytes written to one stream. */
export class OutputCollector {
  readonly #chunks: Uint8Array[] = [];

  /** Appends a copy of `bytes` (bound: pass it as a callback). */
  readonly write = (bytes: Uint8Array): void => {
    this.#chunks.push(bytes.slice());
  };

  /** Everything so far, latin1-decoded (bytes map one to one to characters). */
  text(): string {
    let out = "";
    for (const chunk of this.#chunks) {
      for (let i = 0; i < chunk.length; i += 8192) out += String.fromCharCode(...chunk.subarray(i, i + 8192));
    }
    return out;
  }
}

/** Whether `transcript` meets `expected`. */
export function transcriptMatches(expected: TranscriptExpectation, transcript: Transcript): boolean {
  return transcript.stdout === expected.stdout && transcript.stderr === (expected.stderr ?? "") && transcript.exitStatus === expected.exitStatus;
}

function patch(label: string, expected: string, actual: string): string {
  // Drop jsdiff's "Index:"/"===" preamble: the two file headers name the stream.
  const text = createTwoFilesPatch(`expected ${label}`, `actual ${label}`, expected, actual, undefined, undefined, { context: 3 });
  return text.split("\n").filter((line) => !line.startsWith("Index:") && !/^=+$/.test(line)).join("\n").trimEnd();
}

/** A unified diff of every part of `transcript` that differs from `expected` ("" when none). */
export function transcriptDiff(expected: TranscriptExpectation, transcript: Transcript): string {
  const parts: string[] = [];
  if (transcript.stdout !== expected.stdout) parts.push(patch("stdout", expected.stdout, transcript.stdout));
  const stderr = expected.stderr ?? "";
  if (transcript.stderr !== stderr) parts.push(patch("stderr", stderr, transcript.stderr));
  if (transcript.exitStatus !== expected.exitStatus) {
    parts.push(`--- expected exit status\n+++ actual exit status\n-${expected.exitStatus}\n+${transcript.exitStatus ?? "none (still running)"}`);
  }
  return parts.join("\n");
}
