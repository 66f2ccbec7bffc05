/**
 * Credentials and resource limits: the per-process numbers POSIX keeps beside the pid. Guests start
 * as root (uid 0), as on a container's init; limits start at Linux's usual defaults.
 *
 * @module
 */
import { RLIM64_INFINITY, RLIM_NLIMITS, Rlimit } from "../abi/constants";

/** Real, effective, saved and filesystem user and group ids. */
export interface Credentials {
  uid: number;
  euid: number;
  suid: number;
  fsuid: number;
  gid: number;
  egid: number;
  sgid: number;
  fsgid: number;
}

/** Credentials with every id equal to `uid` / `gid`. */
export function credentials(uid = 0, gid = 0): Credentials {
  return { uid, euid: uid, suid: uid, fsuid: uid, gid, egid: gid, sgid: gid, fsgid: gid };
}

/** One resource limit (u64 values; {@link RLIM64_INFINITY} is unlimited). */
export interface ResourceLimit {
  cur: bigint;
  max: bigint;
}

/** Options of the default limits. */
export interface LimitDefaults {
  /** RLIMIT_NOFILE (default 1024, the descriptor storage's limit). */
  readonly nofile?: number;
  /** RLIMIT_NPROC (default 4096). */
  readonly nproc?: number;
  /** RLIMIT_STACK (default 8 MiB). */
  readonly stack?: number;
}

/** The RLIM_NLIMITS limits of a process, indexed by resource number. */
export class ResourceLimits {
  /** Index = resource number. */
  readonly limits: ResourceLimit[];

  /** @param from - copies these (fork); otherwise {@link ResourceLimits.defaults}. */
  constructor(from?: ResourceLimits, defaults: LimitDefaults = {}) {
    if (from) {
      this.limits = from.limits.map((l) => ({ cur: l.cur, max: l.max }));
      return;
    }
    this.limits = Array.from({ length: RLIM_NLIMITS }, () => ({ cur: RLIM64_INFINITY, max: RLIM64_INFINITY }));
    const set = (r: number, cur: bigint, max: bigint): void => {
      this.limits[r] = { cur, max };
    };
    set(Rlimit.RLIMIT_CORE, 0n, RLIM64_INFINITY);
    set(Rlimit.RLIMIT_STACK, BigInt(defaults.stack ?? 8 * 1024 * 1024), RLIM64_INFINITY);
    const nofile = BigInt(defaults.nofile ?? 1024);
    set(Rlimit.RLIMIT_NOFILE, nofile, nofile > 4096n ? nofile : 4096n);
    const nproc = BigInt(defaults.nproc ?? 4096);
    set(Rlimit.RLIMIT_NPROC, nproc, nproc);
    set(Rlimit.RLIMIT_MEMLOCK, 8n * 1024n * 1024n, 8n * 1024n * 1024n);
    set(Rlimit.RLIMIT_SIGPENDING, 4096n, 4096n);
    set(Rlimit.RLIMIT_MSGQUEUE, 819200n, 819200n);
  }

  /** The limit of `resource`. */
  get(resource: number): ResourceLimit {
    const limit = this.limits[resource];
    if (!limit) throw new RangeError(`resource ${resource} out of range`);
    return limit;
  }

  /** The soft limit of `resource` as a number (Infinity when unlimited or beyond 2^53). */
  soft(resource: number): number {
    const cur = this.get(resource).cur;
    return cur >= RLIM64_INFINITY || cur > BigInt(Number.MAX_SAFE_INTEGER) ? Infinity : Number(cur);
  }
}
