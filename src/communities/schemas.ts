import * as z from "zod/mini";
import "../lib/zod-messages";
import { FEE_POLICIES, PROFILE_ROLES, QUESTION_KINDS } from "../../drizzle";
import { lazyFields } from "../lib/lazy-fields";
// Object schemas are built on first use (z.lazy), and field schemas too (lazyFields), not while a
// new isolate starts: README, "Cold start".

/** Validation for communities and questions, shared by the owner pages and the JSON API. */
export const SLUG_PATTERN = /^[a-z0-9](?:[a-z0-9-]{1,46}[a-z0-9])$/;
export const CURRENCIES = ["usd", "eur", "gbp", "cad", "aud", "chf", "sek", "nok", "dkk", "jpy", "pln", "czk", "huf"] as const;
/** Stripe's ceiling for one charge is far higher; this guards against typos like an extra zero. */
export const MAX_FEE_MINOR = 1_000_000;

/** A link shown to applicants: https (or http) only, so no `javascript:` ever reaches an href; "" for none. */
function publicLink(what: string) {
  return z.union([
    z.literal(""),
    z.url({ protocol: /^https?$/, error: `${what} must be a web address starting with https://` }).check(z.maxLength(500, `${what} must be at most 500 characters`)),
  ]);
}

export const communityFields = lazyFields({
  name: () => z.string().check(z.trim(), z.minLength(2, "Name must be at least 2 characters"), z.maxLength(80, "Name must be at most 80 characters")),
  tagline: () => z.string().check(z.trim(), z.maxLength(160, "Tagline must be at most 160 characters")),
  description: () => z.string().check(z.maxLength(20_000, "Description must be at most 20,000 characters")),
  rules: () => z.string().check(z.maxLength(20_000, "Rules must be at most 20,000 characters")),
  feeAmount: () => z.number({ error: "Fee must be a whole number of cents" }).check(z.int("Fee must be a whole number of cents"), z.gte(0, "Fee cannot be negative"), z.lte(MAX_FEE_MINOR, "Fee is too large")),
  currency: () => z.enum(CURRENCIES, { error: `Currency must be one of ${CURRENCIES.join(", ")}` }),
  feePolicy: () => z.enum(FEE_POLICIES, { error: `Fee policy must be one of ${FEE_POLICIES.join(", ")}` }),
  hostName: () => z.string().check(z.trim(), z.maxLength(120, "Host must be at most 120 characters")),
  termsUrl: () => publicLink("Terms"),
  privacyUrl: () => publicLink("Privacy policy"),
  contactEmail: () => z.union([z.literal(""), z.email("Contact must be an email address").check(z.maxLength(254, "Contact must be at most 254 characters"))]),
  reviewDays: () => z.nullable(z.number({ error: "Review time must be a whole number of days" }).check(z.int("Review time must be a whole number of days"), z.gte(1, "Review time must be at least 1 day"), z.lte(90, "Review time must be at most 90 days"))),
});

export const communityUpdateSchema = z.lazy(() =>
  z.strictObject({
    name: z.optional(communityFields.name),
    tagline: z.optional(communityFields.tagline),
    description: z.optional(communityFields.description),
    rules: z.optional(communityFields.rules),
    feeAmount: z.optional(communityFields.feeAmount),
    currency: z.optional(communityFields.currency),
    feePolicy: z.optional(communityFields.feePolicy),
    hostName: z.optional(communityFields.hostName),
    termsUrl: z.optional(communityFields.termsUrl),
    privacyUrl: z.optional(communityFields.privacyUrl),
    contactEmail: z.optional(communityFields.contactEmail),
    reviewDays: z.optional(communityFields.reviewDays),
  }),
);
export type CommunityUpdate = z.infer<typeof communityUpdateSchema>;

