/**
 * The closed set of errors of the descriptor layer. Shims map them to their own words (POSIX errno,
 * NTSTATUS); the notes say what Linux answers.
 *
 * @module
 */

/** Every error the descriptor layer returns. A closed set. */
export const DescriptorError = {
  /** The number is not open in this storage (Linux: EBADF; NT: STATUS_INVALID_HANDLE). */
  NotFound: "NotFound",
  /** The number is open but refers to another subsystem's object than the one asked for. */
  InvalidSubsystem: "InvalidSubsystem",
  /** No free number below the storage's limit (Linux: EMFILE). */
  TooManyDescriptors: "TooManyDescriptors",
  /**
   * A requested number or minimum is negative, not an integer, or not below the storage's limit
   * (Linux: EBADF for dup2/dup3's target, EINVAL for F_DUPFD's minimum).
   */
  OutOfRange: "OutOfRange",
} as const;
/** {@inheritDoc (DescriptorError:variable)} */
export type DescriptorError = (typeof DescriptorError)[keyof typeof DescriptorError];

/** Errors of a typed lookup ({@link RawDescriptorStorage.get}). */
export type DescriptorLookupError = typeof DescriptorError.NotFound | typeof DescriptorError.InvalidSubsystem;

/** Errors of opening a new entry ({@link Descriptors.open}). */
export type DescriptorOpenError = typeof DescriptorError.TooManyDescriptors | typeof DescriptorError.OutOfRange;

/** Errors of {@link Descriptors.duplicateDescriptor}. */
export type DuplicateDescriptorError =
  | typeof DescriptorError.NotFound
  | typeof DescriptorError.TooManyDescriptors
  | typeof DescriptorError.OutOfRange;

/** Errors of closing or of per-number queries ({@link RawDescriptorStorage.close}). */
export type CloseDescriptorError = typeof DescriptorError.NotFound;
