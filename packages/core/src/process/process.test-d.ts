import { describe, expectTypeOf, it } from "vitest";
import type { AddressSpaceError } from "../platform/address-space";
import type { Result } from "../util/result";
import type { CreateProcessError } from "./create-process-error";
import type { ExitedFlag, ProcessExitObserver } from "./exit-observer";
import { ProcessId } from "./process-id";
import type { ExitNotification, ProcessContext, ProcessState } from "./process-context";
import type { OrphanHandler, ProcessRegistry } from "./process-registry";

describe("ProcessId", () => {
  it("cannot be built from a plain number", () => {
    expectTypeOf<number>().not.toExtend<ProcessId>();
    expectTypeOf<1>().not.toExtend<ProcessId>();
    // @ts-expect-error a number literal is not a ProcessId
    const literal: ProcessId = 1;
    // @ts-expect-error neither is a computed number
    const computed: ProcessId = Number("2");
    void literal;
    void computed;
  });

  it("is built only through ProcessId.new (which may fail) or the INIT constant", () => {
    expectTypeOf(ProcessId.new).parameters.toEqualTypeOf<[number]>();
    expectTypeOf(ProcessId.new).returns.toEqualTypeOf<ProcessId | undefined>();
    expectTypeOf(ProcessId.INIT).toEqualTypeOf<ProcessId>();
    const maybe = ProcessId.new(5);
    // @ts-expect-error the result may be undefined and must be checked
    const unchecked: ProcessId = maybe;
    void unchecked;
    if (maybe !== undefined) expectTypeOf(maybe).toEqualTypeOf<ProcessId>();
  });

  it("is still usable as a number", () => {
    expectTypeOf<ProcessId>().toExtend<number>();
    expectTypeOf(ProcessId.asU32).returns.toEqualTypeOf<number>();
  });
});

describe("closed error sets", () => {
  it("CreateProcessError is exactly NoSuchParent | InitAlreadyExists", () => {
    expectTypeOf<CreateProcessError>().toEqualTypeOf<"NoSuchParent" | "InitAlreadyExists">();
  });

  it("AddressSpaceError is exactly NoSpace | InvalidId | NotSupported", () => {
    expectTypeOf<AddressSpaceError>().toEqualTypeOf<"NoSpace" | "InvalidId" | "NotSupported">();
  });
});

describe("process records", () => {
  it("ProcessState is Running | Exited with a numeric status", () => {
    expectTypeOf<ProcessState>().toEqualTypeOf<
      { readonly kind: "Running" } | { readonly kind: "Exited"; readonly status: number }
    >();
  });

  it("ProcessContext and ExitNotification carry ProcessIds, read-only", () => {
    expectTypeOf<ProcessContext["id"]>().toEqualTypeOf<ProcessId>();
    expectTypeOf<ProcessContext["parent"]>().toEqualTypeOf<ProcessId | undefined>();
    expectTypeOf<ExitNotification>().toEqualTypeOf<{
      readonly parentPid: ProcessId;
      readonly childPid: ProcessId;
      readonly exitStatus: number;
    }>();
    const context = {} as ProcessContext;
    // @ts-expect-error contexts are read-only snapshots
    context.parent = undefined;
  });

  it("the exit flag cannot be written through the public type", () => {
    expectTypeOf<ProcessExitObserver["exited"]>().toEqualTypeOf<ExitedFlag>();
    const flag = {} as ExitedFlag;
    // @ts-expect-error the flag is read-only for holders
    flag.value = true;
  });
});

describe("ProcessRegistry signatures", () => {
  it("match the RFC table", () => {
    expectTypeOf<ProcessRegistry["createProcess"]>().toEqualTypeOf<
      (parent?: ProcessId) => Result<ProcessId, CreateProcessError>
    >();
    expectTypeOf<ProcessRegistry["exitProcess"]>().toEqualTypeOf<
      (id: ProcessId, status: number, orphanHandler: OrphanHandler) => ExitNotification | undefined
    >();
    expectTypeOf<OrphanHandler>().toEqualTypeOf<(orphan: ProcessId, context: ProcessContext) => ProcessId | undefined>();
    expectTypeOf<ProcessRegistry["getChildren"]>().returns.toEqualTypeOf<ProcessId[] | undefined>();
    expectTypeOf<ProcessRegistry["exitObserver"]>().returns.toEqualTypeOf<ProcessExitObserver | undefined>();
    expectTypeOf<ProcessRegistry["withContext"]>().toBeFunction();
  });

  it("take ProcessIds, not numbers", () => {
    const registry = {} as ProcessRegistry;
    // @ts-expect-error a plain number is not accepted as a PID
    registry.isAlive(3);
    // @ts-expect-error neither by createProcess
    registry.createProcess(1);
  });
});
