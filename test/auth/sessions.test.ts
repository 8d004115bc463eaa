import { createExecutionContext, waitOnExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { count, eq, like } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { emails, session, user, verification } from "../../drizzle";
import worker from "../../src/dev";
import type { Env } from "../../src/env";
import { BASE, call, fetchWorker, latestEmail, linksIn, postJson, signIn, tools } from "../helpers";

/**
 * The session and magic-link module that replaced Better Auth: links work once and expire,
 * sessions are signed, slide at most once a day, end on sign-out, and sessions written the way
 * Better Auth wrote them stay valid.
 */

const db = () => tools().deps.db;
const SECRET = env.BETTER_AUTH_SECRET!;
const DAY = 86_400_000;
let counter = 0;
const unique = (name: string) => `${name}-${++counter}-${Math.random().toString(36).slice(2, 8)}@example.com`;

/** Asks for a link through the JSON endpoint; returns its path and query. */
async function linkFor(email: string, body: Record<string, string> = {}): Promise<URL> {
  const res = await postJson("/api/auth/sign-in/magic-link", { email, callbackURL: "/", ...body });
  expect(res.status, await res.clone().text()).toBe(200);
  expect(await res.json()).toEqual({ status: true });
  const mail = await latestEmail(email, "magic_link");
  return new URL(linksIn(mail!.text).find((l) => l.includes("/api/auth/magic-link/verify"))!);
}

const follow = (link: URL) => call(link.pathname + link.search);
const setCookies = (res: Response) => (res.headers as unknown as { getSetCookie(): string[] }).getSetCookie();
const sessionCookie = (res: Response) => setCookies(res).find((c) => c.startsWith("better-auth.session_token="));
const cookieHeader = (res: Response) => setCookies(res).map((c) => c.split(";")[0]).join("; ");

async function sessionsOf(email: string): Promise<number> {
  const [{ n }] = await db().select({ n: count() }).from(session).innerJoin(user, eq(user.id, session.userId)).where(eq(user.email, email));
  return n;
}

async function getSession(headers: Record<string, string>) {
  const res = await call("/api/auth/get-session", { headers });
  expect(res.status).toBe(200);
  return { res, body: (await res.json()) as { session: { token: string; expiresAt: string }; user: { email: string } } | null };
}

/** Signs the way Better Auth (better-call) did, written out here independently of src/auth. */
async function betterAuthCookieValue(token: string, secret = SECRET): Promise<string> {
  const key = await crypto.subtle.importKey("raw", new TextEncoder().encode(secret), { name: "HMAC", hash: "SHA-256" }, false, ["sign"]);
  const mac = new Uint8Array(await crypto.subtle.sign("HMAC", key, new TextEncoder().encode(token)));
  return `${token}.${btoa(String.fromCharCode(...mac))}`;
}

/** A user and session row as Better Auth wrote them (its ids: 32 characters of [a-zA-Z0-9]). */
async function betterAuthSession(email: string, expiresAt = new Date(Date.now() + 20 * DAY)) {
  const now = new Date();
  const userId = `U${Math.random().toString(36).slice(2)}AbC`.padEnd(32, "x");
  const token = `T${Math.random().toString(36).slice(2)}XyZ`.padEnd(32, "q");
  await db().insert(user).values({ id: userId, name: "", email, emailVerified: true, createdAt: now, updatedAt: now });
  await db().insert(session).values({ id: `S${token.slice(1)}`, token, userId, expiresAt, createdAt: now, updatedAt: now, ipAddress: "", userAgent: "" });
  return { token, cookie: `better-auth.session_token=${encodeURIComponent(await betterAuthCookieValue(token))}` };
}

describe("magic links", () => {
  it("work once: the second click lands on the sign-in page with an error, and opens no second session", async () => {
    const email = unique("once");
    const link = await linkFor(email, { callbackURL: "/c/demo", errorCallbackURL: "/signin?next=%2Fc%2Fdemo" });
    const first = await follow(link);
    expect(first.status).toBe(302);
    expect(first.headers.get("location")).toBe(`${BASE}/c/demo`);
    expect(sessionCookie(first)).toMatch(/^better-auth\.session_token=[^;]+; Max-Age=2592000; Path=\/; HttpOnly; SameSite=Lax$/);
    const second = await follow(link);
    expect(second.status).toBe(302);
    expect(second.headers.get("location")).toBe(`${BASE}/signin?next=%2Fc%2Fdemo&error=INVALID_TOKEN`);
    expect(sessionCookie(second)).toBeUndefined();
    expect(await sessionsOf(email)).toBe(1);
  });

  it("accept a link Better Auth sent before the deploy (its row, its token alphabet)", async () => {
    const email = unique("predeploy");
    const letters = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";
    const token = Array.from(crypto.getRandomValues(new Uint8Array(32)), (b) => letters[b % letters.length]).join("");
    const now = Date.now();
    await db()
      .insert(verification)
      .values({ id: token.slice(0, 32), identifier: `magic-link:${token}`, value: JSON.stringify({ type: "magic-link", email }), expiresAt: new Date(now + 600_000), createdAt: new Date(now), updatedAt: new Date(now) });
    const res = await call(`/api/auth/magic-link/verify?token=${token}&callbackURL=%2Fc%2Fdemo&errorCallbackURL=%2Fsignin`);
    expect(res.headers.get("location")).toBe(`${BASE}/c/demo`);
    expect(sessionCookie(res)).toBeTruthy();
    expect(await sessionsOf(email)).toBe(1);
  });

  it("refuse an expired link (and delete it)", async () => {
    const email = unique("late");
    const link = await linkFor(email, { errorCallbackURL: "/signin" });
    const identifier = `magic-link:${link.searchParams.get("token")}`;
    await db().update(verification).set({ expiresAt: new Date(Date.now() - 1000) }).where(eq(verification.identifier, identifier));
    const res = await follow(link);
    expect(res.headers.get("location")).toBe(`${BASE}/signin?error=INVALID_TOKEN`);
    expect(sessionCookie(res)).toBeUndefined();
    expect(await sessionsOf(email)).toBe(0);
    expect(await db().select().from(verification).where(eq(verification.identifier, identifier))).toEqual([]);
    const page = await call("/signin?error=INVALID_TOKEN", { headers: { accept: "text/html" } });
    expect(await page.text()).toContain("expired or was already used");
  });

  it("open one session when the same link is followed twice at once", async () => {
    const email = unique("race");
    const link = await linkFor(email);
    const results = await Promise.all([follow(link), follow(link), follow(link)]);
    expect(results.filter((r) => sessionCookie(r)).length).toBe(1);
    expect(results.map((r) => r.status)).toEqual([302, 302, 302]);
    expect(await sessionsOf(email)).toBe(1);
  });

  it("create the user once, lower-cased, and answer JSON with the token when no callbackURL is given", async () => {
    const email = unique("Mixed").replace("mixed", "MiXeD");
    const link = await linkFor(email.toLowerCase());
    link.searchParams.delete("callbackURL");
    const res = await follow(link);
    expect(res.status).toBe(200);
    const body = (await res.json()) as { token: string; user: { email: string; emailVerified: boolean }; session: { token: string } };
    expect(body.user).toMatchObject({ email: email.toLowerCase(), emailVerified: true });
    expect(body.session.token).toBe(body.token);
    expect(res.headers.get("set-auth-token")).toMatch(new RegExp(`^${body.token}\\.`));
    // A second sign-in with the address in other case finds the same user.
    await follow(await linkFor(email));
    const [{ n }] = await db().select({ n: count() }).from(user).where(like(user.email, email.toLowerCase()));
    expect(n).toBe(1);
    expect(await sessionsOf(email.toLowerCase())).toBe(2);
  });

  it("never send anyone to another origin", async () => {
    const email = unique("redirect");
    for (const callbackURL of ["https://evil.example/x", "//evil.example/x", "/\\evil.example", "/%2F%2Fevil.example", "javascript:alert(1)"]) {
      const asked = await postJson("/api/auth/sign-in/magic-link", { email, callbackURL });
      expect(asked.status, callbackURL).toBe(403);
      expect(((await asked.json()) as { error: { code: string } }).error.code).toBe("forbidden");
    }
    expect(await latestEmail(email, "magic_link")).toBeUndefined();
    // Our own origin, absolute, is fine.
    const link = await linkFor(email, { callbackURL: `${BASE}/c/demo` });
    // A link edited to point elsewhere is refused before it is used up; the real one still works.
    const edited = new URL(link);
    edited.searchParams.set("callbackURL", "https://evil.example/");
    const refused = await follow(edited);
    expect(refused.status).toBe(403);
    expect(sessionCookie(refused)).toBeUndefined();
    const ok = await follow(link);
    expect(ok.headers.get("location")).toBe(`${BASE}/c/demo`);
  });

  it("answer bad input with a 4xx in the standard error shape", async () => {
    const noToken = await call("/api/auth/magic-link/verify?callbackURL=/");
    expect(noToken.status).toBe(400);
    expect(((await noToken.json()) as { error: { code: string } }).error.code).toBe("validation_failed");
    const junk = await call(`/api/auth/magic-link/verify?token=${"x".repeat(5000)}&callbackURL=/&errorCallbackURL=/signin`);
    expect(junk.headers.get("location")).toBe(`${BASE}/signin?error=INVALID_TOKEN`);
    const badEmail = await postJson("/api/auth/sign-in/magic-link", { email: "nope" });
    expect(badEmail.status).toBe(400);
    const notJson = await call("/api/auth/sign-in/magic-link", { method: "POST", body: "email=a@b.co", headers: { "content-type": "application/x-www-form-urlencoded" } });
    expect(notJson.status).toBe(400);
    const brokenJson = await call("/api/auth/sign-in/magic-link", { method: "POST", body: "{", headers: { "content-type": "application/json" } });
    expect(brokenJson.status).toBe(400);
  });
});

describe("the sign-in endpoint's origin check", () => {
  it("refuses another site's browser, lets our pages and cookieless non-browser clients through", async () => {
    const email = unique("origin");
    const evil = await call("/api/auth/sign-in/magic-link", { method: "POST", body: JSON.stringify({ email }), headers: { "content-type": "application/json", origin: "https://evil.example" } });
    expect(evil.status).toBe(403);
    const navigation = await call("/api/auth/sign-in/magic-link", {
      method: "POST",
      body: JSON.stringify({ email }),
      headers: { "content-type": "application/json", origin: BASE, "sec-fetch-site": "cross-site", "sec-fetch-mode": "navigate" },
    });
    expect(navigation.status).toBe(403);
    const [{ n: before }] = await db().select({ n: count() }).from(emails).where(eq(emails.to, email));
    // A server or script: no cookie, no Origin, no Fetch Metadata.
    const script = await fetchWorker(new Request(`${BASE}/api/auth/sign-in/magic-link`, { method: "POST", body: JSON.stringify({ email }), headers: { "content-type": "application/json" } }));
    expect(script.status).toBe(200);
    const [{ n: after }] = await db().select({ n: count() }).from(emails).where(eq(emails.to, email));
    expect(after).toBe(before + 1);
  });
});

describe("sessions", () => {
  it("refuse forged and tampered cookies and bearer tokens", async () => {
    const cookie = await signIn(unique("forge"));
    const value = decodeURIComponent(/better-auth\.session_token=([^;]+)/.exec(cookie)![1]!);
    const [token, signature] = value.split(".") as [string, string];
    expect((await getSession({ cookie })).body).not.toBeNull();
    const otherToken = `${token.slice(0, -1)}${token.endsWith("a") ? "b" : "a"}`;
    const forged = [
      `${otherToken}.${signature}`, // another token under this signature
      await betterAuthCookieValue(token, "some-other-secret-0123456789-0123456789"), // signed with another secret
      `${token}.${"A".repeat(43)}=`,
      token, // unsigned
    ];
    for (const bad of forged) {
      expect((await getSession({ cookie: `better-auth.session_token=${encodeURIComponent(bad)}` })).body, bad).toBeNull();
      const api = await call("/api/v1/communities", { headers: { cookie: `better-auth.session_token=${encodeURIComponent(bad)}` } });
      expect(api.status).toBe(401);
    }
    for (const bad of [`${otherToken}.${signature}`, await betterAuthCookieValue(token, "another-secret-0123456789-0123456789"), "unknowntoken0123456789abcdefghij"]) {
      expect((await getSession({ authorization: `Bearer ${bad}` })).body, bad).toBeNull();
    }
    // A bad bearer is not topped up by a good cookie.
    expect((await getSession({ authorization: `Bearer ${otherToken}.${signature}`, cookie })).body).toBeNull();
    // The good forms: raw, signed, signed and URL-encoded.
    for (const good of [token, value, encodeURIComponent(value)]) {
      expect((await getSession({ authorization: `Bearer ${good}` })).body?.session.token, good).toBe(token);
    }
  });

  it("accept a session Better Auth issued: its row and its signed cookie, or its token as a bearer", async () => {
    const email = unique("legacy");
    const { token, cookie } = await betterAuthSession(email);
    const home = await call("/", { cookie, headers: { accept: "text/html" } });
    expect(await home.text()).toContain(`Signed in as ${email}`);
    expect((await getSession({ cookie })).body?.user.email).toBe(email);
    expect((await getSession({ authorization: `Bearer ${token}` })).body?.user.email).toBe(email);
  });

  it("slide their expiry at most once a day, setting the cookie again when they do", async () => {
    const email = unique("slide");
    const { token, cookie } = await betterAuthSession(email, new Date(Date.now() + 29.5 * DAY));
    const expiry = async () => (await db().select({ at: session.expiresAt }).from(session).where(eq(session.token, token)))[0]!.at.getTime();
    const before = await expiry();
    // Slid 12 hours ago: nothing written, no cookie.
    const fresh = await call("/", { cookie });
    expect(sessionCookie(fresh)).toBeUndefined();
    expect(await expiry()).toBe(before);
    // Slid 2 days ago: 30 days again, and the cookie is renewed with the same value.
    await db().update(session).set({ expiresAt: new Date(Date.now() + 28 * DAY) }).where(eq(session.token, token));
    const due = await getSession({ cookie });
    expect(due.body?.user.email).toBe(email);
    const renewed = sessionCookie(due.res);
    expect(renewed).toContain("Max-Age=2592000");
    expect(renewed!.split(";")[0]).toBe(cookie);
    expect(await expiry()).toBeGreaterThan(Date.now() + 29.9 * DAY);
    // Right after: not again.
    const after = await expiry();
    expect(sessionCookie(await call("/", { cookie }))).toBeUndefined();
    expect(await expiry()).toBe(after);
  });

  it("end when expired: the row is deleted and the cookie cleared", async () => {
    const email = unique("expired");
    const { token, cookie } = await betterAuthSession(email, new Date(Date.now() - 1000));
    const { res, body } = await getSession({ cookie });
    expect(body).toBeNull();
    expect(sessionCookie(res)).toMatch(/^better-auth\.session_token=; Max-Age=0/);
    expect(await db().select().from(session).where(eq(session.token, token))).toEqual([]);
  });

  it("end on sign-out (JSON endpoint): the row is gone and the cookie cleared; another site cannot sign you out", async () => {
    const email = unique("out");
    const { token, cookie } = await betterAuthSession(email);
    const foreign = await call("/api/auth/sign-out", { method: "POST", cookie, headers: { origin: "https://evil.example" } });
    expect(foreign.status).toBe(403);
    const referred = await call("/api/auth/sign-out", { method: "POST", cookie, headers: { origin: "", referer: "https://evil.example/page" } });
    expect(referred.status).toBe(403);
    expect(await sessionsOf(email)).toBe(1);
    const res = await call("/api/auth/sign-out", { method: "POST", cookie, headers: { "content-type": "application/json" }, body: "{}" });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ success: true });
    expect(sessionCookie(res)).toMatch(/^better-auth\.session_token=; Max-Age=0/);
    expect(await db().select().from(session).where(eq(session.token, token))).toEqual([]);
    expect((await getSession({ cookie })).body).toBeNull();
  });

  it("end on sign-out with a bearer token", async () => {
    const email = unique("bearer-out");
    const { token } = await betterAuthSession(email);
    const res = await call("/api/auth/sign-out", { method: "POST", headers: { authorization: `Bearer ${token}` } });
    expect(res.status).toBe(200);
    expect(await sessionsOf(email)).toBe(0);
  });
});

