import * as z from "zod/mini";
import { unlazy, extending } from "./openapi";
import { APPLICATION_STATUSES, COMMUNITY_STATUSES, FEE_POLICIES, PAYMENT_STATUSES, PROFILE_ROLES, QUESTION_KINDS, STAFF_ROLES } from "../../drizzle";
import { CURRENCIES } from "../communities/schemas";
import { DECISIONS } from "../review/decisions";
import { lazyFields } from "../lib/lazy-fields";

/** Path, query and response shapes of the JSON API. Request bodies reuse the features' own schemas. */

/** A date-time in the API's answers (shared by every resource's shapes). */
export const timestamp = z.lazy(() =>
  z.iso.datetime().check(z.meta({ example: "2026-05-01T12:00:00.000Z" })),
);
export const nullableTimestamp = z.nullable(timestamp);

/** A path parameter of the API: an id or slug of 1 to 64 characters, named in the document. */
export const pathId = (name: string, example?: string) =>
  z.string().check(z.minLength(1), z.maxLength(64), z.meta({ param: { name, in: "path" }, ...(example === undefined ? {} : { example }) }));

export const SlugParams = z.strictObject(lazyFields({
  slug: () => pathId("slug", "demo"),
}));
export const QuestionParams = z.extend(SlugParams, lazyFields({
  id: () => pathId("id", "q_3k9v2m0c7x1n8b4r5t6y"),
}));
export const ApplicationParams = z.strictObject(lazyFields({
  id: () => pathId("id", "app_3k9v2m0c7x1n8b4r5t6y"),
}));

export const FeeSchema = z.lazy(() =>
  z.object({
    amount: z.number().check(z.int(), z.meta({ description: "In the currency's minor unit (cents); 0 means no fee", example: 2500 })),
    currency: z.enum(CURRENCIES),
    policy: z.enum(FEE_POLICIES),
  }).check(z.meta({ id: "Fee" })),
);

// Built by each of the two question schemas below, on first use.
const questionFields = () => ({
  id: z.string(),
  position: z.number().check(z.int()),
  kind: z.enum(QUESTION_KINDS),
  label: z.string(),
  help: z.string(),
  required: z.boolean(),
  options: z.array(z.string()),
  minLength: z.nullable(z.number().check(z.int())),
  maxLength: z.nullable(z.number().check(z.int())),
  minValue: z.nullable(z.number().check(z.int())),
  maxValue: z.nullable(z.number().check(z.int())),
});

/** What an applicant sees: knockout rules stay private, text limits are the ones enforced. */
export const PublicQuestionSchema = z.lazy(() =>
  z.object(questionFields()).check(z.meta({ id: "PublicQuestion" })),
);

export const QuestionSchema = z.lazy(() =>
  z.object({
    ...questionFields(),
    knockout: z.record(z.string(), z.enum(["reject", "flag"])).check(z.meta({ description: "Choice option -> what answering it does" })),
    profileRole: z.nullable(z.enum(PROFILE_ROLES)).check(z.meta({
      description: "Null: answers never appear on profiles. Otherwise members may choose to show their answer: `shown` (filterable), `interests` (matched when shared), `offers` / `needs` (one's offer matched with another's need)",
    })),
    createdAt: timestamp,
    updatedAt: timestamp,
  }).check(z.meta({ id: "Question" })),
);

export const PublicCommunitySchema = z.lazy(() =>
  z.object({
    slug: z.string(),
    name: z.string(),
    tagline: z.string(),
    description: z.string().check(z.meta({ description: "Markdown" })),
    rules: z.string().check(z.meta({ description: "Markdown" })),
    fee: FeeSchema,
    hostName: z.string().check(z.meta({ description: "Who runs the community; empty when not set" })),
    termsUrl: z.string().check(z.meta({ description: "Terms of membership link; empty when not set" })),
    privacyUrl: z.string().check(z.meta({ description: "Privacy policy link; empty when not set" })),
    contactEmail: z.string().check(z.meta({ description: "Where applicants can ask questions; empty when not set" })),
    reviewDays: z.nullable(z.number().check(z.int())).check(z.meta({ description: "How many days a decision usually takes, as the owner states it" })),
    questions: z.array(PublicQuestionSchema),
  }).check(z.meta({ id: "PublicCommunity" })),
);

