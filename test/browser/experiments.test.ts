import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { join } from "node:path";
import { latestEmail, launchBrowser, screenshot, SCREENSHOT_DIR, signInThroughMailbox } from "./browser";

const baseUrl = inject("baseUrl");

/** The application fee the landing page shows this visitor, e.g. "$35.00". */
async function feeShown(page: Page): Promise<string> {
  const text = await page.locator(".fee").innerText();
  return /\$\d+\.\d{2}/.exec(text)?.[0] ?? text;
}

/**
 * A price test on the demo community's application fee, in Chromium against `wrangler dev`:
 * the owner creates and starts a $25 / $35 test; visitors with their own cookies each see one
 * stable price; one of them pays exactly that price on the emulator checkout; the owner's results
 * page counts the exposures and the conversion. The test is stopped at the end, without promoting,
 * so the other browser tests find demo's $25 fee again.
 */
describe("experiments: a fee price test from setup to results", () => {
  let browser: Browser;
  let owner: BrowserContext;
  const visitors: BrowserContext[] = [];
  let experimentUrl = "";
  let stopped = false;
  /** Visitor context by the price it was shown. */
  const byPrice = new Map<string, BrowserContext>();
  const seen: Record<string, number> = {};

  beforeAll(async () => {
    browser = await launchBrowser();
    owner = await browser.newContext();
  });
  afterAll(async () => {
    // Whatever happened above, leave demo at its $25 fee for the other browser tests.
    if (experimentUrl && !stopped) {
      const page = await owner.newPage();
      await page.goto(experimentUrl);
      if (await page.getByRole("button", { name: "Stop experiment" }).count()) {
        await page.getByRole("button", { name: "Stop experiment" }).click();
        await page.waitForURL(/done=stopped/);
      }
    }
    await browser?.close();
  });

  it("the owner creates a $25 vs $35 test on the application fee, with the planner beside it, and starts it", async () => {
    const page = await owner.newPage();
    await page.goto(`${baseUrl}/c/demo/admin/experiments/new`);
    await signInThroughMailbox(page, baseUrl, "owner@example.com");
    await page.goto(`${baseUrl}/c/demo/admin/experiments/new?baseline=3&daily=150`);
    // The planner simulates the stopping rule: one row per effect, chances by 2, 4 and 6 weeks.
    await expect.poll(() => page.locator('[data-testid="planner-table"] tbody tr').count()).toBe(3);
    expect(await page.locator('tr[data-lift="0.5"] td').allInnerTexts()).toHaveLength(3);
    for (const text of await page.locator('[data-testid="planner-table"] td').allInnerTexts()) expect(text).toMatch(/^\d{1,3}%$/);
    await screenshot(page, "30a-experiment-planner");
    await page.setViewportSize({ width: 390, height: 844 });
    await screenshot(page, "30b-experiment-planner-390");
    await page.getByTestId("planner-result").screenshot({ path: join(SCREENSHOT_DIR, "30c-planner-result-390.png") });
    await page.setViewportSize({ width: 1280, height: 800 });
    expect(await page.getByLabel("Price A (control)").inputValue()).toBe("25.00");
    await page.getByLabel("Name").fill("Fee: $25 vs $35");
    await page.getByLabel("Price to test").selectOption("application_fee");
    await page.getByLabel("Price B").fill("35");
    await page.getByLabel("Weight A").fill("50");
    await page.getByLabel("Weight B").fill("50");
    await screenshot(page, "30-experiment-new");
    await page.getByRole("button", { name: "Create experiment" }).click();
    await page.waitForURL(/\/admin\/experiments\/exp_[0-9a-z]+\?done=created/);
    experimentUrl = page.url().split("?")[0]!;
    await page.getByRole("button", { name: "Start experiment" }).click();
    await page.waitForURL(/done=started/);
    // Nobody has paid yet: the verdict says so instead of naming a "best so far".
    expect(await page.getByTestId("verdict").innerText()).toContain("No data yet");
    await screenshot(page, "31-experiment-started");
    await page.close();
  });

  it("visitors with different cookies each see their own price, stable across reloads", async () => {
    for (let i = 0; i < 10 && byPrice.size < 2; i++) {
      const context = await browser.newContext();
      visitors.push(context);
      const page = await context.newPage();
      await page.goto(`${baseUrl}/c/demo`);
      const price = await feeShown(page);
      seen[price] = (seen[price] ?? 0) + 1;
      if (!byPrice.has(price)) byPrice.set(price, context);
      await page.close();
    }
    expect([...byPrice.keys()].sort()).toEqual(["$25.00", "$35.00"]);
    for (const [price, context] of byPrice) {
      const page = await context.newPage();
      await page.goto(`${baseUrl}/c/demo`);
      for (let reload = 0; reload < 3; reload++) {
        expect(await feeShown(page)).toBe(price);
        expect(await page.getByRole("button", { name: /Continue to payment/ }).innerText()).toContain(price);
        await page.reload();
      }
      await screenshot(page, `32-landing-${price === "$35.00" ? "b" : "a"}`);
      await page.close();
    }
  });

  it("the $35 visitor pays exactly $35 on the emulator checkout", async () => {
    const page = await byPrice.get("$35.00")!.newPage();
    await page.goto(`${baseUrl}/c/demo`);
    expect(await feeShown(page)).toBe("$35.00");
    await page.getByLabel("Your name").fill("Edsger Dijkstra");
    await page.getByLabel("Email", { exact: true }).fill(`price-test-${Date.now()}@example.com`);
    await page.getByLabel("What is your current role?").fill("Professor of computing science");
    await page.getByLabel("Software / SaaS").check();
    await page.getByLabel("Years of experience").fill("30");
    await page.getByLabel("What are you good at that others could learn from?").fill("Structured programming and saying no to goto.");
    await page.getByLabel("Peer advice").check();
    await page.getByLabel("I have read the community rules and accept them.").check();
    await page.getByRole("button", { name: /Continue to payment/ }).click();
    await page.waitForURL(/\/dev\/stripe\/checkout\/cs_/);
    const checkout = await page.locator("body").innerText();
    expect(checkout).toContain("$35.00");
    expect(checkout).not.toContain("$25.00");
    await screenshot(page, "33-experiment-checkout");
    await page.getByRole("button", { name: "Pay" }).click();
    await page.waitForURL(/\/a\/[0-9a-z]{32}/);
    await expect.poll(() => page.locator("h1").innerText()).toBe("Your application is in review");
    await page.close();
  });

  it("the owner's results page shows the exposures and the conversion, with four plots", async () => {
    const page = await owner.newPage();
    await page.goto(experimentUrl);
    const cell = (variant: string, col: string) => page.locator(`tr[data-variant="${variant}"] td[data-col="${col}"]`);
    // The payment reaches the results through the webhook: reload until it is counted.
    await expect
      .poll(
        async () => {
          await page.reload();
          return (await cell("B", "conversions").innerText()).split("\n")[0];
        },
        { timeout: 15_000 },
      )
      .toBe("1");
    expect(await cell("A", "exposures").innerText()).toBe(String(seen["$25.00"]));
    expect(await cell("B", "exposures").innerText()).toBe(String(seen["$35.00"]));
    expect((await cell("A", "conversions").innerText()).split("\n")[0]).toBe("0");
    expect(await page.locator("svg[role=img]").count()).toBe(4);
    for (const title of ["Revenue per visitor, by price", "Chance to be best, over time", "Exposures against the expected split", "Cumulative conversions, over time"]) {
      expect(await page.locator("svg title", { hasText: title }).count()).toBe(1);
    }
    // Observed revenue per visitor beside the model's estimate; with a sale, no "no data yet".
    expect(await page.locator('tr[data-variant="B"] [data-col="rpv-model"]').innerText()).toMatch(/^\$[\d.,]+\s+\$[\d.,]+ to \$[\d.,]+$/);
    expect(await page.getByTestId("verdict").innerText()).not.toContain("No data yet");
    await screenshot(page, "34-experiment-results");
    await page.locator('section[aria-labelledby="numbers-h"]').screenshot({ path: join(SCREENSHOT_DIR, "34a-results-table.png") });
    await page.setViewportSize({ width: 390, height: 844 });
    await screenshot(page, "34b-experiment-results-390");
    await page.locator('section[aria-labelledby="numbers-h"]').screenshot({ path: join(SCREENSHOT_DIR, "34c-results-table-390.png") });
    await page.close();
  });

  it("the owner stops the test without promoting, and new visitors see the $25 fee again", async () => {
    const page = await owner.newPage();
    await page.goto(experimentUrl);
    await page.getByLabel("Reason for stopping (optional)").fill("Browser test over");
    await page.getByRole("button", { name: "Stop experiment" }).click();
    await page.waitForURL(/done=stopped/);
    stopped = true;
    expect(await page.locator("h1").innerText()).toContain("Stopped");
    expect(await page.locator("body").innerText()).toContain("Browser test over");
    await screenshot(page, "35-experiment-stopped");
    await page.goto(`${baseUrl}/c/demo/admin/experiments`);
    expect(await page.locator("body").innerText()).toContain("Stopped without promoting");
    await screenshot(page, "36-experiment-list");

    const fresh = await browser.newContext();
    const landing = await fresh.newPage();
    await landing.goto(`${baseUrl}/c/demo`);
    expect(await feeShown(landing)).toBe("$25.00");
    // Even the visitor who saw $35 now gets today's fee for a new application.
    const former = await byPrice.get("$35.00")!.newPage();
    await former.goto(`${baseUrl}/c/demo`);
    expect(await feeShown(former)).toBe("$25.00");
    await fresh.close();
  });
});
