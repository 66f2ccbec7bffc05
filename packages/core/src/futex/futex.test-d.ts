import { describe, expectTypeOf, it } from "vitest";
import type { WaitInterrupted, WaitTimedOut } from "../event/wait";
import type { MemoryFault } from "../platform/memory";
import type { Result } from "../util/result";
import type {
  FutexInvalidArgument,
  FutexInvalidReason,
  FutexRequeueError,
  FutexValueMismatch,
  FutexWaitError,
  FutexWaitOutcome,
  FutexWaitResult,
  FutexWakeError,
} from "./errors";
import type { FutexManager } from "./manager";

describe("futex types", () => {
  it("error sets are closed unions told apart by _tag", () => {
    expectTypeOf<FutexWaitError>().toEqualTypeOf<FutexInvalidArgument | FutexValueMismatch | MemoryFault | WaitTimedOut | WaitInterrupted>();
    expectTypeOf<FutexWaitError["_tag"]>().toEqualTypeOf<"InvalidArgument" | "ValueMismatch" | "MemoryFault" | "WaitTimedOut" | "WaitInterrupted">();
    expectTypeOf<FutexWakeError>().toEqualTypeOf<FutexInvalidArgument>();
    expectTypeOf<FutexRequeueError["_tag"]>().toEqualTypeOf<"InvalidArgument" | "ValueMismatch" | "MemoryFault">();
    expectTypeOf<FutexInvalidReason>().toEqualTypeOf<"misaligned" | "zeroBitset" | "negativeCount">();
  });

  it("wait answers synchronously or with a Promise of the same outcome; wake and requeue synchronously", () => {
    expectTypeOf<ReturnType<FutexManager["wait"]>>().toEqualTypeOf<FutexWaitResult>();
    expectTypeOf<FutexWaitResult>().toEqualTypeOf<FutexWaitOutcome | Promise<FutexWaitOutcome>>();
    expectTypeOf<FutexWaitOutcome>().toEqualTypeOf<Result<void, FutexWaitError>>();
    expectTypeOf<ReturnType<FutexManager["wake"]>>().toEqualTypeOf<Result<number, FutexWakeError>>();
    expectTypeOf<ReturnType<FutexManager["requeue"]>>().toEqualTypeOf<Result<number, FutexRequeueError>>();
  });

  it("an exhaustive switch over a wait error needs every tag", () => {
    const toErrno = (error: FutexWaitError): number => {
      switch (error._tag) {
        case "InvalidArgument":
          return 22;
        case "ValueMismatch":
          return 11;
        case "MemoryFault":
          return 14;
        case "WaitTimedOut":
          return 110;
        case "WaitInterrupted":
          return 4;
      }
    };
    expectTypeOf(toErrno).returns.toEqualTypeOf<number>();
  });
});
