/**
 * Accessibility checks in the browser tests: axe-core's own script injected into the page (the
 * context must be created with `bypassCSP: true`, since our pages allow no scripts at all).
 */
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import type { Page } from "playwright-core";
import { expect } from "vitest";
import { screenshot } from "./browser";

const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  targets: string[];
}

/** The page's WCAG 2.x A/AA violations (color contrast included), as short readable records. */
export async function axeViolations(page: Page): Promise<AxeViolation[]> {
  await page.addScriptTag({ content: AXE_SOURCE });
  return page.evaluate(async () => {
    const axe = (globalThis as unknown as { axe: { run(ctx: unknown, opts: unknown): Promise<{ violations: { id: string; impact: string | null; help: string; nodes: { target: string[] }[] }[] }> } }).axe;
    const result = await axe.run(document, { runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] } });
    return result.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, targets: v.nodes.map((n) => n.target.join(" ")) }));
  });
}

/** True when the page is wider than the viewport: something overflows sideways. */
export async function overflowsSideways(page: Page): Promise<boolean> {
  return page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth + 1);
}

export const DESKTOP = { width: 1280, height: 900 };
export const PHONE = { width: 390, height: 844 };

/**
 * The checks every page of the first-use and legibility tests gets: screenshots at desktop and
 * 390 px (`<name>-desktop.png`, `<name>-390.png`), no sideways overflow at either width, and no
 * WCAG A/AA violation (contrast included) that axe finds. Leaves the page at desktop width.
 */
export async function checkPage(page: Page, name: string): Promise<void> {
  for (const [suffix, size] of [["desktop", DESKTOP], ["390", PHONE]] as const) {
    await page.setViewportSize(size);
    await screenshot(page, `${name}-${suffix}`);
    expect(await overflowsSideways(page), `${name} overflows at ${size.width}px`).toBe(false);
  }
  expect(await axeViolations(page), `${name}: axe violations`).toEqual([]);
  await page.setViewportSize(DESKTOP);
}
