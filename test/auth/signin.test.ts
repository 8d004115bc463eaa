import { env } from "cloudflare:workers";
import { Hono } from "hono";
import { HTTPException } from "hono/http-exception";
import { describe, expect, it } from "vitest";
import { communities, communityStaff } from "../../drizzle";
import type { AppEnv, Platform } from "../../src/app-env";
import { authSecret } from "../../src/auth/auth";
import { requireStaff } from "../../src/auth/roles";
import { createDb } from "../../src/lib/db";
import { buildDeps } from "../../src/lib/deps";
import { AppError, errorBody } from "../../src/lib/errors";
import { BASE, call, cookiesFrom, latestMagicLinkEmail, magicLinkIn, postForm, signIn } from "./helpers";

describe("GET /signin", () => {
  it("shows a labelled email form that keeps where to go next", async () => {
    const res = await call("/signin?next=%2Fc%2Fdemo%2Fadmin", { headers: { accept: "text/html" } });
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('<label for="email">Email</label>');
    expect(html).toMatch(/<input type="hidden" name="next" value="\/c\/demo\/admin"/);
    expect(html).toContain("Email me a sign-in link");
  });

  it("never carries an off-site next", async () => {
    for (const next of ["//evil.example/x", "https://evil.example", "/\\evil.example", "javascript:alert(1)"]) {
      const html = await (await call(`/signin?next=${encodeURIComponent(next)}`)).text();
      expect(html).toContain('name="next" value="/"');
    }
  });
});

describe("POST /signin", () => {
  it("re-renders a bad email with the error and the value kept (400)", async () => {
    const res = await postForm("/signin", { email: 'not-an-email"><b>', next: "/c/demo" });
    expect(res.status).toBe(400);
    const html = await res.text();
    expect(html).toContain("Enter a valid email address");
    expect(html).toContain('value="not-an-email&quot;&gt;&lt;b&gt;"');
    expect(html).toContain('aria-invalid="true"');
    expect(html).toContain('name="next" value="/c/demo"');
  });

  it("asks for an email when none is given", async () => {
    const res = await postForm("/signin", { email: "  " });
    expect(res.status).toBe(400);
    expect(await res.text()).toContain("Enter your email address.");
  });

  it("refuses a cross-site form post and sends nothing", async () => {
    const res = await call("/signin", {
      method: "POST",
      body: new URLSearchParams({ email: "crosssite@example.com" }),
      headers: { "content-type": "application/x-www-form-urlencoded", origin: "https://evil.example" },
    });
    // Hono's csrf() throws an HTTPException carrying a 403 response; app.onError must return it as is.
    expect(res.status).toBe(403);
    expect(await latestMagicLinkEmail("crosssite@example.com")).toBeUndefined();
  });
});

describe("magic-link sign-in, end to end", () => {
  it("emails a link that signs in and returns to next", async () => {
    const next = "/c/demo/admin?tab=queue";
    const res = await postForm("/signin", { email: "  Member@Example.COM ", next });
    expect(res.status).toBe(200);
    const page = await res.text();
    expect(page).toContain("Check your email");
    expect(page).toContain("member@example.com");
    expect(page).toContain('href="/dev/mailbox?to=member%40example.com"');

    const mail = await latestMagicLinkEmail("member@example.com");
    expect(mail).toBeTruthy();
    expect(mail!.subject).toBe("Your sign-in link for Threshold");
    const link = new URL(magicLinkIn(mail!.text));
    expect(link.origin).toBe(BASE);
    expect(link.searchParams.get("callbackURL")).toBe(next);

    const verify = await call(link.pathname + link.search);
    expect([302, 303]).toContain(verify.status);
    expect(verify.headers.get("location")).toBe(BASE + next);
    const cookie = cookiesFrom(verify);
    expect(cookie).toMatch(/better-auth\.session_token=/);
    expect(verify.headers.getAll("set-cookie").join("\n")).toMatch(/HttpOnly/i);

    const home = await (await call("/", { cookie })).text();
    expect(home).toContain("Signed in as member@example.com");
    expect(home).toContain('action="/signout"');

    // The link works once: a second click lands on the sign-in page with an explanation.
    const again = await call(link.pathname + link.search);
    const location = again.headers.get("location") ?? "";
    expect(location).toContain("/signin?next=");
    expect(location).toContain("error=");
    const retry = await (await call(new URL(location).pathname + new URL(location).search)).text();
    expect(retry).toContain("expired or was already used");
  });

  it("shows the anonymous home with a sign-in link", async () => {
    const html = await (await call("/")).text();
    expect(html).toContain('href="/signin"');
    expect(html).not.toContain("Signed in as");
  });

  it("accepts the session token as a bearer token", async () => {
    const { token } = await signIn("bearer@example.com");
    expect(token).not.toBe("");
    const home = await (await call("/", { headers: { authorization: `Bearer ${token}` } })).text();
    expect(home).toContain("Signed in as bearer@example.com");
    const session = await call("/api/auth/get-session", { headers: { authorization: `Bearer ${token}` } });
    expect(((await session.json()) as { user: { email: string } }).user.email).toBe("bearer@example.com");
  });

  it("redirects a signed-in visitor of /signin straight to next", async () => {
    const { cookie } = await signIn("already@example.com");
    const res = await call("/signin?next=%2Fsomewhere", { cookie });
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toBe("/somewhere");
  });

  it("signs out: the session is gone server-side", async () => {
    const { cookie } = await signIn("leaver@example.com");
    const res = await call("/signout", { method: "POST", cookie, headers: { "content-type": "application/x-www-form-urlencoded" } });
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toBe("/");
    expect(res.headers.getAll("set-cookie").join("\n")).toMatch(/session_token=;|Max-Age=0/i);
    const home = await (await call("/", { cookie })).text();
    expect(home).not.toContain("Signed in as");
  });

  it("refuses a cross-site sign-out", async () => {
    const { cookie } = await signIn("stayer@example.com");
    const res = await call("/signout", {
      method: "POST",
      cookie,
      headers: { "content-type": "application/x-www-form-urlencoded", origin: "https://evil.example" },
    });
    expect(res.status).toBe(403);
    expect(await (await call("/", { cookie })).text()).toContain("Signed in as stayer@example.com");
  });

  it("lists the communities the viewer helps run", async () => {
    const db = createDb(env.DB);
    const now = new Date();
    await db.insert(communities).values({ id: "cmt_home", slug: "home-circle", name: "Home Circle", createdAt: now, updatedAt: now });
    await db.insert(communityStaff).values({ communityId: "cmt_home", email: "mod@example.com", role: "moderator", createdAt: now });
    const { cookie } = await signIn("mod@example.com");
    const html = await (await call("/", { cookie })).text();
    expect(html).toContain('href="/c/home-circle/admin"');
    expect(html).toContain("moderator");
  });
});