export const CommunitySchema = z.lazy(() =>
  z.object({
    id: z.string(),
    slug: z.string(),
    name: z.string(),
    tagline: z.string(),
    description: z.string(),
    rules: z.string(),
    fee: FeeSchema,
    status: z.enum(COMMUNITY_STATUSES).check(z.meta({ description: "A draft is visible only to its staff until an owner publishes it" })),
    publishedAt: z.nullable(timestamp),
    createdAt: timestamp,
    updatedAt: timestamp,
  }).check(z.meta({ id: "Community" })),
);

export const StaffCommunitySchema = z.lazy(() =>
  extending(CommunitySchema, {
    role: z.enum([...STAFF_ROLES, "operator"]).check(z.meta({ description: "The caller's role; operators act as owners everywhere" })),
  }).check(z.meta({ id: "StaffCommunity" })),
);

/** What the submitting applicant gets back: no answers, no internal fields. */
export const ApplicationReceiptSchema = z.lazy(() =>
  z.object({
    id: z.string(),
    name: z.string(),
    email: z.string(),
    status: z.enum(APPLICATION_STATUSES),
    paymentStatus: z.enum(PAYMENT_STATUSES),
    fee: FeeSchema,
    createdAt: timestamp,
    statusUrl: z.url().check(z.meta({ description: "The applicant's private status page; keep it secret" })),
  }).check(z.meta({ id: "ApplicationReceipt" })),
);

export const SubmissionResultSchema = z.lazy(() =>
  z.object({
    application: ApplicationReceiptSchema,
    checkoutUrl: z.nullable(z.url()).check(z.meta({
      description:
        "Where to pay the application fee. Null when nothing is due, or when the payment page could not be opened right now (the status page offers it again).",
    })),
  }).check(z.meta({ id: "SubmissionResult" })),
);

export const ApplicationSchema = z.lazy(() =>
  z.object({
    id: z.string(),
    communityId: z.string(),
    name: z.string(),
    email: z.string(),
    status: z.enum(APPLICATION_STATUSES),
    paymentStatus: z.enum(PAYMENT_STATUSES),
    fee: FeeSchema,
    flagged: z.boolean(),
    flagReasons: z.array(z.string()),
    decisionReason: z.nullable(z.string()),
    decidedBy: z.nullable(z.string()),
    decidedAt: nullableTimestamp,
    paidAt: nullableTimestamp,
    holdExpiresAt: nullableTimestamp,
    rulesAcceptedAt: timestamp,
    createdAt: timestamp,
    updatedAt: timestamp,
    statusUrl: z.url().check(z.meta({ description: "The applicant's status page, e.g. to send them by hand" })),
  }).check(z.meta({ id: "Application" })),
);

/** A `van_westendorp` answer: four prices in the community currency's main unit, in this order. */
export const PriceSensitivitySchema = z.lazy(() =>
  z.object({
    tooCheap: z.number().check(z.meta({ description: "So cheap they would doubt its quality", example: 10 })),
    cheap: z.number().check(z.meta({ description: "A bargain", example: 20 })),
    expensive: z.number().check(z.meta({ description: "Getting expensive, still worth considering", example: 45 })),
    tooExpensive: z.number().check(z.meta({ description: "Too expensive to consider", example: 80 })),
  }).check(z.meta({ id: "PriceSensitivityAnswer" })),
);

export const AnswerSchema = z.lazy(() =>
  z.object({
    questionId: z.string(),
    label: z.string().check(z.meta({ description: "The question as it reads now (archived questions included)" })),
    kind: z.enum(QUESTION_KINDS),
    archived: z.boolean(),
    value: z.union([z.string(), z.number(), z.array(z.string()), PriceSensitivitySchema]),
  }).check(z.meta({ id: "Answer" })),
);

export const NoteSchema = z.lazy(() =>
  z.object({ id: z.string(), authorEmail: z.string(), body: z.string(), createdAt: timestamp }).check(z.meta({ id: "Note" })),
);

