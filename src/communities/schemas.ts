// From the OpenAPI build of zod, so the API can document these schemas whatever the import order.
import { z } from "@hono/zod-openapi";
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
    z.url({ protocol: /^https?$/, error: `${what} must be a web address starting with https://` }).max(500, `${what} must be at most 500 characters`),
  ]);
}

export const communityFields = lazyFields({
  name: () => z.string().trim().min(2, "Name must be at least 2 characters").max(80, "Name must be at most 80 characters"),
  tagline: () => z.string().trim().max(160, "Tagline must be at most 160 characters"),
  description: () => z.string().max(20_000, "Description must be at most 20,000 characters"),
  rules: () => z.string().max(20_000, "Rules must be at most 20,000 characters"),
  feeAmount: () => z
    .number({ error: "Fee must be a whole number of cents" })
    .int("Fee must be a whole number of cents")
    .min(0, "Fee cannot be negative")
    .max(MAX_FEE_MINOR, "Fee is too large"),
  currency: () => z.enum(CURRENCIES, { error: `Currency must be one of ${CURRENCIES.join(", ")}` }),
  feePolicy: () => z.enum(FEE_POLICIES, { error: `Fee policy must be one of ${FEE_POLICIES.join(", ")}` }),
  hostName: () => z.string().trim().max(120, "Host must be at most 120 characters"),
  termsUrl: () => publicLink("Terms"),
  privacyUrl: () => publicLink("Privacy policy"),
  contactEmail: () => z.union([z.literal(""), z.email("Contact must be an email address").max(254, "Contact must be at most 254 characters")]),
  reviewDays: () => z
    .number({ error: "Review time must be a whole number of days" })
    .int("Review time must be a whole number of days")
    .min(1, "Review time must be at least 1 day")
    .max(90, "Review time must be at most 90 days")
    .nullable(),
});

export const communityUpdateSchema = z.lazy(() =>
  z.strictObject({
    name: communityFields.name.optional(),
    tagline: communityFields.tagline.optional(),
    description: communityFields.description.optional(),
    rules: communityFields.rules.optional(),
    feeAmount: communityFields.feeAmount.optional(),
    currency: communityFields.currency.optional(),
    feePolicy: communityFields.feePolicy.optional(),
    hostName: communityFields.hostName.optional(),
    termsUrl: communityFields.termsUrl.optional(),
    privacyUrl: communityFields.privacyUrl.optional(),
    contactEmail: communityFields.contactEmail.optional(),
    reviewDays: communityFields.reviewDays.optional(),
  }),
);
export type CommunityUpdate = z.infer<typeof communityUpdateSchema>;

export const communityCreateSchema = z.lazy(() =>
  z.strictObject({
    slug: z.string().regex(SLUG_PATTERN, "Slug must be 3-48 lower-case letters, digits or dashes"),
    name: communityFields.name,
    tagline: communityFields.tagline.default(""),
    description: communityFields.description.default(""),
    rules: communityFields.rules.default(""),
    feeAmount: communityFields.feeAmount.default(0),
    currency: communityFields.currency.default("usd"),
    feePolicy: communityFields.feePolicy.default("non_refundable"),
    owners: z.array(z.email("Each owner must be an email address")).min(1, "Name at least one owner"),
  }),
);
export type CommunityCreate = z.infer<typeof communityCreateSchema>;

const questionBase = z.lazy(() =>
  z.strictObject({
    kind: z.enum(QUESTION_KINDS, { error: `Kind must be one of ${QUESTION_KINDS.join(", ")}` }),
    label: z.string().trim().min(1, "Label is required").max(300, "Label must be at most 300 characters"),
    help: z.string().max(1000, "Help must be at most 1,000 characters").default(""),
    required: z.boolean().default(false),
    options: z.array(z.string().trim().min(1, "Options cannot be empty").max(120, "Options must be at most 120 characters")).max(30, "At most 30 options").default([]),
    minLength: z.number().int().min(0).max(20_000).nullable().default(null),
    maxLength: z.number().int().min(1).max(20_000).nullable().default(null),
    minValue: z.number().int().nullable().default(null),
    maxValue: z.number().int().nullable().default(null),
    knockout: z.record(z.string(), z.enum(["reject", "flag"])).default({}),
    profileRole: z.enum(PROFILE_ROLES, { error: `Profile role must be one of ${PROFILE_ROLES.join(", ")}, or null` }).nullable().default(null),
    position: z.number().int().min(0).optional(),
  }),
);

/** Kinds whose answers can sit on a profile: emails are private, prices are about money, links have their own field. */
export const PROFILE_KINDS = ["short_text", "long_text", "single_choice", "multi_choice", "number"] as const;

/** Rules that span fields: choices need options, limits must be ordered, knockouts name real options. */
export const questionSchema = questionBase.superRefine((q, ctx) => {
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
});
export type QuestionInput = z.infer<typeof questionSchema>;
