/**
 * The initial process stack, laid out as Linux's `create_elf_tables` does for RISC-V (no stack
 * randomisation): from the top, a zero word, the executable's file name, the environment strings,
 * the argument strings, alignment to 16, the optional platform string, 16 random bytes (`AT_RANDOM`);
 * then, from the 16-byte aligned stack pointer upwards, argc, argv[] and NULL, envp[] and NULL, and
 * the auxiliary vector ending in `AT_NULL`.
 *
 * @module
 */
import {
  InvariantViolation,
  PAGE_SIZE,
  Prot,
  SeededRandom,
  err,
  ok,
  type Result,
} from "@litebox-ts/core";
import { InitialStackCode, elfMapError, initialStackError, type ElfMapError, type InitialStackError } from "./errors";
import { AuxvType, HWCAP_RV32IMA } from "./format";
import type { ElfImage } from "./parse";
import type { LoadTarget } from "./target";

/** Default mapped stack size: 1 MiB (see {@link InitialStackOptions.stackSize}). */
export const DEFAULT_STACK_SIZE = 1024 * 1024;
/** Linux's `MAX_ARG_STRLEN`: the longest single argument or environment string, NUL included. */
export const MAX_ARG_STRLEN = 32 * PAGE_SIZE;

/** A string for the guest: JS strings are encoded as UTF-8; bytes are copied as given. */
export type GuestString = string | Uint8Array;

/** Options of {@link buildInitialStack} (and of `loadElf`). */
export interface InitialStackOptions {
  /** The argument vector; `argv[0]` is the program name by convention. */
  readonly argv: readonly GuestString[];
  /** The environment, `NAME=value` strings (default none). */
  readonly envp?: readonly GuestString[];
  /** `AT_EXECFN`: the path given to execve (default `argv[0]`, or an empty string). */
  readonly execfn?: GuestString;
  /** `AT_PLATFORM` string (RISC-V Linux passes none; default none). */
  readonly platform?: GuestString;
  /**
   * Fills the 16 `AT_RANDOM` bytes. Inject a seeded source for reproducible runs; the default is a
   * fixed-seed generator, so an unconfigured load is deterministic too.
   */
  readonly random?: (dest: Uint8Array) => void;
  /** Exclusive top of the stack, page-aligned (default: the end of the target's range). */
  readonly stackTop?: number;
  /**
   * Bytes of stack to map below the top (rounded up to pages; default {@link DEFAULT_STACK_SIZE}).
   * The page management interface has no grow-down mappings, so the whole size is mapped up front;
   * `InitialStack.stackBase` tells a shim where its mmap area must stop.
   */
  readonly stackSize?: number;
  /**
   * Most bytes of strings plus pointers argv and envp may take (Linux: a quarter of the stack
   * limit); default a quarter of the stack size. Past it: `ArgumentListTooLong`.
   */
  readonly maxArgumentBytes?: number;
  /** `AT_UID`, `AT_EUID`, `AT_GID`, `AT_EGID` (default 0). */
  readonly credentials?: { readonly uid: number; readonly euid: number; readonly gid: number; readonly egid: number };
  /** `AT_SECURE` (default false). */
  readonly secure?: boolean;
  /** `AT_HWCAP` (default: the I, M and A bits). */
  readonly hwcap?: number;
  /** `AT_CLKTCK` (default 100, Linux's `USER_HZ`). */
  readonly clockTicks?: number;
  /** More auxv pairs, placed first as the kernel places `ARCH_DLINFO` (e.g. `AT_SYSINFO_EHDR`). */
  readonly extraAuxv?: readonly (readonly [type: number, value: number])[];
}

/** Where {@link buildInitialStack} put things. */
export interface InitialStack {
  /** The initial stack pointer: argc is here. 16-byte aligned. */
  readonly sp: number;
  /** argc. */
  readonly argc: number;
  /** Address of argv[0]'s pointer (sp + 4). */
  readonly argvAddress: number;
  /** Address of envp[0]'s pointer. */
  readonly envpAddress: number;
  /** Address of the first auxv pair. */
  readonly auxvAddress: number;
  /** Address of the 16 `AT_RANDOM` bytes. */
  readonly randomAddress: number;
  /** Address of the `AT_EXECFN` string. */
  readonly execfnAddress: number;
  /** Exclusive top of the mapped stack. */
  readonly stackTop: number;
  /** Lowest mapped stack address. */
  readonly stackBase: number;
}

const encoder = new TextEncoder();

function encode(s: GuestString): Uint8Array {
  return typeof s === "string" ? encoder.encode(s) : s;
}

// Addresses may exceed 2^31, so no `& ~15` (which would make them negative 32-bit integers).
function alignDown16(v: number): number {
  return v - (v % 16);
}

function defaultRandom(dest: Uint8Array): void {
  new SeededRandom(0).fill(dest);
}

/**
 * Maps the stack below `options.stackTop` in `target` and writes the initial stack for `image`.
 * `image` supplies `AT_PHDR`, `AT_PHNUM`, `AT_PHENT`, `AT_ENTRY` and the stack's executability. On
 * failure nothing stays mapped.
 */
