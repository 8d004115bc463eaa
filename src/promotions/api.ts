import * as z from "zod/mini";
import { createRoute, createApiRouter, errorResponses, jsonBody, jsonContent, staffSecurity, named } from "../api/openapi";
import type { PromotionCode } from "../../drizzle";
import { communityStaff } from "../api/access";
import { SlugParams } from "../api/schemas";
import { createPromotionCode, deactivatePromotionCode, listPromotionCodes, promotionCodeOf } from "./codes";
import { promotionCodeCreateSchema } from "./schemas";
import { lazyFields } from "../lib/lazy-fields";

/** Promotion codes (owners) under /api/v1: create, list with uses and revenue, stop. */

const tags = ["Promotion codes"];
const ownersOnly = communityStaff(["owner"]);

const CodeSchema = z.lazy(() =>
  z.object({
    id: z.string(),
    code: z.string(),
    target: z.enum(["fee", "tier"]),
    tierId: z.nullable(z.string()),
    percentOff: z.nullable(z.number().check(z.int())),
    amountOff: z.nullable(z.number().check(z.int())),
    currency: z.string(),
    expiresAt: z.nullable(z.string()),
    maxRedemptions: z.nullable(z.number().check(z.int())),
    firstTimeOnly: z.boolean(),
    redeemed: z.number().check(z.int(), z.meta({ description: "Uses claimed (never above maxRedemptions)" })),
    discountTotal: z.number().check(z.int()),
    revenue: z.number().check(z.int(), z.meta({ description: "Charged with the code, net of refunds, in minor units" })),
    active: z.boolean(),
  }).check(z.meta({ id: "PromotionCode" })),
);

const CodeCreate = named(promotionCodeCreateSchema, "PromotionCodeCreate", { example: { code: "SPRING25", target: "fee", percentOff: 25, maxRedemptions: 50, expiresAt: "2027-04-30T23:59:59Z", firstTimeOnly: true } });
const CodeParams = z.extend(SlugParams, lazyFields({ id: () => z.string().check(z.maxLength(64)) }));

const view = ({ communityId: _c, stripeCouponId: _s, stripePromotionCodeId: _p, createdBy: _b, createdAt: _a, expiresAt, ...c }: PromotionCode) => ({ ...c, expiresAt: expiresAt?.toISOString() ?? null });

const listRoute = createRoute({
  method: "get",
  path: "/communities/{slug}/promotion-codes",
  tags,
  summary: "The community's promotion codes with their uses and revenue (owners)",
  security: staffSecurity,
  middleware: ownersOnly,
  request: { params: SlugParams },
  responses: { 200: jsonContent(z.object(lazyFields({ codes: () => z.array(CodeSchema) })), "Newest first"), ...errorResponses(401, 403, 404) },
});

const createCodeRoute = createRoute({
  method: "post",
  path: "/communities/{slug}/promotion-codes",
  tags,
  summary: "Create a promotion code (owners), synced to a Stripe coupon and promotion code",
  description: "Percent (1–100) or an amount off, not both; for the application fee or one tier's first invoice; optional expiry, maximum uses and first-time-only. Codes are unique per community (409).",
  security: staffSecurity,
  middleware: ownersOnly,
  request: { params: SlugParams, body: jsonBody(CodeCreate) },
  responses: { 201: jsonContent(CodeSchema, "The new code"), ...errorResponses(400, 401, 403, 404, 409, 415) },
});

const stopRoute = createRoute({
  method: "post",
  path: "/communities/{slug}/promotion-codes/{id}/deactivate",
  tags,
  summary: "Stop a promotion code (owners): nobody can use it any more",
  security: staffSecurity,
  middleware: ownersOnly,
  request: { params: CodeParams },
  responses: { 200: jsonContent(CodeSchema, "The stopped code"), ...errorResponses(401, 403, 404) },
});

export const promotionsApi = createApiRouter()
  .openapi(listRoute, async (c) => {
    const rows = await listPromotionCodes(c.get("deps").db, c.var.staff.community.id);
    return c.json({ codes: rows.map(view) }, 200);
  })
  .openapi(createCodeRoute, async (c) => {
    const { community, viewer } = c.var.staff;
    return c.json(view(await createPromotionCode(c.get("deps"), community, c.req.valid("json"), viewer.email)), 201);
  })
  .openapi(stopRoute, async (c) => {
    const deps = c.get("deps");
    const code = await promotionCodeOf(deps.db, c.var.staff.community.id, c.req.valid("param").id);
    return c.json(view(await deactivatePromotionCode(deps, code)), 200);
  });
