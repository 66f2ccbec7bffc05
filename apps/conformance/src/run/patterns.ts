/**
 * Name patterns for `--filter`, `--pairs` and the expected-failures file: `*` matches any run of
 * characters; a pattern without `*` matches names that contain it (filters) or equal it (entries).
 *
 * @module
 */

/** A compiled pattern. */
export type NameMatcher = (name: string) => boolean;

function escape(text: string): string {
  return text.replace(/[.+?^${}()|[\]\\]/g, "\\$&");
}

/** `*` globs match the whole name; other patterns match as substrings (`contains`) or exactly. */
export function compilePattern(pattern: string, plain: "contains" | "exact"): NameMatcher {
  if (!pattern.includes("*")) return plain === "contains" ? (name) => name.includes(pattern) : (name) => name === pattern;
  const regex = new RegExp(`^${pattern.split("*").map(escape).join(".*")}$`);
  return (name) => regex.test(name);
}

/** Matches when any of `patterns` matches (all names when there are none). */
export function anyOf(patterns: readonly string[], plain: "contains" | "exact"): NameMatcher {
  if (patterns.length === 0) return () => true;
  const matchers = patterns.map((p) => compilePattern(p, plain));
  return (name) => matchers.some((m) => m(name));
}
