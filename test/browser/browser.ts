/**
 * Helpers for browser tests: Debian's Chromium through playwright-core (never a downloaded
 * browser), full-page screenshots under test-artifacts/, and the dev mailbox.
 */
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { chromium, type Browser, type Page } from "playwright-core";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));
export const SCREENSHOT_DIR = join(ROOT, "test-artifacts", "screenshots");

export const CHROMIUM_ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

/** Launches headless Chromium (CHROMIUM_PATH, else /usr/bin/chromium). Close it in afterAll. */
export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
    args: CHROMIUM_ARGS,
  });
}

/** Saves a full-page PNG to test-artifacts/screenshots/<name>.png and returns its path. */
export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const safe = name.replace(/[^A-Za-z0-9._-]+/g, "-");
  const path = join(SCREENSHOT_DIR, `${safe}.png`);
  await page.screenshot({ path, fullPage: true });
  return path;
}

export interface MailboxEmail {
  id: string;
  to: string;
  subject: string;
  text: string;
  kind: string;
  links: string[];
}

/**
 * The newest email sent to `to` of the given `kind`, read from the dev mailbox
 * (`GET /dev/mailbox/latest.json?to=&kind=`). Mail is often sent in the background after the
 * request that caused it, so this retries (404 or not yet there) for up to `timeoutMs`.
 * Pass `after` (an email id already seen) to wait for a newer one.
 */
export async function latestEmail(
  baseUrl: string,
  to: string,
  kind: string,
  opts: { timeoutMs?: number; after?: string } = {},
): Promise<MailboxEmail> {
  const timeoutMs = opts.timeoutMs ?? 10_000;
  const url = new URL("/dev/mailbox/latest.json", baseUrl);
  url.searchParams.set("to", to);
  url.searchParams.set("kind", kind);
  const deadline = Date.now() + timeoutMs;
  let last = "no answer";
  for (;;) {
    try {
      const res = await fetch(url, { headers: { accept: "application/json" } });
      if (res.ok) {
        const email = (await res.json()) as MailboxEmail;
        if (!opts.after || email.id !== opts.after) return email;
        last = `only the already-seen email ${opts.after}`;
      } else {
        last = `${res.status} ${(await res.text()).slice(0, 300)}`;
      }
    } catch (e) {
      last = String((e as Error)?.cause ?? e);
    }
    if (Date.now() >= deadline) {
      throw new Error(`No "${kind}" email to ${to} in the dev mailbox after ${timeoutMs} ms (last: ${last})`);
    }
    await new Promise((r) => setTimeout(r, 250));
  }
}

/**
 * Signs in on the page the browser was sent to (`/signin`): asks for a magic link, reads it from
 * the dev mailbox (waiting for a newer one than any already there) and follows it.
 */
export async function signInThroughMailbox(page: Page, baseUrl: string, email: string): Promise<void> {
  await page.waitForURL(/\/signin/);
  await page.getByLabel("Email").fill(email);
  const before = await latestEmail(baseUrl, email, "magic_link", { timeoutMs: 500 }).catch(() => null);
  await page.getByRole("button", { name: "Email me a sign-in link" }).click();
  await page.waitForLoadState();
  const mail = await latestEmail(baseUrl, email, "magic_link", before ? { after: before.id } : {});
  const link = mail.links.find((l) => l.includes("/api/auth/magic-link/verify"));
  if (!link) throw new Error(`no sign-in link in the email to ${email}`);
  await page.goto(link);
}
