import { z } from "@hono/zod-openapi";
import { BILLING_INTERVALS, MEMBERSHIP_STATUSES, STAFF_ROLES } from "../../drizzle";
import { CURRENCIES } from "../communities/schemas";
import { MAX_REASON } from "../members/guards";
import { SlugParams, timestamp, nullableTimestamp } from "./schemas";
import { lazyFields } from "../lib/lazy-fields";

/** Shapes of the member management endpoints (owners act, staff read). */

export const MemberParams = SlugParams.extend(lazyFields({
  id: () => z.string().min(1).max(64).openapi({ param: { name: "id", in: "path" }, example: "mem_3k9v2m0c7x1n8b4r5t6y" }),
}));
export const BanParams = SlugParams.extend(lazyFields({
  email: () => z.string().min(3).max(254).openapi({ param: { name: "email", in: "path" }, example: "troll@example.com" }),
}));

// Fields of the bodies and queries below, each built on first use.
const field = lazyFields({
  reason: () =>
    z
      .string({ error: "Give a reason for this action" })
      .trim()
      .min(1, "Give a reason for this action")
      .max(MAX_REASON, `Keep the reason under ${MAX_REASON} characters`)
      .openapi({ description: "Why; kept in the audit log" }),
  email: () =>
    z
      .string({ error: "Enter an email address like name@example.com" })
      .trim()
      .toLowerCase()
      .pipe(z.email("Enter an email address like name@example.com")),
  limit: () => z.coerce.number({ error: "Limit must be a number" }).int("Limit must be a whole number").min(1).max(200).optional(),
  cursor: () => z.string().max(100).optional().openapi({ description: "`nextCursor` from the previous page" }),
});

export const MemberListQuery = z.strictObject(lazyFields({
  tierId: () => z.string().trim().max(64).optional(),
  status: () => z.enum(MEMBERSHIP_STATUSES).optional(),
  q: () => z.string().trim().max(100, "Search must be at most 100 characters").optional().openapi({ description: "Part of an email address" }),
  limit: () => field.limit,
  cursor: () => field.cursor,
}));

export const AuditQuery = z.strictObject(lazyFields({ limit: () => field.limit, cursor: () => field.cursor }));

export const RemoveBody = z.lazy(() =>
  z
    .strictObject({
      reason: field.reason,
      refund: z.boolean({ error: "Refund must be true or false" }).default(false).openapi({ description: "Refund the payment of the current period" }),
    })
    .openapi("RemoveMemberRequest"),
);

export const MoveBody = z.lazy(() =>
  z
    .strictObject({
      tierId: z.string({ error: "Choose a tier" }).trim().min(1, "Choose a tier").max(64),
      mode: z.enum(["comped", "paid"], { error: "Choose comped or paid" }).openapi({
        description: "comped: free, any subscription is cancelled at once; paid: the subscription switches to the tier's current price of the same interval, prorated",
      }),
      reason: field.reason,
    })
    .openapi("MoveMemberRequest"),
);

export const EmailReasonBody = z.lazy(() =>
  z.strictObject({ email: field.email, reason: field.reason }).openapi("EmailReasonRequest"),
);

/** A DELETE may carry the reason in a JSON body or, for clients that cannot send one, in the query. */
export const UnbanBody = z.lazy(() =>
  z.strictObject({ reason: field.reason.optional() }).openapi("UnbanRequest"),
);
export const UnbanQuery = z.strictObject(lazyFields({ reason: () => field.reason.optional() }));

const priceSchema = z.lazy(() =>
  z
    .object({ id: z.string(), interval: z.enum(BILLING_INTERVALS), amount: z.number().int(), currency: z.enum(CURRENCIES) })
    .openapi("MemberPrice", { description: "The price this member pays: the one they joined at unless migrated (grandfathering)" }),
);

export const MemberSchema = z.lazy(() =>
  z
    .object({
      id: z.string(),
      email: z.string(),
      status: z.enum(MEMBERSHIP_STATUSES),
      comped: z.boolean(),
      tier: z.object({ id: z.string(), name: z.string(), rank: z.number().int() }),
      price: priceSchema.nullable().openapi({ description: "Null when comped" }),
      currentPeriodEnd: nullableTimestamp,
      cancelAtPeriodEnd: z.boolean(),
      pastDueSince: nullableTimestamp,
      pendingPriceAt: nullableTimestamp.openapi({ description: "When a scheduled price migration takes effect" }),
      joinedAt: nullableTimestamp,
      endedAt: nullableTimestamp,
      endedReason: z.string().nullable(),
      createdAt: timestamp,
      updatedAt: timestamp,
    })
    .openapi("Member"),
);

export const MemberDetailSchema = z.lazy(() =>
  MemberSchema.unwrap().extend({
    staffRole: z.enum(STAFF_ROLES).nullable(),
    banned: z.boolean(),
  }).openapi("MemberDetail"),
);

export const MemberPageSchema = z.lazy(() =>
  z.object({ items: z.array(MemberSchema), nextCursor: z.string().nullable() }).openapi("MemberPage"),
);

export const BillingOutcomeSchema = z.lazy(() =>
  z
    .object({
      subscriptionId: z.string().nullable(),
      canceled: z.enum(["now", "already", "none"]).openapi({ description: "now: this call cancelled it; already: it had ended; none: no subscription" }),
      refund: z.object({ id: z.string(), amount: z.number().int(), currency: z.string(), created: z.boolean() }).nullable(),
      error: z.string().nullable().openapi({ description: "Stripe failed; the change stands, and repeating the call finishes the Stripe work" }),
    })
    .openapi("BillingOutcome"),
);

export const ActionResultSchema = z.lazy(() =>
  z
    .object({
      changed: z.boolean().openapi({ description: "False when the change was already made: nothing was written and no money moved" }),
      billing: BillingOutcomeSchema.nullable().openapi({ description: "What happened at Stripe, when the action touched billing" }),
    })
    .openapi("ActionResult"),
);

export const MemberActionResultSchema = z.lazy(() =>
  ActionResultSchema.unwrap().extend({ member: MemberDetailSchema }).openapi("MemberActionResult"),
);

export const AuditEntrySchema = z.lazy(() =>
  z
    .object({
      id: z.string(),
      actor: z.string(),
      action: z.string().openapi({ example: "member.removed" }),
      subject: z.string(),
      reason: z.string(),
      detail: z.record(z.string(), z.unknown()),
      createdAt: timestamp,
    })
    .openapi("AuditEntry"),
);

export const AuditPageSchema = z.lazy(() =>
  z.object({ items: z.array(AuditEntrySchema), nextCursor: z.string().nullable() }).openapi("AuditPage"),
);
