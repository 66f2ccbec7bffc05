/**
 * `--jobs N`: pairs in worker threads (`node:worker_threads`, no pool library: one short-lived
 * worker per pair, at most N at once — a pair is seconds to minutes of work, so start-up cost is
 * noise). Each worker loads the plugins and suites from the same plain-data settings.
 *
 * @module
 */
import { Worker } from "node:worker_threads";
import type { Result } from "@litebox-ts/core";
import type { PluginLoadError } from "../plugin/load";
import type { PairJob, ProgressEvent, RawResult, RunSettings } from "./pair-runner";

/** What a worker posts. */
export type WorkerMessage =
  | { readonly type: "progress"; readonly event: ProgressEvent }
  | { readonly type: "done"; readonly result: Result<RawResult[], PluginLoadError> };

/** What a worker receives. */
export interface WorkerRequest {
  readonly job: PairJob;
  readonly settings: RunSettings;
}

/** The worker entry next to this module in the build (`dist/worker.js`). */
const WORKER_URL = new URL("./worker.js", import.meta.url);

function runInWorker(request: WorkerRequest, onProgress: (event: ProgressEvent) => void): Promise<Result<RawResult[], PluginLoadError>> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(WORKER_URL);
    let settled = false;
    worker.on("message", (message: WorkerMessage) => {
      if (message.type === "progress") onProgress(message.event);
      else {
        settled = true;
        resolve(message.result);
        void worker.terminate();
      }
    });
    worker.on("error", (error) => {
      settled = true;
      reject(error);
    });
    worker.on("exit", (code) => {
      if (!settled) reject(new Error(`the worker for ${request.job.pairId} exited with code ${code}`));
    });
    worker.postMessage(request);
  });
}

/** Runs `jobs` with at most `parallel` workers; results in job order. */
export async function runPairsInWorkers(
  jobs: readonly PairJob[],
  settings: RunSettings,
  parallel: number,
  onProgress: (event: ProgressEvent) => void,
): Promise<Result<RawResult[], PluginLoadError>[]> {
  const results: Result<RawResult[], PluginLoadError>[] = new Array(jobs.length);
  let next = 0;
  const lane = async (): Promise<void> => {
    while (next < jobs.length) {
      const index = next++;
      results[index] = await runInWorker({ job: jobs[index]!, settings }, onProgress);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(parallel, jobs.length)) }, lane));
  return results;
}
