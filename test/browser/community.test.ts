import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { checkPage } from "./axe";
import { launchBrowser, signInThroughMailbox } from "./browser";

const baseUrl = inject("baseUrl");

/**
 * The community space end to end in Chromium, on the seeded demo community: Maya posts a question
 * with a poll, Sofía votes and replies mentioning her, Maya gets the notification and reads the
 * reply; Kenji reports the reply, Dev (made a moderator by the owner) removes it from the
 * moderation queue and it is gone for everyone; a Member-tier member cannot open the core lounge.
 * Every page is checked with axe and screenshotted at desktop and 390 px.
 */
describe("the community space: post, poll, mention, notification, report, removal, lounge", () => {
  let browser: Browser;
  const people = {
    owner: "owner@example.com",
    maya: "maya@example.com",
    sofia: "sofia.ramos@example.com",
    kenji: "kenji.ito@example.com",
    dev: "dev.patel@example.com",
  };
  const contexts = {} as Record<keyof typeof people, BrowserContext>;
  const stamp = Date.now().toString(36);
  const replyText = `Referrals, every time (${stamp}).`;
  let threadPath = "";

  async function as(who: keyof typeof people, path: string): Promise<Page> {
    const page = await contexts[who].newPage();
    await page.goto(`${baseUrl}${path}`);
    if (page.url().includes("/signin")) {
      await signInThroughMailbox(page, baseUrl, people[who]);
      await page.goto(`${baseUrl}${path}`);
    }
    return page;
  }

  beforeAll(async () => {
    browser = await launchBrowser();
    // bypassCSP lets the test inject axe-core.
    for (const who of Object.keys(people) as (keyof typeof people)[]) contexts[who] = await browser.newContext({ bypassCSP: true });
  });
  afterAll(async () => {
    await browser?.close();
  });

  it("the owner makes Dev a moderator", async () => {
    const page = await as("owner", "/c/demo/admin/staff");
    await page.getByLabel("Email").fill(people.dev);
    await page.getByRole("radio", { name: /Moderator/ }).check();
    await page.locator("form").filter({ has: page.locator("#staff-email") }).getByRole("button").click();
    await page.waitForLoadState();
    expect(await page.locator("main").innerText()).toContain(people.dev);
    await page.close();
  });

  it("Maya sees the front page and posts a question with a poll", async () => {
    const home = await as("maya", "/c/demo/home");
    expect(await home.getByTestId("spaces").innerText()).toContain("Ask the group");
    // The core lounge is not even listed for a Member.
    expect(await home.getByTestId("spaces").innerText()).not.toContain("Core lounge");
    await checkPage(home, "70-front-page");
    await home.getByTestId("spaces").getByRole("link", { name: /Ask the group/ }).click();
    await home.waitForURL(/\/s\/ask/);
    await home.getByLabel("Title (optional)").fill(`Where do your best clients come from? ${stamp}`);
    await home.getByLabel("Your post").fill("Asking for **real** answers from people who sell services.");
    await home.getByText("Add a poll").click();
    await home.getByLabel("Question").fill("Best channel?");
    await home.getByLabel("Option 1", { exact: true }).fill("Referrals");
    await home.getByLabel("Option 2", { exact: true }).fill("LinkedIn");
    await home.getByRole("button", { name: "Post", exact: true }).click();
    await home.waitForURL(/\/t\/post_/);
    threadPath = new URL(home.url()).pathname;
    await checkPage(home, "71-thread-with-poll");
    await home.close();
  });

  it("Sofía votes and replies mentioning Maya", async () => {
    const page = await as("sofia", threadPath);
    await page.getByLabel("Referrals").check();
    await page.getByRole("button", { name: "Vote" }).click();
    await page.waitForLoadState();
    await expect.poll(() => page.locator("#poll").innerText()).toContain("your choice");
    await page.getByLabel("Your reply").fill(`@Maya Lindqvist ${replyText}`);
    await page.getByRole("button", { name: "Reply", exact: true }).click();
    await page.waitForURL(/#p-post_/);
    expect(await page.locator("#replies").innerText()).toContain(replyText);
    await checkPage(page, "72-thread-after-reply");
    await page.close();
  });

  it("Maya gets the notification and reads the reply", async () => {
    const page = await as("maya", "/c/demo/notifications");
    // The queue delivers the job within a second or two in dev.
    await expect
      .poll(
        async () => {
          await page.reload();
          return page.locator("main").innerText();
        },
        { timeout: 20_000, interval: 500 },
      )
      .toContain("Sofía Ramos");
    await checkPage(page, "73-notifications");
    await page.getByTestId("notification").first().getByRole("link").click();
    await page.waitForURL(/#p-post_/);
    expect(await page.locator("#replies").innerText()).toContain(replyText);
    await page.close();
  });

  it("Kenji reports the reply; Dev removes it from the moderation queue; it is gone for everyone", async () => {
    const kenji = await as("kenji", threadPath);
    const reply = kenji.locator("#replies li").filter({ hasText: replyText });
    await reply.getByText("Report", { exact: true }).click();
    await reply.getByLabel(/What is wrong with this reply/).fill("Self-promotion, not an answer");
    await reply.getByRole("button", { name: "Send report" }).click();
    await kenji.waitForURL(/reported=/);
    expect(await kenji.getByRole("status").first().innerText()).toContain("the team will look at your report");
    await checkPage(kenji, "74-thread-reported");

    const dev = await as("dev", "/c/demo/admin/moderation");
    const item = dev.locator("li.card").filter({ hasText: "Self-promotion, not an answer" });
    await item.getByLabel("Reason for removing it").fill("Please keep answers about the question.");
    await item.getByRole("button", { name: "Remove post" }).click();
    await dev.waitForLoadState();
    await checkPage(dev, "75-moderation-queue");

    for (const who of ["kenji", "maya"] as const) {
      const page = await as(who, threadPath);
      expect(await page.locator("main").innerText(), who).not.toContain(replyText);
      await page.close();
    }
    // The author sees why, and nobody else does.
    const sofia = await as("sofia", threadPath);
    expect(await sofia.locator("main").innerText()).toContain("Please keep answers about the question.");
    await sofia.close();
    await kenji.close();
    await dev.close();
  });

  it("a Member-tier member cannot open the core lounge", async () => {
    const page = await as("maya", "/c/demo/s/lounge");
    const res = await page.goto(`${baseUrl}/c/demo/s/lounge`);
    expect(res?.status()).toBe(404);
    await checkPage(page, "76-lounge-refused");
    await page.close();
    const core = await as("dev", "/c/demo/s/lounge");
    expect(await core.locator("h1").innerText()).toContain("Core lounge");
    await core.close();
  });
});
