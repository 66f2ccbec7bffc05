/**
 * RV32IMA user-mode hart, decoder and ELF32 loader for LiteBox-TS guests.
 *
 * @packageDocumentation
 */

/** The package's name, as published. */
export const PACKAGE_NAME = "@litebox-ts/riscv";

// memory port (flat and translated paths) and the test memories
export {
  PAGE_SIZE,
  PAGE_SHIFT,
  PageFlag,
  PERMISSION_MASK,
  TrapCause,
  TRANSLATION_FAULT,
  translation,
  pageFaultCause,
} from "./memory/access";
export type { AccessSize, MemoryTrapCause, TranslationResult } from "./memory/access";
export {
  MemoryPort,
  PAGE_FAULT,
  PAGE_SLOW,
  RETRY,
  STORE_DONE,
  STORE_CODE_CHANGED,
  STORE_FAULT,
} from "./memory/memory-port";
export type { CodeObserver, ReservationHolder, StoreStatus, WriteOptions } from "./memory/memory-port";
export { FlatMemoryPort } from "./memory/flat-port";
export type { FlatMemoryPortOptions, FlatSlowPath } from "./memory/flat-port";
export { SoftTlb, DEFAULT_TLB_ENTRIES } from "./memory/soft-tlb";
export { TranslatedMemoryPort } from "./memory/translated-port";
export type { TranslateFunction, TranslatedMemoryPortOptions } from "./memory/translated-port";
export { FlatMemory, DEFAULT_FLAT_MEMORY_SIZE } from "./memory/flat-memory";
export type { FlatMemoryOptions } from "./memory/flat-memory";
export { TranslatedMemory } from "./memory/translated-memory";
export type { TranslatedMemoryOptions } from "./memory/translated-memory";

// hart
export { Hart, DEFAULT_TIER_UP_THRESHOLD } from "./hart/hart";
export type { HartOptions, RegisterSource, TimeSource } from "./hart/hart";
export type {
  HartStop,
  BudgetStop,
  EcallStop,
  EbreakStop,
  IllegalStop,
  FaultStop,
  MisalignedStop,
} from "./hart/stop";
export { Op, Csr, decode, isCounterCsr } from "./hart/decode";
export type { Instruction } from "./hart/decode";

// ELF loader
export { loadElf } from "./elf/load";
export type { LoadedElf } from "./elf/load";
export { parseElf } from "./elf/parse";
export type { ElfImage, ElfParseError, LoadSegment } from "./elf/parse";
export { mapImage, imagePageRuns, unmapRuns } from "./elf/map";
export type { PageRun } from "./elf/map";
export { buildInitialStack, DEFAULT_STACK_SIZE, MAX_ARG_STRLEN } from "./elf/stack";
export type { GuestString, InitialStack, InitialStackOptions } from "./elf/stack";
export type { LoadTarget } from "./elf/target";
export {
  ElfFeature,
  ElfFormatCode,
  InitialStackCode,
  elfFormatError,
  elfMapError,
  elfNotSupported,
  initialStackError,
} from "./elf/errors";
export type {
  ElfFormatError,
  ElfLoadError,
  ElfMapError,
  ElfNotSupportedError,
  InitialStackError,
} from "./elf/errors";
export {
  AuxvType,
  ELF32_HEADER_SIZE,
  ELF32_PHDR_SIZE,
  EM_RISCV,
  ElfIdent,
  ElfType,
  HWCAP_RV32IMA,
  RiscvFlag,
  SegmentFlag,
  SegmentType,
} from "./elf/format";