export const TimelineEventSchema = z.lazy(() =>
  z.object({
    id: z.string(),
    kind: z.string().check(z.meta({ example: "submitted" })),
    actor: z.string(),
    detail: z.record(z.string(), z.unknown()),
    createdAt: timestamp,
  }).check(z.meta({ id: "TimelineEvent" })),
);

export const ApplicationDetailSchema = z.lazy(() =>
  z.object({
    application: ApplicationSchema,
    answers: z.array(AnswerSchema),
    notes: z.array(NoteSchema).check(z.meta({ description: "Oldest first" })),
    timeline: z.array(TimelineEventSchema).check(z.meta({ description: "Newest first" })),
  }).check(z.meta({ id: "ApplicationDetail" })),
);

const dateOnly = z.lazy(() =>
  z.pipe(z.iso.date("Use a date like 2026-05-01"), z.transform((d) => new Date(`${d}T00:00:00.000Z`))),
);

export const ApplicationListQuery = z.strictObject(lazyFields({
  status: () => z.optional(z.enum(APPLICATION_STATUSES)),
  from: () => z.optional(dateOnly).check(z.meta({ description: "First submission day (UTC), inclusive", example: "2026-05-01" })),
  to: () => z.optional(dateOnly).check(z.meta({ description: "Last submission day (UTC), inclusive", example: "2026-05-31" })),
  flagged: () => z.optional(z.pipe(z.enum(["true", "false"], { error: "Use true or false" }), z.transform((v) => v === "true"))),
  q: () => z.optional(z.string().check(z.trim(), z.maxLength(100, "Search must be at most 100 characters"))).check(z.meta({ description: "Matches name or email" })),
  limit: () => z.optional(z.coerce.number({ error: "Limit must be a number" }).check(z.int("Limit must be a whole number"), z.gte(1), z.lte(200))),
  cursor: () => z.optional(z.string().check(z.maxLength(100))).check(z.meta({ description: "`nextCursor` from the previous page" })),
}));

export const ApplicationPageSchema = z.lazy(() =>
  z.object({ items: z.array(ApplicationSchema), nextCursor: z.nullable(z.string()) }).check(z.meta({ id: "ApplicationPage" })),
);

const reason = z.lazy(() =>
  z.nullish(z.string().check(z.maxLength(2000, "Reason must be at most 2,000 characters"))),
);

export const DecisionBody = z.lazy(() =>
  z.strictObject({
    decision: z.enum(DECISIONS, { error: `Decision must be one of ${DECISIONS.join(", ")}` }),
    reason: unlazy(reason).check(z.meta({ description: "Shown to the applicant in the decision email" })),
  }).check(z.meta({ id: "DecisionRequest" })),
);

export const DecisionResultSchema = z.lazy(() =>
  z.object({
    application: ApplicationSchema,
    changed: z.boolean().check(z.meta({ description: "False when the application already had this decision: nothing moved" })),
  }).check(z.meta({ id: "DecisionResult" })),
);

export const BulkDecisionBody = z.lazy(() =>
  z.strictObject({
    ids: z.array(z.string().check(z.minLength(1), z.maxLength(64))).check(z.minLength(1, "Name at least one application"), z.maxLength(100, "At most 100 applications at once")),
    decision: z.enum(DECISIONS, { error: `Decision must be one of ${DECISIONS.join(", ")}` }),
    reason,
  }).check(z.meta({ id: "BulkDecisionRequest" })),
);

export const BulkDecisionResultSchema = z.lazy(() =>
  z.object({
    results: z.array(
      z.object({
        id: z.string(),
        ok: z.boolean(),
        status: z.optional(z.enum(APPLICATION_STATUSES)),
        changed: z.optional(z.boolean()).check(z.meta({ description: "False when the application already had this decision" })),
        error: z.optional(z.string()).check(z.meta({ description: "Why this one was not decided" })),
      }),
    ),
  }).check(z.meta({ id: "BulkDecisionResult" })),
);

export const NoteBody = z.lazy(() =>
  z.strictObject({ body: z.string().check(z.trim(), z.minLength(1, "A note cannot be empty"), z.maxLength(5000, "A note must be at most 5,000 characters")) }).check(z.meta({ id: "NoteRequest" })),
);