export const communityCreateSchema = z.lazy(() =>
  z.strictObject({
    slug: z.string().check(z.regex(SLUG_PATTERN, "Slug must be 3-48 lower-case letters, digits or dashes")),
    name: communityFields.name,
    tagline: z._default(communityFields.tagline, ""),
    description: z._default(communityFields.description, ""),
    rules: z._default(communityFields.rules, ""),
    feeAmount: z._default(communityFields.feeAmount, 0),
    currency: z._default(communityFields.currency, "usd"),
    feePolicy: z._default(communityFields.feePolicy, "non_refundable"),
    owners: z.array(z.email("Each owner must be an email address")).check(z.minLength(1, "Name at least one owner")),
  }),
);
export type CommunityCreate = z.infer<typeof communityCreateSchema>;

const questionBase = z.lazy(() =>
  z.strictObject({
    kind: z.enum(QUESTION_KINDS, { error: `Kind must be one of ${QUESTION_KINDS.join(", ")}` }),
    label: z.string().check(z.trim(), z.minLength(1, "Label is required"), z.maxLength(300, "Label must be at most 300 characters")),
    help: z._default(z.string().check(z.maxLength(1000, "Help must be at most 1,000 characters")), ""),
    required: z._default(z.boolean(), false),
    options: z._default(z.array(z.string().check(z.trim(), z.minLength(1, "Options cannot be empty"), z.maxLength(120, "Options must be at most 120 characters"))).check(z.maxLength(30, "At most 30 options")), []),
    minLength: z._default(z.nullable(z.number().check(z.int(), z.gte(0), z.lte(20_000))), null),
    maxLength: z._default(z.nullable(z.number().check(z.int(), z.gte(1), z.lte(20_000))), null),
    minValue: z._default(z.nullable(z.number().check(z.int())), null),
    maxValue: z._default(z.nullable(z.number().check(z.int())), null),
    knockout: z._default(z.record(z.string(), z.enum(["reject", "flag"])), {}),
    profileRole: z._default(z.nullable(z.enum(PROFILE_ROLES, { error: `Profile role must be one of ${PROFILE_ROLES.join(", ")}, or null` })), null),
    position: z.optional(z.number().check(z.int(), z.gte(0))),
  }),
);

/** Kinds whose answers can sit on a profile: emails are private, prices are about money, links have their own field. */
export const PROFILE_KINDS = ["short_text", "long_text", "single_choice", "multi_choice", "number"] as const;

/** Rules that span fields: choices need options, limits must be ordered, knockouts name real options. */
export const questionSchema = questionBase.check(z.superRefine((q, ctx) => {
  const isChoice = q.kind === "single_choice" || q.kind === "multi_choice";
  if (isChoice && q.options.length < 2) ctx.addIssue({ code: "custom", path: ["options"], message: "Choice questions need at least 2 options" });
  if (new Set(q.options).size !== q.options.length) ctx.addIssue({ code: "custom", path: ["options"], message: "Options must be distinct" });
  if (!isChoice && Object.keys(q.knockout).length) ctx.addIssue({ code: "custom", path: ["knockout"], message: "Knockout rules apply to choice questions only" });
  for (const option of Object.keys(q.knockout)) {
    if (!q.options.includes(option)) ctx.addIssue({ code: "custom", path: ["knockout"], message: `Knockout names an unknown option: ${option}` });
  }
  if (q.minLength != null && q.maxLength != null && q.minLength > q.maxLength) ctx.addIssue({ code: "custom", path: ["minLength"], message: "Minimum length is above the maximum" });
  if (q.minValue != null && q.maxValue != null && q.minValue > q.maxValue) ctx.addIssue({ code: "custom", path: ["minValue"], message: "Minimum is above the maximum" });
  if (q.profileRole && !(PROFILE_KINDS as readonly string[]).includes(q.kind)) {
    ctx.addIssue({ code: "custom", path: ["profileRole"], message: "Only text, choice and number answers can appear on member profiles" });
  }
}));
export type QuestionInput = z.infer<typeof questionSchema>;
