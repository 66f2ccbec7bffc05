/**
 * Escaping for XML and HTML text and attributes. Guest transcripts are arbitrary bytes (latin1):
 * characters XML 1.0 cannot carry at all (C0 controls other than tab, newline and carriage return)
 * are written as `\xNN`, so the document stays well-formed and the byte stays visible.
 *
 * @module
 */

const ENTITIES: Readonly<Record<string, string>> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&apos;" };

/** Escapes `text` for XML/HTML text or a quoted attribute value. */
export function escapeXml(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/[&<>"']|[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff]/g, (c) =>
    ENTITIES[c] ?? `\\x${c.charCodeAt(0).toString(16).padStart(2, "0")}`);
}
