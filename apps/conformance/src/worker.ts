/**
 * Worker-thread entry of `--jobs N`: runs the one pair it is given and posts progress and results.
 *
 * @module
 */
import { parentPort } from "node:worker_threads";
import { runPairJob } from "./run/pair-runner";
import type { WorkerMessage, WorkerRequest } from "./run/worker-pool";

const port = parentPort;
if (port !== null) {
  port.once("message", (request: WorkerRequest) => {
    const post = (message: WorkerMessage): void => port.postMessage(message);
    void runPairJob(request.job, request.settings, (event) => post({ type: "progress", event })).then((result) => post({ type: "done", result }));
  });
}
