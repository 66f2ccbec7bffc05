/**
 * Errors of `ProcessRegistry.createProcess` (RFC §1.2). A closed set, in the same const-object style
 * as `AddressSpaceError`.
 *
 * @module
 */

/** Why `createProcess` refused to create a process. */
export const CreateProcessError = {
  /**
   * The requested parent is not in the registry, or it is there but has already exited: a zombie has
   * no threads left to fork with, and a child created after its parent's exit would be an orphan the
   * exit-time orphan handler never saw.
   */
  NoSuchParent: "NoSuchParent",
  /** An init (root) process was already created in this registry; only one is ever allowed. */
  InitAlreadyExists: "InitAlreadyExists",
} as const;
/** {@inheritDoc (CreateProcessError:variable)} */
export type CreateProcessError = (typeof CreateProcessError)[keyof typeof CreateProcessError];
