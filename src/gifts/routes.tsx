import { eq } from "drizzle-orm";
import { Hono, type Context } from "hono";
import { communities, tiers, type Community } from "../../drizzle";
import type { AppEnv } from "../app-env";
import { getViewer } from "../auth/session";
import { formText, readForm } from "../communities/forms";
import { getVisibleCommunity } from "../communities/launch";
import { AppError, type FieldIssue } from "../lib/errors";
import { refundGift } from "./lifecycle";
import { renderGiftForm, renderGiftStatus } from "./pages";
import { buyGift, giftableTiers, giftByToken, syncGiftPayment } from "./service";

const FIELDS = ["tierId", "months", "recipientName", "recipientEmail", "buyerEmail", "message"] as const;

/** Form text -> the order's shape; "months" stays a number only when it is one, so zod names it otherwise. */
function orderOf(values: Record<string, string>) {
  const months = /^\d{1,3}$/.test(values.months ?? "") ? Number(values.months) : values.months;
  return { ...values, months, message: values.message || undefined };
}

async function giftForm(c: Context<AppEnv>, community: Community, extra: { values?: Record<string, string>; issues?: FieldIssue[]; formError?: string } = {}, status: 200 | 400 | 409 = 200) {
  const deps = c.get("deps");
  const [offered, viewer] = await Promise.all([giftableTiers(deps.db, community.id), getViewer(c)]);
  return c.html(renderGiftForm({ community, tiers: offered, buyerEmail: viewer?.email ?? null, ...extra }), status);
}

async function giftPage(c: Context<AppEnv>, token: string, notice?: string) {
  const { db } = c.get("deps");
  const gift = await giftByToken(db, token);
  const [[community], [tier]] = await db.batch([db.select().from(communities).where(eq(communities.id, gift.communityId)), db.select({ name: tiers.name }).from(tiers).where(eq(tiers.id, gift.tierId))]);
  c.header("Cache-Control", "no-store");
  return c.html(renderGiftStatus({ gift, community: community!, tierName: tier!.name, notice }));
}

export const giftRoutes = new Hono<AppEnv>()
  .get("/c/:slug/gift", async (c) => giftForm(c, await getVisibleCommunity(c, c.req.param("slug"))))
  .post("/c/:slug/gift", async (c) => {
    const community = await getVisibleCommunity(c, c.req.param("slug"));
    const form = await readForm(c);
    const unknown = Object.keys(form).filter((k) => !(FIELDS as readonly string[]).includes(k));
    const values = Object.fromEntries(FIELDS.map((f) => [f, formText(form, f)]));
    if (unknown.length) return giftForm(c, community, { values, issues: unknown.map((field) => ({ field, message: "Unknown field" })), formError: "This form was changed before it was sent" }, 400);
    try {
      const { checkoutUrl } = await buyGift(c.get("deps"), community, orderOf(values));
      return c.redirect(checkoutUrl, 303);
    } catch (e) {
      if (!(e instanceof AppError) || (e.status !== 400 && e.status !== 409)) throw e;
      return giftForm(c, community, { values, issues: e.details ?? [], formError: e.status === 409 ? e.message : undefined }, e.status);
    }
  })
  .get("/gifts/:token", async (c) => {
    const deps = c.get("deps");
    const token = c.req.param("token");
    // Back from Checkout before the webhook: ask Stripe, the same order-safe sync.
    if (c.req.query("checkout") === "success") await syncGiftPayment(deps, await giftByToken(deps.db, token));
    return giftPage(c, token, c.req.query("done") === "refunded" ? "The gift was refunded to your card." : undefined);
  })
  .post("/gifts/:token/refund", async (c) => {
    const deps = c.get("deps");
    const gift = await giftByToken(deps.db, c.req.param("token"));
    await refundGift(deps, gift, "buyer");
    return c.redirect(`/gifts/${gift.token}?done=refunded`, 303);
  });