const platform: Platform = {
  stripe: () => {
    throw new Error("no Stripe in this test");
  },
  now: () => new Date(),
};

describe("authSecret", () => {
  it("refuses to run without BETTER_AUTH_SECRET", () => {
    const bare = { ...env, BETTER_AUTH_SECRET: undefined };
    expect(() => authSecret(bare)).toThrowError(expect.objectContaining({ status: 500, code: "misconfigured" }));
    expect(authSecret(env)).toBe(env.BETTER_AUTH_SECRET);
  });
});

describe("requireStaff", () => {
  // A tiny app with the real middleware shape, the real D1 and the proposed onError line for thrown responses.
  const app = new Hono<AppEnv>();
  app.use("*", async (c, next) => {
    c.set("requestId", "req_test");
    c.set("deps", buildDeps(c.env, platform));
    c.set("viewer", null);
    await next();
  });
  app.onError((err, c) => {
    if (err instanceof HTTPException && err.res) return err.getResponse();
    if (err instanceof AppError) return c.json(errorBody(err, "req_test"), err.status);
    return c.json({ unexpected: String(err) }, 500);
  });
  app.get("/c/:id/admin", async (c) => c.json(await requireStaff(c, c.req.param("id"))));
  app.get("/c/:id/settings", async (c) => c.json(await requireStaff(c, c.req.param("id"), ["owner"])));
  app.get("/api/v1/c/:id", async (c) => c.json(await requireStaff(c, c.req.param("id"))));
  const get = (path: string, cookie?: string) => app.fetch(new Request(BASE + path, { headers: cookie ? { cookie } : {} }), env);

  async function seed() {
    const db = createDb(env.DB);
    const now = new Date();
    await db.insert(communities).values({ id: "cmt_roles", slug: "roles", name: "Roles", createdAt: now, updatedAt: now }).onConflictDoNothing();
    await db
      .insert(communityStaff)
      .values([
        { communityId: "cmt_roles", email: "owner@example.com", role: "owner", createdAt: now },
        { communityId: "cmt_roles", email: "moderator@example.com", role: "moderator", createdAt: now },
      ])
      .onConflictDoNothing();
  }

  it("sends anonymous page visitors to sign in and back", async () => {
    const res = await get("/c/cmt_roles/admin?x=1");
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toBe("/signin?next=%2Fc%2Fcmt_roles%2Fadmin%3Fx%3D1");
  });

  it("answers anonymous API calls 401", async () => {
    const res = await get("/api/v1/c/cmt_roles");
    expect(res.status).toBe(401);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe("unauthenticated");
  });

  it("answers 403 for a signed-in viewer who is not staff", async () => {
    await seed();
    const { cookie } = await signIn("stranger@example.com");
    const res = await get("/c/cmt_roles/admin", cookie);
    expect(res.status).toBe(403);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe("forbidden");
  });

  it("passes an owner, and a moderator only where moderators are allowed", async () => {
    await seed();
    const owner = await signIn("Owner@Example.com");
    expect(await (await get("/c/cmt_roles/settings", owner.cookie)).json()).toMatchObject({ role: "owner", viewer: { email: "owner@example.com" } });
    const moderator = await signIn("moderator@example.com");
    expect(await (await get("/c/cmt_roles/admin", moderator.cookie)).json()).toMatchObject({ role: "moderator" });
    expect((await get("/c/cmt_roles/settings", moderator.cookie)).status).toBe(403);
  });

  it("lets an operator in as owner anywhere", async () => {
    const { cookie } = await signIn("operator@example.com");
    expect(await (await get("/c/cmt_elsewhere/settings", cookie)).json()).toMatchObject({ role: "operator" });
  });
});
