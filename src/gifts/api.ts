import * as z from "zod/mini";
import { createRoute, createApiRouter, errorResponses, jsonBody, jsonContent, named } from "../api/openapi";
import { eq } from "drizzle-orm";
import { GIFT_STATUSES, tiers, type Gift } from "../../drizzle";
import { SlugParams, pathId } from "../api/schemas";
import { getVisibleCommunity } from "../communities/launch";
import type { Deps } from "../env";
import { GIFT_REFUND_RULE } from "./copy";
import { refundGift } from "./lifecycle";
import { giftOrderSchema } from "./schemas";
import { buyGift, giftByToken } from "./service";
import { lazyFields } from "../lib/lazy-fields";

/** Gifts under /api/v1: buy one (public), follow it and refund it by its private token. */

const tags = ["Gifts"];

const GiftSchema = z.lazy(() =>
  z.object({
    id: z.string(),
    status: z.enum(GIFT_STATUSES),
    tierId: z.string(),
    tierName: z.string(),
    months: z.number().check(z.int()),
    amount: z.number().check(z.int(), z.meta({ description: "The tier's monthly price times the months, in minor units" })),
    currency: z.string(),
    recipientName: z.string(),
    recipientEmail: z.string(),
    paidAt: z.nullable(z.iso.datetime()),
    redeemedAt: z.nullable(z.iso.datetime()),
    endsAt: z.nullable(z.iso.datetime()),
    refundedAt: z.nullable(z.iso.datetime()),
    refundRule: z.string(),
    giftUrl: z.url().check(z.meta({ description: "The buyer's private page for the gift; keep it secret" })),
  }).check(z.meta({ id: "Gift" })),
);

const GiftPurchaseSchema = z.lazy(() =>
  z.object({ gift: GiftSchema, checkoutUrl: z.url() }).check(z.meta({ id: "GiftPurchase" })),
);
const TokenParams = z.strictObject(lazyFields({ token: () => pathId("token") }));

async function giftView(deps: Deps, gift: Gift): Promise<z.input<typeof GiftSchema>> {
  const [tier] = await deps.db.select({ name: tiers.name }).from(tiers).where(eq(tiers.id, gift.tierId));
  const iso = (d: Date | null) => d?.toISOString() ?? null;
  return {
    id: gift.id,
    status: gift.status,
    tierId: gift.tierId,
    tierName: tier?.name ?? "",
    months: gift.months,
    amount: gift.amount,
    currency: gift.currency,
    recipientName: gift.recipientName,
    recipientEmail: gift.recipientEmail,
    paidAt: iso(gift.paidAt),
    redeemedAt: iso(gift.redeemedAt),
    endsAt: iso(gift.endsAt),
    refundedAt: iso(gift.refundedAt),
    refundRule: GIFT_REFUND_RULE,
    giftUrl: `${deps.config.appUrl}/gifts/${gift.token}`,
  };
}

const buyRoute = createRoute({
  method: "post",
  path: "/communities/{slug}/gifts",
  tags,
  summary: "Buy a gift of 1 to 12 months of a public tier for a named email (public)",
  description: `The price is the tier's current monthly price times the months, never a value from the request. ${GIFT_REFUND_RULE}`,
  request: { params: SlugParams, body: jsonBody(named(giftOrderSchema, "GiftOrder", { example: { tierId: "tier_3k9v2m0c7x1n8b4r5t6y", months: 3, recipientName: "Sam Lee", recipientEmail: "sam@example.com", buyerEmail: "ada@example.com" } })) },
  responses: { 201: jsonContent(GiftPurchaseSchema, "Send the buyer to `checkoutUrl`"), ...errorResponses(400, 404, 409, 415) },
});

const getRoute = createRoute({
  method: "get",
  path: "/gifts/{token}",
  tags,
  summary: "A gift, by the private token in its page's link",
  request: { params: TokenParams },
  responses: { 200: jsonContent(GiftSchema, "The gift"), ...errorResponses(400, 404) },
});

const refundRoute = createRoute({
  method: "post",
  path: "/gifts/{token}/refund",
  tags,
  summary: "Refund a gift that has not started",
  description: "Refunded once however often it is called; a gift that has started answers 409.",
  request: { params: TokenParams },
  responses: { 200: jsonContent(GiftSchema, "The refunded gift"), ...errorResponses(400, 404, 409) },
});

export const giftsApi = createApiRouter()
  .openapi(buyRoute, async (c) => {
    const deps = c.get("deps");
    const community = await getVisibleCommunity(c, c.req.valid("param").slug);
    const { gift, checkoutUrl } = await buyGift(deps, community, c.req.valid("json"));
    return c.json({ gift: await giftView(deps, gift), checkoutUrl }, 201);
  })
  .openapi(getRoute, async (c) => {
    const deps = c.get("deps");
    return c.json(await giftView(deps, await giftByToken(deps.db, c.req.valid("param").token)), 200);
  })
  .openapi(refundRoute, async (c) => {
    const deps = c.get("deps");
    const gift = await refundGift(deps, await giftByToken(deps.db, c.req.valid("param").token), "buyer");
    return c.json(await giftView(deps, gift), 200);
  });
