/**
 * Acceptance 2: the HTML report is one self-contained file that headless Chromium (Debian's, driven
 * by playwright-core) renders with each pair's counts in the matrix and a failing case's diff
 * visible — from a run with a deliberately broken fixture shim.
 */
import { existsSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { chromium, type Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ConformanceReport } from "../src/index";
import { runCli } from "./support/cli";
import { CHROMIUM, FIXTURES } from "./support/paths";

const FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"];
const hasChromium = existsSync(CHROMIUM);
if (!hasChromium) console.warn(`[html report test] skipped: ${CHROMIUM} is not installed (apt-get install chromium)`);

const dir = mkdtempSync(join(tmpdir(), "conformance-html-"));
const html = join(dir, "report.html");
const args = ["--shim", join(FIXTURES, "broken-shim.mjs"), "--pairs", "broken:*", "--pairs", "nt:*", "--filter", "core/"];

describe("HTML report", () => {
  let report: ConformanceReport;

  beforeAll(async () => {
    const run = await runCli([...args, "--reporter", "html", "--output", html]);
    expect(run.code).toBe(1);
    report = JSON.parse((await runCli([...args, "--reporter", "json"])).stdout) as ConformanceReport;
  });

  it("is one self-contained file: no external stylesheet, script, image or link", () => {
    const text = readFileSync(html, "utf8");
    expect(text.startsWith("<!doctype html>")).toBe(true);
    expect(text).not.toMatch(/<(script|link|img|iframe)\b/i);
    expect(text).not.toMatch(/(src|href)="(https?:)?\/\//i);
    expect(text).not.toMatch(/url\(/i);
  });

  describe.skipIf(!hasChromium)("in headless Chromium", () => {
    let browser: Browser;
    beforeAll(async () => {
      browser = await chromium.launch({ executablePath: CHROMIUM, args: FLAGS });
    });
    afterAll(async () => {
      await browser?.close();
    });

    it("shows each pair's counts in the matrix and a failing case's diff", async () => {
      const page = await browser.newPage();
      // Any request beyond the file itself would mean the report is not self-contained.
      const requests: string[] = [];
      page.on("request", (r) => requests.push(r.url()));
      await page.goto(pathToFileURL(html).href);
      expect(requests).toEqual([pathToFileURL(html).href]);
      for (const pair of report.pairs) {
        const header = page.locator(`table.matrix th[data-pair="${pair.id}"]`);
        await expect.poll(() => header.isVisible()).toBe(true);
        for (const status of ["pass", "fail", "skip", "xfail", "xpass"] as const) {
          expect(await header.locator(`[data-count="${status}"]`).innerText()).toBe(`${status} ${pair.counts[status]}`);
        }
      }
      expect(report.pairs.find((p) => p.id === "broken:userland")?.counts.fail).toBeGreaterThan(0);
      expect(report.pairs.find((p) => p.id === "nt:userland")?.counts.fail).toBe(0);
      // The failing cell links to its details, open, with the diff on screen.
      const cell = page.locator('td.fail[data-case="core/say"][data-pair="broken:userland"] a');
      expect(await cell.innerText()).toBe("FAIL");
      await cell.click();
      const target = page.locator(`details[data-pair="broken:userland"][data-status="fail"]`, { has: page.locator("pre.diff") }).first();
      const diff = page.locator("#case-core\\/say details[data-pair='broken:userland'] pre.diff");
      expect(await diff.isVisible()).toBe(true);
      expect(await target.getAttribute("open")).not.toBeNull();
      const text = await diff.innerText();
      expect(text).toContain("-hello, litebox");
      expect(text).toContain("+HELLO, LITEBOX");
      const box = await diff.boundingBox();
      expect(box !== null && box.height > 0 && box.width > 0).toBe(true);
      // A passing case's transcript is there too (collapsed until clicked).
      const passing = page.locator("#case-core\\/say details[data-pair='nt:userland']");
      expect(await passing.getAttribute("data-status")).toBe("pass");
      await passing.locator("summary").click();
      expect(await passing.locator("pre[data-transcript]").innerText()).toBe("hello, litebox\n");
      await page.close();
    });
  });
});
