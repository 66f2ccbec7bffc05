import { describe, expectTypeOf, it } from "vitest";
import type { PipeError, PipeIoResult, PipeReadError, PipeWriteError } from "./errors";
import type { PipeEnd, PipeReadEnd, PipeWriteEnd } from "./pipe";
import type { PIPE_SUBSYSTEM } from "./pipes";
import type { FdSubsystem } from "../fd/subsystem";
import type { Result } from "../util/result";

describe("pipe types", () => {
  it("error sets are closed", () => {
    expectTypeOf<PipeError>().toEqualTypeOf<"WouldBlock" | "BrokenPipe" | "Interrupted" | "TimedOut">();
    expectTypeOf<PipeReadError>().toEqualTypeOf<"WouldBlock" | "Interrupted" | "TimedOut">();
    expectTypeOf<PipeWriteError>().toEqualTypeOf<"WouldBlock" | "BrokenPipe" | "Interrupted" | "TimedOut">();
  });

  it("reads and writes are synchronous or a Promise of the same Result", () => {
    expectTypeOf<ReturnType<PipeReadEnd["read"]>>().toEqualTypeOf<PipeIoResult<PipeReadError>>();
    expectTypeOf<ReturnType<PipeWriteEnd["write"]>>().toEqualTypeOf<PipeIoResult<PipeWriteError>>();
    expectTypeOf<PipeIoResult<PipeReadError>>().toEqualTypeOf<
      Result<number, PipeReadError> | Promise<Result<number, PipeReadError>>
    >();
  });

  it("PIPE_SUBSYSTEM entries hold either end, told apart by kind", () => {
    expectTypeOf<typeof PIPE_SUBSYSTEM>().toEqualTypeOf<FdSubsystem<PipeEnd>>();
    expectTypeOf<PipeEnd["kind"]>().toEqualTypeOf<"read" | "write">();
    const end = {} as PipeEnd;
    if (end.kind === "read") expectTypeOf(end).toEqualTypeOf<PipeReadEnd>();
    else expectTypeOf(end).toEqualTypeOf<PipeWriteEnd>();
  });
});