export function buildInitialStack<Id>(
  target: LoadTarget<Id>,
  image: ElfImage,
  options: InitialStackOptions,
): Result<InitialStack, InitialStackError | ElfMapError> {
  const { range } = target;
  const stackTop = options.stackTop ?? range.end;
  if (!Number.isInteger(stackTop) || stackTop % PAGE_SIZE !== 0) {
    throw new InvariantViolation("InvalidArgument", `stack top ${stackTop} is not a page-aligned integer`);
  }
  const requested = options.stackSize ?? DEFAULT_STACK_SIZE;
  if (!Number.isInteger(requested) || requested <= 0) {
    throw new InvariantViolation("InvalidArgument", `stack size ${requested} is not a positive integer`);
  }
  const stackSize = Math.ceil(requested / PAGE_SIZE) * PAGE_SIZE;
  const stackBase = stackTop - stackSize;
  if (stackBase < range.start || stackTop > range.end) return err(initialStackError(InitialStackCode.StackOutOfRange));
  if (stackBase < image.end && image.start < stackTop) return err(initialStackError(InitialStackCode.StackOverlapsImage));

  const argv = options.argv.map(encode);
  const envp = (options.envp ?? []).map(encode);
  const execfn = encode(options.execfn ?? options.argv[0] ?? "");
  const platform = options.platform === undefined ? undefined : encode(options.platform);
  const limit = options.maxArgumentBytes ?? stackSize / 4;
  let argumentBytes = 0;
  for (const s of [...argv, ...envp]) {
    if (s.length + 1 > MAX_ARG_STRLEN) return err(initialStackError(InitialStackCode.ArgumentListTooLong));
    argumentBytes += s.length + 1 + 4;
  }
  if (execfn.length + 1 > MAX_ARG_STRLEN || argumentBytes + 8 > limit) {
    return err(initialStackError(InitialStackCode.ArgumentListTooLong));
  }

  // Strings, from the top down: a zero word, execfn, envp (last first), argv (last first).
  let p = stackTop - 4;
  const place = (s: Uint8Array): number => {
    p -= s.length + 1;
    return p;
  };
  const execfnAddress = place(execfn);
  const envAddresses = new Array<number>(envp.length);
  for (let i = envp.length - 1; i >= 0; i--) envAddresses[i] = place(envp[i]!);
  const argAddresses = new Array<number>(argv.length);
  for (let i = argv.length - 1; i >= 0; i--) argAddresses[i] = place(argv[i]!);
  p = alignDown16(p);
  const platformAddress = platform === undefined ? undefined : place(platform);
  p -= 16;
  const randomAddress = p;

  const credentials = options.credentials ?? { uid: 0, euid: 0, gid: 0, egid: 0 };
  const auxv: [number, number][] = [
    ...(options.extraAuxv ?? []).map(([t, v]): [number, number] => [t, v]),
    [AuxvType.Hwcap, options.hwcap ?? HWCAP_RV32IMA],
    [AuxvType.Pagesz, PAGE_SIZE],
    [AuxvType.Clktck, options.clockTicks ?? 100],
    [AuxvType.Phdr, image.phdrAddress],
    [AuxvType.Phent, image.phent],
    [AuxvType.Phnum, image.phnum],
    [AuxvType.Base, 0],
    [AuxvType.Flags, 0],
    [AuxvType.Entry, image.entry],
    [AuxvType.Uid, credentials.uid],
    [AuxvType.Euid, credentials.euid],
    [AuxvType.Gid, credentials.gid],
    [AuxvType.Egid, credentials.egid],
    [AuxvType.Secure, options.secure === true ? 1 : 0],
    [AuxvType.Random, randomAddress],
    [AuxvType.Execfn, execfnAddress],
    ...(platformAddress === undefined ? [] : [[AuxvType.Platform, platformAddress] as [number, number]]),
    [AuxvType.Null, 0],
  ];
  const words = 1 + (argv.length + 1) + (envp.length + 1) + 2 * auxv.length;
  const sp = alignDown16(p - words * 4);
  if (sp < stackBase + PAGE_SIZE) return err(initialStackError(InitialStackCode.ArgumentListTooLong));

  // Assemble [sp, stackTop) in one buffer and write it with a single call.
  const image32 = new Uint8Array(stackTop - sp);
  const view = new DataView(image32.buffer);
  let w = 0;
  const word = (v: number): void => {
    view.setUint32(w, v >>> 0, true);
    w += 4;
  };
  word(argv.length);
  for (const a of argAddresses) word(a);
  word(0);
  const envpAddress = sp + w;
  for (const a of envAddresses) word(a);
  word(0);
  const auxvAddress = sp + w;
  for (const [t, v] of auxv) {
    word(t);
    word(v);
  }
  const put = (at: number, s: Uint8Array): void => image32.set(s, at - sp);
  argv.forEach((s, i) => put(argAddresses[i]!, s));
  envp.forEach((s, i) => put(envAddresses[i]!, s));
  put(execfnAddress, execfn);
  if (platform !== undefined && platformAddress !== undefined) put(platformAddress, platform);
  const random = new Uint8Array(16);
  (options.random ?? defaultRandom)(random);
  put(randomAddress, random);

  const prot = Prot.Read | Prot.Write | (image.executableStack ? Prot.Exec : 0);
  const mapped = target.pages.mapPages(target.space, stackBase, stackSize, prot);
  if (!mapped.ok) return err(elfMapError(stackBase, mapped.error));
  const fault = target.memory.writeBytes(target.space, sp, image32);
  if (fault !== undefined) {
    target.pages.unmapPages(target.space, stackBase, stackSize);
    return err(elfMapError(sp, fault));
  }
  return ok({
    sp,
    argc: argv.length,
    argvAddress: sp + 4,
    envpAddress,
    auxvAddress,
    randomAddress,
    execfnAddress,
    stackTop,
    stackBase,
  });
}
