import { Hono } from "hono";
import { csrf } from "hono/csrf";
import type { AppEnv } from "../app-env";
import { authApi, limitSignIn, signInEmail } from "./auth-api";
import { sendMagicLink } from "./magic-link";
import { checkEmailPage, homePage, signInPage } from "./pages";
import { getViewer, safeNextPath, signOut } from "./session";

export const authRoutes = new Hono<AppEnv>();

// app.ts guards /signin; signing out is a form post too, so it gets the same same-origin check.
authRoutes.use("/signout", csrf());

/** The JSON endpoints: magic-link request and verification, session, sign-out. */
authRoutes.route("/api/auth", authApi);

authRoutes.get("/signin", async (c) => {
  const next = safeNextPath(c.req.query("next"));
  // A failed magic link comes back here with ?error=... (expired or already used).
  const linkFailed = c.req.query("error") !== undefined;
  if (!linkFailed && (await getViewer(c))) return c.redirect(next, 303);
  return c.html(signInPage({ next, linkFailed }));
});

authRoutes.post("/signin", async (c) => {
  const form = await c.req.parseBody();
  const next = safeNextPath(form.next);
  const typed = typeof form.email === "string" ? form.email.trim() : "";
  if (!signInEmail.safeParse(typed).success) {
    const error = typed ? "Enter a valid email address, like name@example.com." : "Enter your email address.";
    return c.html(signInPage({ next, email: typed, error }), 400);
  }
  const email = typed.toLowerCase();
  await limitSignIn(c, email);
  await sendMagicLink(c.get("deps"), { email, callbackURL: next, errorCallbackURL: `/signin?next=${encodeURIComponent(next)}` });
  const mailboxUrl = c.env.EMAIL_PROVIDER === "outbox" ? `/dev/mailbox?to=${encodeURIComponent(email)}` : undefined;
  return c.html(checkEmailPage({ email, next, mailboxUrl }));
});

authRoutes.post("/signout", async (c) => {
  await signOut(c);
  return c.redirect("/", 303);
});

// The account menu (loaded for every page) already lists the person's communities.
authRoutes.get("/", (c) => c.html(homePage({ menu: c.get("accountMenu") ?? null })));
