import { describe, expectTypeOf, it } from "vitest";
import type {
  FsError,
  ImageError,
  MkdirError,
  OpenError,
  PathError,
  ReadError,
  RenameError,
  RmdirError,
  SeekError,
  TruncateError,
  UnlinkError,
  WriteError,
} from "./errors";
import type { FileType } from "./mode";
import type { FILE_SUBSYSTEM, OpenFile, SeekWhence } from "./open-file";
import type { Vfs } from "./vfs";
import type { DescriptorEntry } from "../fd/entry";
import type { DescriptorLookupError } from "../fd/errors";
import type { RawDescriptorStorage } from "../fd/storage";
import type { Result } from "../util/result";

describe("closed error sets", () => {
  it("FsError is exactly its members", () => {
    expectTypeOf<FsError>().toEqualTypeOf<
      | "NotFound"
      | "Exists"
      | "NotDirectory"
      | "IsDirectory"
      | "NotEmpty"
      | "ReadOnly"
      | "NameTooLong"
      | "InvalidArgument"
      | "TooBig"
      | "BadAccessMode"
      | "PermissionDenied"
      | "Busy"
      | "Loop"
      | "CrossDevice"
      | "NoSpace"
    >();
  });

  it("each operation names only the errors it can return", () => {
    expectTypeOf<PathError>().toEqualTypeOf<"NotFound" | "NotDirectory" | "NameTooLong" | "Loop" | "PermissionDenied" | "InvalidArgument">();
    expectTypeOf<OpenError>().toEqualTypeOf<PathError | "Exists" | "IsDirectory" | "ReadOnly">();
    expectTypeOf<MkdirError>().toEqualTypeOf<PathError | "Exists" | "ReadOnly">();
    expectTypeOf<UnlinkError>().toEqualTypeOf<PathError | "IsDirectory" | "ReadOnly">();
    expectTypeOf<RmdirError>().toEqualTypeOf<PathError | "NotEmpty" | "Busy" | "ReadOnly">();
    expectTypeOf<RenameError>().toEqualTypeOf<PathError | "IsDirectory" | "NotEmpty" | "Busy" | "ReadOnly" | "CrossDevice">();
    expectTypeOf<ReadError>().toEqualTypeOf<"BadAccessMode" | "IsDirectory" | "InvalidArgument">();
    expectTypeOf<WriteError>().toEqualTypeOf<"BadAccessMode" | "TooBig" | "NoSpace" | "InvalidArgument">();
    expectTypeOf<SeekError>().toEqualTypeOf<"InvalidArgument">();
    expectTypeOf<TruncateError>().toEqualTypeOf<"InvalidArgument" | "TooBig">();
    expectTypeOf<ImageError["code"]>().toEqualTypeOf<"NameTooLong" | "InvalidArgument" | "Exists" | "NotDirectory">();
  });

  it("the closed unions of types and seek origins", () => {
    expectTypeOf<FileType>().toEqualTypeOf<"Regular" | "Directory" | "Symlink">();
    expectTypeOf<SeekWhence>().toEqualTypeOf<"Set" | "Current" | "End">();
  });
});

describe("typed descriptors", () => {
  it("a lookup by FILE_SUBSYSTEM yields an entry of an OpenFile", () => {
    const lookup = (storage: RawDescriptorStorage, token: typeof FILE_SUBSYSTEM) => storage.get(3, token);
    expectTypeOf(lookup).returns.toEqualTypeOf<Result<DescriptorEntry<OpenFile>, DescriptorLookupError>>();
  });

  it("Vfs.open answers an OpenFile or an OpenError, synchronously", () => {
    expectTypeOf<ReturnType<Vfs["open"]>>().toEqualTypeOf<Result<OpenFile, OpenError>>();
    expectTypeOf<OpenFile["read"]>().parameter(0).toEqualTypeOf<DescriptorEntry<OpenFile>>();
  });
});
