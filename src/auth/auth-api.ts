import { Hono, type Context } from "hono";
import * as z from "zod/mini";
import "../lib/zod-messages";
import type { AppEnv } from "../app-env";
import { jsonBodyGuard, mediaType } from "../lib/body";
import { AppError } from "../lib/errors";
import { clientIp, enforceRateLimits } from "../lib/rate-limit";
import { parseOrThrow } from "../lib/validation";
import { authSecret } from "./auth";
import { sendMagicLink, signInWithLink } from "./magic-link";
import { refuseForeignCallbacks, refuseForeignOrigin } from "./origin";
import { currentSession, signOut } from "./session";
import { setSessionCookie } from "./session-cookie";
import type { Client } from "./session-store";

/**
 * The JSON endpoints under /api/auth, with the paths, bodies, statuses and redirects Better Auth
 * answered with: request a link, follow it, read the session, sign out.
 */
export const authApi = new Hono<AppEnv>();

authApi.use("*", jsonBodyGuard);

// Built on first use, like every other schema: this module is in every Worker (sessions).
/** An address the sign-in form and the JSON endpoint accept. */
export const signInEmail = z.lazy(() => z.email().check(z.maxLength(254)));
const signInBody = z.lazy(() => {
  const callback = z.optional(z.string().check(z.maxLength(2000)));
  return z.object({
    email: signInEmail,
    name: z.optional(z.string().check(z.maxLength(200))),
    callbackURL: callback,
    newUserCallbackURL: callback,
    errorCallbackURL: callback,
  });
});

authApi.post("/sign-in/magic-link", async (c) => {
  refuseForeignOrigin(c, { signIn: true });
  if (!/^application\/(.+\+)?json$/.test(mediaType(c))) throw new AppError(400, "bad_request", "Send the body as JSON (Content-Type: application/json)");
  const body = parseOrThrow(signInBody, await c.req.json().catch(() => undefined));
  const { callbackURL = "/", newUserCallbackURL, errorCallbackURL } = body;
  refuseForeignCallbacks(c.get("deps").config.appUrl, { callbackURL, newUserCallbackURL, errorCallbackURL });
  const email = body.email.toLowerCase();
  await limitSignIn(c, email);
  await sendMagicLink(c.get("deps"), { email, name: body.name, callbackURL, newUserCallbackURL, errorCallbackURL });
  return c.json({ status: true });
});

authApi.get("/magic-link/verify", async (c) => {
  const { appUrl } = c.get("deps").config;
  const secret = authSecret(c.env);
  const { token, callbackURL, newUserCallbackURL, errorCallbackURL } = c.req.query();
  if (!token) throw AppError.validation([{ field: "token", message: "Required" }]);
  refuseForeignCallbacks(appUrl, { callbackURL, newUserCallbackURL, errorCallbackURL });
  const signedIn = token.length <= 256 ? await signInWithLink(c.get("deps"), token, clientOf(c)) : null;
  if (!signedIn) {
    // The sign-in page explains: the link expired or was already used.
    const back = new URL(errorCallbackURL || callbackURL || "/", appUrl);
    back.searchParams.set("error", "INVALID_TOKEN");
    return c.redirect(back.toString(), 302);
  }
  // API clients get the signed token in `set-auth-token`, the header Better Auth's bearer plugin
  // sent and the API documentation names.
  c.header("set-auth-token", await setSessionCookie(c, signedIn.token, secret));
  c.header("Access-Control-Expose-Headers", "set-auth-token");
  if (!callbackURL) return c.json({ token: signedIn.token, user: signedIn.user, session: signedIn.session });
  const to = signedIn.isNewUser && newUserCallbackURL ? newUserCallbackURL : callbackURL;
  return c.redirect(new URL(to, appUrl).toString(), 302);
});

authApi.get("/get-session", async (c) => {
  c.header("cache-control", "no-store");
  c.header("pragma", "no-cache");
  const found = await currentSession(c);
  return c.json(found ? { session: found.session, user: found.user } : null);
});

authApi.post("/sign-out", async (c) => {
  refuseForeignOrigin(c, { signIn: false });
  await signOut(c);
  return c.json({ success: true });
});

/** Sign-in links are email sent on a stranger's request: counted per address and per client address, in D1. */
export function limitSignIn(c: Context<AppEnv>, email: string) {
  return enforceRateLimits(c.get("deps"), [
    ["signinEmail", email],
    ["signinIp", clientIp(c)],
  ]);
}

function clientOf(c: Context<AppEnv>): Client {
  return { ipAddress: clientIp(c) ?? "", userAgent: (c.req.header("user-agent") ?? "").slice(0, 500) };
}