/** A request through the real worker with some variables changed. */
async function fetchWith(vars: Partial<Env>, url: string, init: RequestInit = {}): Promise<Response> {
  const ctx = createExecutionContext();
  const res = await worker.fetch(new Request(url, { redirect: "manual", ...init }), { ...env, ...vars } as unknown as Env, ctx);
  await waitOnExecutionContext(ctx);
  return res;
}

describe("on https", () => {
  it("the cookie is __Secure- prefixed and Secure, and only that name counts", async () => {
    const origin = "https://threshold.test";
    const email = unique("https");
    const asked = await fetchWith({ APP_URL: origin }, `${origin}/api/auth/sign-in/magic-link`, {
      method: "POST",
      body: JSON.stringify({ email, callbackURL: "/c/demo" }),
      headers: { "content-type": "application/json", origin },
    });
    expect(asked.status).toBe(200);
    const link = linksIn((await latestEmail(email, "magic_link"))!.text)[0]!;
    expect(link.startsWith(`${origin}/api/auth/magic-link/verify?token=`)).toBe(true);
    const verified = await fetchWith({ APP_URL: origin }, link);
    expect(verified.headers.get("location")).toBe(`${origin}/c/demo`);
    const cookie = setCookies(verified).find((c) => c.startsWith("__Secure-better-auth.session_token="))!;
    expect(cookie).toMatch(/; Max-Age=2592000; Path=\/; HttpOnly; Secure; SameSite=Lax$/);
    const pair = cookie.split(";")[0]!;
    const read = (c: string) => fetchWith({ APP_URL: origin }, `${origin}/api/auth/get-session`, { headers: { cookie: c } }).then((r) => r.json());
    expect(await read(pair)).toMatchObject({ user: { email } });
    expect(await read(pair.replace("__Secure-", ""))).toBeNull();
  });
});

describe("sign-in rate limit on the JSON endpoint", () => {
  it("counts per client address in D1 and answers 429 with Retry-After", async () => {
    const send = (ip: string) =>
      fetchWith({ RATE_LIMIT_SIGNIN_IP: "3/600" }, `${BASE}/api/auth/sign-in/magic-link`, {
        method: "POST",
        body: JSON.stringify({ email: unique("ip") }),
        headers: { "content-type": "application/json", "cf-connecting-ip": ip },
      });
    for (let i = 0; i < 3; i++) expect((await send("198.51.100.23")).status).toBe(200);
    const over = await send("198.51.100.23");
    expect(over.status).toBe(429);
    expect(Number(over.headers.get("retry-after"))).toBeGreaterThan(0);
    expect(((await over.json()) as { error: { code: string } }).error.code).toBe("rate_limited");
    expect((await send("198.51.100.24")).status).toBe(200);
  });
});
