import * as z from "zod/mini";
import { extending } from "./openapi";
import { BILLING_INTERVALS, MEMBERSHIP_STATUSES, STAFF_ROLES } from "../../drizzle";
import { CURRENCIES } from "../communities/schemas";
import { MAX_REASON } from "../members/guards";
import { SlugParams, timestamp, nullableTimestamp, pathId } from "./schemas";
import { lazyFields } from "../lib/lazy-fields";

/** Shapes of the member management endpoints (owners act, staff read). */

export const MemberParams = z.extend(SlugParams, lazyFields({
  id: () => pathId("id", "mem_3k9v2m0c7x1n8b4r5t6y"),
}));
export const BanParams = z.extend(SlugParams, lazyFields({
  email: () => z.string().check(z.minLength(3), z.maxLength(254), z.meta({ param: { name: "email", in: "path" }, example: "troll@example.com" })),
}));

// Fields of the bodies and queries below, each built on first use.
const field = lazyFields({
  reason: () =>
    z.string({ error: "Give a reason for this action" }).check(z.trim(), z.minLength(1, "Give a reason for this action"), z.maxLength(MAX_REASON, `Keep the reason under ${MAX_REASON} characters`), z.meta({ description: "Why; kept in the audit log" })),
  email: () =>
    z.pipe(z.string({ error: "Enter an email address like name@example.com" }).check(z.trim(), z.toLowerCase()), z.email("Enter an email address like name@example.com")),
  limit: () => z.optional(z.coerce.number({ error: "Limit must be a number" }).check(z.int("Limit must be a whole number"), z.gte(1), z.lte(200))),
  cursor: () => z.optional(z.string().check(z.maxLength(100))).check(z.meta({ description: "`nextCursor` from the previous page" })),
});

export const MemberListQuery = z.strictObject(lazyFields({
  tierId: () => z.optional(z.string().check(z.trim(), z.maxLength(64))),
  status: () => z.optional(z.enum(MEMBERSHIP_STATUSES)),
  q: () => z.optional(z.string().check(z.trim(), z.maxLength(100, "Search must be at most 100 characters"))).check(z.meta({ description: "Part of an email address" })),
  limit: () => field.limit,
  cursor: () => field.cursor,
}));

export const AuditQuery = z.strictObject(lazyFields({ limit: () => field.limit, cursor: () => field.cursor }));

export const RemoveBody = z.lazy(() =>
  z.strictObject({
    reason: field.reason,
    refund: z._default(z.boolean({ error: "Refund must be true or false" }), false).check(z.meta({ description: "Refund the payment of the current period" })),
  }).check(z.meta({ id: "RemoveMemberRequest" })),
);

export const MoveBody = z.lazy(() =>
  z.strictObject({
    tierId: z.string({ error: "Choose a tier" }).check(z.trim(), z.minLength(1, "Choose a tier"), z.maxLength(64)),
    mode: z.enum(["comped", "paid"], { error: "Choose comped or paid" }).check(z.meta({
      description: "comped: free, any subscription is cancelled at once; paid: the subscription switches to the tier's current price of the same interval, prorated",
    })),
    reason: field.reason,
  }).check(z.meta({ id: "MoveMemberRequest" })),
);

export const EmailReasonBody = z.lazy(() =>
  z.strictObject({ email: field.email, reason: field.reason }).check(z.meta({ id: "EmailReasonRequest" })),
);

/** A DELETE may carry the reason in a JSON body or, for clients that cannot send one, in the query. */
export const UnbanBody = z.lazy(() =>
  z.strictObject({ reason: z.optional(field.reason) }).check(z.meta({ id: "UnbanRequest" })),
);
export const UnbanQuery = z.strictObject(lazyFields({ reason: () => z.optional(field.reason) }));

const priceSchema = z.lazy(() =>
  z.object({ id: z.string(), interval: z.enum(BILLING_INTERVALS), amount: z.number().check(z.int()), currency: z.enum(CURRENCIES) }).check(z.meta({ id: "MemberPrice", description: "The price this member pays: the one they joined at unless migrated (grandfathering)" })),
);

export const MemberSchema = z.lazy(() =>
  z.object({
    id: z.string(),
    email: z.string(),
    status: z.enum(MEMBERSHIP_STATUSES),
    comped: z.boolean(),
    tier: z.object({ id: z.string(), name: z.string(), rank: z.number().check(z.int()) }),
    price: z.nullable(priceSchema).check(z.meta({ description: "Null when comped" })),
    currentPeriodEnd: nullableTimestamp,
    cancelAtPeriodEnd: z.boolean(),
    pastDueSince: nullableTimestamp,
    pendingPriceAt: nullableTimestamp.check(z.meta({ description: "When a scheduled price migration takes effect" })),
    joinedAt: nullableTimestamp,
    endedAt: nullableTimestamp,
    endedReason: z.nullable(z.string()),
    createdAt: timestamp,
    updatedAt: timestamp,
  }).check(z.meta({ id: "Member" })),
);

export const MemberDetailSchema = z.lazy(() =>
  extending(MemberSchema, {
    staffRole: z.nullable(z.enum(STAFF_ROLES)),
    banned: z.boolean(),
  }).check(z.meta({ id: "MemberDetail" })),
);

export const MemberPageSchema = z.lazy(() =>
  z.object({ items: z.array(MemberSchema), nextCursor: z.nullable(z.string()) }).check(z.meta({ id: "MemberPage" })),
);

export const BillingOutcomeSchema = z.lazy(() =>
  z.object({
    subscriptionId: z.nullable(z.string()),
    canceled: z.enum(["now", "already", "none"]).check(z.meta({ description: "now: this call cancelled it; already: it had ended; none: no subscription" })),
    refund: z.nullable(z.object({ id: z.string(), amount: z.number().check(z.int()), currency: z.string(), created: z.boolean() })),
    error: z.nullable(z.string()).check(z.meta({ description: "Stripe failed; the change stands, and repeating the call finishes the Stripe work" })),
  }).check(z.meta({ id: "BillingOutcome" })),
);

export const ActionResultSchema = z.lazy(() =>
  z.object({
    changed: z.boolean().check(z.meta({ description: "False when the change was already made: nothing was written and no money moved" })),
    billing: z.nullable(BillingOutcomeSchema).check(z.meta({ description: "What happened at Stripe, when the action touched billing" })),
  }).check(z.meta({ id: "ActionResult" })),
);

export const MemberActionResultSchema = z.lazy(() =>
  extending(ActionResultSchema, { member: MemberDetailSchema }).check(z.meta({ id: "MemberActionResult" })),
);

export const AuditEntrySchema = z.lazy(() =>
  z.object({
    id: z.string(),
    actor: z.string(),
    action: z.string().check(z.meta({ example: "member.removed" })),
    subject: z.string(),
    reason: z.string(),
    detail: z.record(z.string(), z.unknown()),
    createdAt: timestamp,
  }).check(z.meta({ id: "AuditEntry" })),
);

export const AuditPageSchema = z.lazy(() =>
  z.object({ items: z.array(AuditEntrySchema), nextCursor: z.nullable(z.string()) }).check(z.meta({ id: "AuditPage" })),
);
