/**
 * D1's Sessions API: every request runs in one D1 session. Reads may go to a replica unless the
 * request writes or shows a price; a request that wrote hands its bookmark back (cookie and
 * `X-D1-Bookmark`), and the person's next request starts no older than it.
 */
import { createExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import worker from "../../src/dev";
import type { Env } from "../../src/env";
import { BOOKMARK_COOKIE, sessionStart, validBookmark } from "../../src/lib/d1-session";
import { BROWSER } from "../experiments/helpers";
import { BASE, form, makeCommunity, signIn } from "../helpers";

/** The binding, recording where each request's session started. */
function recording() {
  const starts: string[] = [];
  const d1 = new Proxy(env.DB, {
    get(target, prop) {
      if (prop === "withSession")
        return (start: string) => {
          starts.push(start);
          return target.withSession(start);
        };
      const value = Reflect.get(target, prop);
      return typeof value === "function" ? value.bind(target) : value;
    },
  });
  return { env: { ...env, DB: d1 } as Env, starts };
}

async function request(e: Env, path: string, init: { cookie?: string; body?: Record<string, string>; headers?: Record<string, string> } = {}) {
  const headers: Record<string, string> = { accept: "text/html", "user-agent": BROWSER, ...(init.cookie ? { cookie: init.cookie } : {}), ...init.headers };
  if (init.body) Object.assign(headers, { origin: BASE, "content-type": "application/x-www-form-urlencoded" });
  const res = await worker.fetch(new Request(BASE + path, { method: init.body ? "POST" : "GET", headers, body: init.body ? form(init.body) : undefined, redirect: "manual" }), e, createExecutionContext());
  await res.arrayBuffer();
  return res;
}

const bookmarkCookie = (res: Response) =>
  (res.headers as unknown as { getSetCookie(): string[] })
    .getSetCookie()
    .find((c) => c.startsWith(`${BOOKMARK_COOKIE}=`))
    ?.split(";")[0];

describe("D1 sessions", () => {
  it("where a request's session starts", () => {
    const b = "00000000-00000011-00000000-00000000000000000000000000000000";
    expect(sessionStart("POST", "/c/demo/home/prefs", b)).toBe("first-primary");
    expect(sessionStart("GET", "/c/demo", b)).toBe("first-primary");
    expect(sessionStart("GET", "/c/demo/apply", null)).toBe("first-primary");
    expect(sessionStart("GET", "/c/demo/join/tier_1", null)).toBe("first-primary");
    expect(sessionStart("GET", "/a/status-token", null)).toBe("first-primary");
    expect(sessionStart("GET", "/c/demo/home", b)).toBe(b);
    expect(sessionStart("GET", "/c/demo/home", null)).toBe("first-unconstrained");
    expect(sessionStart("HEAD", "/api/v1/communities/demo/feed", null)).toBe("first-unconstrained");
    expect(validBookmark(b)).toBe(b);
    for (const bad of ["garbage", `${b}x`, b.toUpperCase().replace(/0/g, "G"), "", null]) expect(validBookmark(bad)).toBeNull();
  });

  it("a write hands its bookmark back; the next page starts after it; reads and bad bookmarks change nothing", async () => {
    const { community } = await makeCommunity();
    const signedIn = await signIn("owner@example.com");
    // Signing in writes a session: its bookmark came back with the session cookie.
    expect(signedIn).toMatch(new RegExp(`${BOOKMARK_COOKIE}=[0-9a-f]{8}-`));
    const owner = signedIn.split("; ").filter((c) => !c.startsWith(`${BOOKMARK_COOKIE}=`)).join("; ");
    const rec = recording();

    // A page that only reads sets no bookmark.
    const read = await request(rec.env, `/c/${community.slug}/admin/applications`, { cookie: owner });
    expect(read.status).toBe(200);
    expect(bookmarkCookie(read)).toBeUndefined();
    expect(rec.starts.at(-1)).toBe("first-unconstrained");

    // A form post starts at the primary and returns the bookmark of its write.
    const saved = await request(rec.env, `/c/${community.slug}/profile`, { cookie: owner, body: { displayName: "Orla Host", bio: "I run this community." } });
    expect(saved.status).toBe(303);
    expect(rec.starts.at(-1)).toBe("first-primary");
    const cookie = bookmarkCookie(saved);
    expect(saved.headers.get("X-D1-Bookmark")).toMatch(/^[0-9a-f]{8}-/);
    expect(cookie).toBe(`${BOOKMARK_COOKIE}=${saved.headers.get("X-D1-Bookmark")}`);

    // The next page read starts no older than that write.
    const after = await worker.fetch(new Request(`${BASE}/c/${community.slug}/profile`, { headers: { accept: "text/html", cookie: `${owner}; ${cookie}` } }), rec.env, createExecutionContext());
    expect(await after.text()).toContain("Orla Host");
    expect(rec.starts.at(-1)).toBe(saved.headers.get("X-D1-Bookmark"));

    // A forged bookmark is ignored, not passed to D1.
    const forged = await request(rec.env, `/c/${community.slug}/admin/applications`, { cookie: `${owner}; ${BOOKMARK_COOKIE}=../../etc`, headers: { "X-D1-Bookmark": "x".repeat(5000) } });
    expect(forged.status).toBe(200);
    expect(rec.starts.at(-1)).toBe("first-unconstrained");
  });

  it("a request that runs no statement opens no session", async () => {
    const rec = recording();
    const missing = await request(rec.env, "/no-such-page");
    expect(missing.status).toBe(404);
    const signInPage = await request(rec.env, "/signin");
    expect(signInPage.status).toBe(200);
    expect(rec.starts).toEqual([]);
    // The first statement opens it.
    const { community } = await makeCommunity();
    await request(rec.env, `/c/${community.slug}`);
    expect(rec.starts).toEqual(["first-primary"]);
  });
});
