import { Hono } from "hono";
import type { AppEnv } from "../app-env";
import { Layout, page } from "../ui/layout";
import { UNSUBSCRIBE_LISTS, type UnsubscribeList } from "./emails";
import { prefsByToken, unsubscribeByToken } from "./prefs";

/**
 * One-click unsubscribe from drop emails or from activity emails (replies, mentions, polls):
 * `?list=activity` names the second, nothing the first. GET shows a confirm button (link
 * scanners that open every URL in a mail must not unsubscribe anyone); POST unsubscribes, which
 * is also what mail providers send for RFC 8058 one-click (`List-Unsubscribe=One-Click`). The
 * token in the URL is the credential, so src/app.ts mounts these before the same-origin form
 * check: a provider's POST comes from its own servers.
 */
export const unsubscribeRoutes = new Hono<AppEnv>();

const TOKEN = "/c/:slug/unsubscribe/:token{[0-9a-z]{32}}";

const WHAT: Record<UnsubscribeList, string> = { drops: "drop emails", activity: "emails about replies, mentions and polls" };

/** An unknown list falls back to drops: the links sent before lists existed carry none. */
function listOf(value: string | undefined): UnsubscribeList {
  return UNSUBSCRIBE_LISTS.find((l) => l === value) ?? "drops";
}

unsubscribeRoutes.get(TOKEN, async (c) => {
  const { community, pref } = await prefsByToken(c.get("deps").db, c.req.param("slug"), c.req.param("token"));
  const list = listOf(c.req.query("list"));
  const off = list === "activity" ? pref.activityMode === "off" : pref.mode === "off";
  c.header("Cache-Control", "private, no-store");
  c.header("Referrer-Policy", "no-referrer");
  return c.html(
    page(
      <Layout title={`Unsubscribe · ${community.name}`} narrow>
        <h1>
          Stop {WHAT[list]} from {community.name}?
        </h1>
        {off ? <p class="notice ok" role="status">You are already unsubscribed.</p> : null}
        <p>
          {pref.email} will no longer get {WHAT[list]}. You can still read everything on your member home, and switch emails back on there.
        </p>
        <form method="post" action={`/c/${community.slug}/unsubscribe/${c.req.param("token")}${list === "drops" ? "" : `?list=${list}`}`}>
          <button class="btn" type="submit">Unsubscribe</button>
        </form>
      </Layout>,
    ),
  );
});

unsubscribeRoutes.post(TOKEN, async (c) => {
  const list = listOf(c.req.query("list"));
  const community = await unsubscribeByToken(c.get("deps"), c.req.param("slug"), c.req.param("token"), list);
  c.header("Cache-Control", "private, no-store");
  return c.html(
    page(
      <Layout title={`Unsubscribed · ${community.name}`} narrow>
        <h1>You are unsubscribed</h1>
        <p role="status">
          No more {WHAT[list]} from {community.name}. Turn them back on from your member home at any time.
        </p>
        <p>
          <a href={`/c/${community.slug}/home`}>Go to member home</a>
        </p>
      </Layout>,
    ),
  );
});
