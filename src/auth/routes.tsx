import { Hono, type Context } from "hono";
import { csrf } from "hono/csrf";
import * as z from "zod";
import type { AppEnv } from "../app-env";
import { AppError } from "../lib/errors";
import { clientIp, enforceRateLimits } from "../lib/rate-limit";
import { checkEmailPage, homePage, signInPage } from "./pages";
import { authFor, getViewer, safeNextPath } from "./session";

const emailSchema = z.email().max(254);

export const authRoutes = new Hono<AppEnv>();

// app.ts guards /signin; signing out is a form post too, so it gets the same same-origin check.
authRoutes.use("/signout", csrf());

/**
 * Better Auth's own magic-link endpoint sends email too: the same limits as /signin, counted in
 * D1 (Better Auth's limiter is per isolate and off outside production). The body is read from a
 * copy, so Better Auth still gets the original.
 */
authRoutes.post("/api/auth/sign-in/magic-link", async (c, next) => {
  const body: unknown = await c.req.raw.clone().json().catch(() => null);
  const email = body && typeof body === "object" && "email" in body && typeof body.email === "string" ? body.email.slice(0, 254) : null;
  await limitSignIn(c, email);
  await next();
});

/** Better Auth's own endpoints: magic-link request and verification, session, sign-out (JSON). */
authRoutes.all("/api/auth/*", (c) => authFor(c).handler(c.req.raw));

authRoutes.get("/signin", async (c) => {
  const next = safeNextPath(c.req.query("next"));
  // Better Auth sends failed magic links back here with ?error=... (expired or already used).
  const linkFailed = c.req.query("error") !== undefined;
  if (!linkFailed && (await getViewer(c))) return c.redirect(next, 303);
  return c.html(signInPage({ next, linkFailed }));
});

authRoutes.post("/signin", async (c) => {
  const form = await c.req.parseBody();
  const next = safeNextPath(form.next);
  const typed = typeof form.email === "string" ? form.email.trim() : "";
  if (!emailSchema.safeParse(typed).success) {
    const error = typed ? "Enter a valid email address, like name@example.com." : "Enter your email address.";
    return c.html(signInPage({ next, email: typed, error }), 400);
  }
  const email = typed.toLowerCase();
  await limitSignIn(c, email);
  try {
    await authFor(c).api.signInMagicLink({
      body: { email, callbackURL: next, errorCallbackURL: `/signin?next=${encodeURIComponent(next)}` },
      headers: c.req.raw.headers,
    });
  } catch (e) {
    throw fromAuthError(e);
  }
  const mailboxUrl = c.env.EMAIL_PROVIDER === "outbox" ? `/dev/mailbox?to=${encodeURIComponent(email)}` : undefined;
  return c.html(checkEmailPage({ email, next, mailboxUrl }));
});

authRoutes.post("/signout", async (c) => {
  if (await getViewer(c)) {
    try {
      const result = await authFor(c).api.signOut({ headers: c.req.raw.headers, returnHeaders: true });
      for (const cookie of result.headers.getAll("set-cookie")) c.header("set-cookie", cookie, { append: true });
    } catch (e) {
      throw fromAuthError(e);
    }
  }
  return c.redirect("/", 303);
});

// The account menu (loaded for every page) already lists the person's communities.
authRoutes.get("/", (c) => c.html(homePage({ menu: c.get("accountMenu") ?? null })));

/** Sign-in links are email sent on a stranger's request: counted per address and per client address. */
function limitSignIn(c: Context<AppEnv>, email: string | null) {
  return enforceRateLimits(c.get("deps"), [
    ["signinEmail", email],
    ["signinIp", clientIp(c)],
  ]);
}

/** Better Auth refusals (bad origin, rate limit, bad input) become our error shape; the rest stays a 500. */
function fromAuthError(e: unknown): unknown {
  if (!(e instanceof Error) || e.name !== "APIError") return e;
  const status = (e as Error & { statusCode?: number }).statusCode ?? 500;
  if (status === 429) return new AppError(429, "bad_request", "Too many sign-in attempts. Wait a minute and try again.");
  if (status === 403) return AppError.forbidden(e.message || "This request was refused");
  if (status >= 400 && status < 500) return new AppError(400, "bad_request", e.message || "Bad request");
  return e;
}
