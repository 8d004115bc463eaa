import { describe, expect, it } from "vitest";
import { createDrop } from "../../src/content/drops";
import { issueFeedToken } from "../../src/content/prefs";
import { call, postForm, signIn, tools } from "../helpers";
import { contentCommunity, memberOf, OWNER, unique } from "./helpers";

/** Hostile Markdown in drops and comments renders as inert text, on the page and in the RSS feed. */

export const HOSTILE = [
  "<script>window.__pwned = 1; alert(1)</script>",
  '<img src=x onerror="window.__pwned = 1; alert(1)">',
  '<a href="javascript:alert(1)">raw link</a>',
  "<svg/onload=alert(1)>",
  '<iframe src="javascript:alert(1)"></iframe>',
  "[js link](javascript:window.__pwned=1)",
  "[data link](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
  "[entity link](jav&#x61;script:alert(1))",
  '**<b onmouseover="alert(1)">bold</b>**',
  "<style>body{display:none}</style>",
  "```html\n<script>alert(1)</script>\n```",
].join("\n\n");

/** No element or attribute in the page can run code: no script, no handler, no script or data URL. */
export function expectInert(html: string) {
  expect(html).not.toMatch(/<script/i);
  expect(html).not.toMatch(/<(img|svg|iframe|object|embed)\b/i);
  expect(html).not.toMatch(/<[^>]+\son[a-z]+\s*=/i);
  expect(html).not.toMatch(/(href|src)\s*=\s*["']?\s*(javascript|data|vbscript):/i);
  // Only the layout's own stylesheet.
  expect(html.match(/<style/gi)?.length ?? 0).toBe(1);
}

describe("sanitising drops and comments", { timeout: 60_000 }, () => {
  it("renders hostile Markdown inert on the drop page, in comments, in RSS, and forbids scripts by CSP", async () => {
    const tiers = await contentCommunity();
    const email = unique("reader");
    await memberOf(tiers.community, tiers.core, email);
    const { deps } = tools();
    const { drop } = await createDrop(deps, tiers.community, { title: '<script>alert("title")</script>', body: HOSTILE, status: "scheduled", publishAt: deps.now().toISOString(), targets: [{ tierId: tiers.core.id, offsetHours: 0 }] }, OWNER);
    const cookie = await signIn(email);
    const posted = await postForm(`/c/${tiers.community.slug}/drops/${drop.id}/comments`, { body: HOSTILE }, cookie);
    expect(posted.status).toBe(303);

    const res = await call(`/c/${tiers.community.slug}/drops/${drop.id}`, { cookie, headers: { accept: "text/html" } });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-security-policy")).toContain("default-src 'none'");
    const html = await res.text();
    expectInert(html);
    expect(html).toContain("&lt;script&gt;window.__pwned = 1; alert(1)&lt;/script&gt;");
    expect(html).toContain("&lt;script&gt;alert(&quot;title&quot;)&lt;/script&gt;");

    const home = await (await call(`/c/${tiers.community.slug}/home`, { cookie, headers: { accept: "text/html" } })).text();
    expectInert(home);

    const token = await issueFeedToken(deps, tiers.community.id, email);
    const rss = await (await call(`/c/${tiers.community.slug}/feed/${token}.xml`)).text();
    expect(rss).not.toMatch(/<script|<img|<iframe|<svg/i);
    // The description is escaped HTML: unescaped once (as a reader does), it is still inert.
    const [, description] = [...rss.matchAll(/<description>([^<]*)<\/description>/g)].map((m) => m[1]!);
    const unescaped = description!.replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&amp;/g, "&");
    expect(unescaped).toContain("<p>");
    expectInert(`<style>${unescaped}`);
  });

  it("comments are plain members' Markdown too: a hostile comment through the API renders inert", async () => {
    const tiers = await contentCommunity();
    const email = unique("api");
    await memberOf(tiers.community, tiers.core, email);
    const { deps } = tools();
    const { drop } = await createDrop(deps, tiers.community, { title: "Hello", body: "Hi", status: "scheduled", publishAt: deps.now().toISOString(), targets: [{ tierId: tiers.core.id, offsetHours: 0 }] }, OWNER);
    const cookie = await signIn(email);
    const res = await call(`/api/v1/communities/${tiers.community.slug}/drops/${drop.id}/comments`, { method: "POST", cookie, headers: { "content-type": "application/json" }, body: JSON.stringify({ body: HOSTILE }) });
    expect(res.status).toBe(201);
    const html = await (await call(`/c/${tiers.community.slug}/drops/${drop.id}`, { cookie, headers: { accept: "text/html" } })).text();
    expectInert(html);
  });
});
