/**
 * The JSON report: the {@link ConformanceReport} as it is, validated by the published schema
 * `schema/report.schema.json` (the package exports it as `@litebox-ts/conformance/schema/report.schema.json`).
 *
 * @module
 */
import type { ConformanceReport } from "../model/result";

/** The JSON text of `report`. */
export function renderJson(report: ConformanceReport): string {
  return `${JSON.stringify(report, null, 2)}\n`;
}
