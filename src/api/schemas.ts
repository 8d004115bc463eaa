import { z } from "@hono/zod-openapi";
import { APPLICATION_STATUSES, COMMUNITY_STATUSES, FEE_POLICIES, PAYMENT_STATUSES, PROFILE_ROLES, QUESTION_KINDS, STAFF_ROLES } from "../../drizzle";
import { CURRENCIES } from "../communities/schemas";
import { DECISIONS } from "../review/decisions";
import { lazyFields } from "../lib/lazy-fields";

/** Path, query and response shapes of the JSON API. Request bodies reuse the features' own schemas. */

/** A date-time in the API's answers (shared by every resource's shapes). */
export const timestamp = z.lazy(() =>
  z.iso.datetime().openapi({ example: "2026-05-01T12:00:00.000Z" }),
);
export const nullableTimestamp = timestamp.nullable();

export const SlugParams = z.strictObject(lazyFields({
  slug: () => z.string().min(1).max(64).openapi({ param: { name: "slug", in: "path" }, example: "demo" }),
}));
export const QuestionParams = SlugParams.extend(lazyFields({
  id: () => z.string().min(1).max(64).openapi({ param: { name: "id", in: "path" }, example: "q_3k9v2m0c7x1n8b4r5t6y" }),
}));
export const ApplicationParams = z.strictObject(lazyFields({
  id: () => z.string().min(1).max(64).openapi({ param: { name: "id", in: "path" }, example: "app_3k9v2m0c7x1n8b4r5t6y" }),
}));

export const FeeSchema = z.lazy(() =>
  z
    .object({
      amount: z.number().int().openapi({ description: "In the currency's minor unit (cents); 0 means no fee", example: 2500 }),
      currency: z.enum(CURRENCIES),
      policy: z.enum(FEE_POLICIES),
    })
    .openapi("Fee"),
);

// Built by each of the two question schemas below, on first use.
const questionFields = () => ({
  id: z.string(),
  position: z.number().int(),
  kind: z.enum(QUESTION_KINDS),
  label: z.string(),
  help: z.string(),
  required: z.boolean(),
  options: z.array(z.string()),
  minLength: z.number().int().nullable(),
  maxLength: z.number().int().nullable(),
  minValue: z.number().int().nullable(),
  maxValue: z.number().int().nullable(),
});

/** What an applicant sees: knockout rules stay private, text limits are the ones enforced. */
export const PublicQuestionSchema = z.lazy(() =>
  z.object(questionFields()).openapi("PublicQuestion"),
);

export const QuestionSchema = z.lazy(() =>
  z
    .object({
      ...questionFields(),
      knockout: z.record(z.string(), z.enum(["reject", "flag"])).openapi({ description: "Choice option -> what answering it does" }),
      profileRole: z.enum(PROFILE_ROLES).nullable().openapi({
        description: "Null: answers never appear on profiles. Otherwise members may choose to show their answer: `shown` (filterable), `interests` (matched when shared), `offers` / `needs` (one's offer matched with another's need)",
      }),
      createdAt: timestamp,
      updatedAt: timestamp,
    })
    .openapi("Question"),
);

export const PublicCommunitySchema = z.lazy(() =>
  z
    .object({
      slug: z.string(),
      name: z.string(),
      tagline: z.string(),
      description: z.string().openapi({ description: "Markdown" }),
      rules: z.string().openapi({ description: "Markdown" }),
      fee: FeeSchema,
      hostName: z.string().openapi({ description: "Who runs the community; empty when not set" }),
      termsUrl: z.string().openapi({ description: "Terms of membership link; empty when not set" }),
      privacyUrl: z.string().openapi({ description: "Privacy policy link; empty when not set" }),
      contactEmail: z.string().openapi({ description: "Where applicants can ask questions; empty when not set" }),
      reviewDays: z.number().int().nullable().openapi({ description: "How many days a decision usually takes, as the owner states it" }),
      questions: z.array(PublicQuestionSchema),
    })
    .openapi("PublicCommunity"),
);

export const CommunitySchema = z.lazy(() =>
  z
    .object({
      id: z.string(),
      slug: z.string(),
      name: z.string(),
      tagline: z.string(),
      description: z.string(),
      rules: z.string(),
      fee: FeeSchema,
      status: z.enum(COMMUNITY_STATUSES).openapi({ description: "A draft is visible only to its staff until an owner publishes it" }),
      publishedAt: timestamp.nullable(),
      createdAt: timestamp,
      updatedAt: timestamp,
    })
    .openapi("Community"),
);

export const StaffCommunitySchema = z.lazy(() =>
  CommunitySchema.unwrap().extend({
    role: z.enum([...STAFF_ROLES, "operator"]).openapi({ description: "The caller's role; operators act as owners everywhere" }),
  }).openapi("StaffCommunity"),
);

/** What the submitting applicant gets back: no answers, no internal fields. */
export const ApplicationReceiptSchema = z.lazy(() =>
  z
    .object({
      id: z.string(),
      name: z.string(),
      email: z.string(),
      status: z.enum(APPLICATION_STATUSES),
      paymentStatus: z.enum(PAYMENT_STATUSES),
      fee: FeeSchema,
      createdAt: timestamp,
      statusUrl: z.url().openapi({ description: "The applicant's private status page; keep it secret" }),
    })
    .openapi("ApplicationReceipt"),
);

export const SubmissionResultSchema = z.lazy(() =>
  z
    .object({
      application: ApplicationReceiptSchema,
      checkoutUrl: z.url().nullable().openapi({
        description:
          "Where to pay the application fee. Null when nothing is due, or when the payment page could not be opened right now (the status page offers it again).",
      }),
    })
    .openapi("SubmissionResult"),
);

export const ApplicationSchema = z.lazy(() =>
  z
    .object({
      id: z.string(),
      communityId: z.string(),
      name: z.string(),
      email: z.string(),
      status: z.enum(APPLICATION_STATUSES),
      paymentStatus: z.enum(PAYMENT_STATUSES),
      fee: FeeSchema,
      flagged: z.boolean(),
      flagReasons: z.array(z.string()),
      decisionReason: z.string().nullable(),
      decidedBy: z.string().nullable(),
      decidedAt: nullableTimestamp,
      paidAt: nullableTimestamp,
      holdExpiresAt: nullableTimestamp,
      rulesAcceptedAt: timestamp,
      createdAt: timestamp,
      updatedAt: timestamp,
      statusUrl: z.url().openapi({ description: "The applicant's status page, e.g. to send them by hand" }),
    })
    .openapi("Application"),
);

/** A `van_westendorp` answer: four prices in the community currency's main unit, in this order. */
export const PriceSensitivitySchema = z.lazy(() =>
  z
    .object({
      tooCheap: z.number().openapi({ description: "So cheap they would doubt its quality", example: 10 }),
      cheap: z.number().openapi({ description: "A bargain", example: 20 }),
      expensive: z.number().openapi({ description: "Getting expensive, still worth considering", example: 45 }),
      tooExpensive: z.number().openapi({ description: "Too expensive to consider", example: 80 }),
    })
    .openapi("PriceSensitivityAnswer"),
);

export const AnswerSchema = z.lazy(() =>
  z
    .object({
      questionId: z.string(),
      label: z.string().openapi({ description: "The question as it reads now (archived questions included)" }),
      kind: z.enum(QUESTION_KINDS),
      archived: z.boolean(),
      value: z.union([z.string(), z.number(), z.array(z.string()), PriceSensitivitySchema]),
    })
    .openapi("Answer"),
);

export const NoteSchema = z.lazy(() =>
  z
    .object({ id: z.string(), authorEmail: z.string(), body: z.string(), createdAt: timestamp })
    .openapi("Note"),
);

export const TimelineEventSchema = z.lazy(() =>
  z
    .object({
      id: z.string(),
      kind: z.string().openapi({ example: "submitted" }),
      actor: z.string(),
      detail: z.record(z.string(), z.unknown()),
      createdAt: timestamp,
    })
    .openapi("TimelineEvent"),
);

export const ApplicationDetailSchema = z.lazy(() =>
  z
    .object({
      application: ApplicationSchema,
      answers: z.array(AnswerSchema),
      notes: z.array(NoteSchema).openapi({ description: "Oldest first" }),
      timeline: z.array(TimelineEventSchema).openapi({ description: "Newest first" }),
    })
    .openapi("ApplicationDetail"),
);

const dateOnly = z.lazy(() =>
  z.iso.date("Use a date like 2026-05-01").transform((d) => new Date(`${d}T00:00:00.000Z`)),
);

export const ApplicationListQuery = z.strictObject(lazyFields({
  status: () => z.enum(APPLICATION_STATUSES).optional(),
  from: () => dateOnly.optional().openapi({ description: "First submission day (UTC), inclusive", example: "2026-05-01" }),
  to: () => dateOnly.optional().openapi({ description: "Last submission day (UTC), inclusive", example: "2026-05-31" }),
  flagged: () => z.enum(["true", "false"], { error: "Use true or false" }).transform((v) => v === "true").optional(),
  q: () => z.string().trim().max(100, "Search must be at most 100 characters").optional().openapi({ description: "Matches name or email" }),
  limit: () => z.coerce.number({ error: "Limit must be a number" }).int("Limit must be a whole number").min(1).max(200).optional(),
  cursor: () => z.string().max(100).optional().openapi({ description: "`nextCursor` from the previous page" }),
}));

export const ApplicationPageSchema = z.lazy(() =>
  z
    .object({ items: z.array(ApplicationSchema), nextCursor: z.string().nullable() })
    .openapi("ApplicationPage"),
);

const reason = z.lazy(() =>
  z.string().max(2000, "Reason must be at most 2,000 characters").nullish(),
);

export const DecisionBody = z.lazy(() =>
  z
    .strictObject({
      decision: z.enum(DECISIONS, { error: `Decision must be one of ${DECISIONS.join(", ")}` }),
      reason: reason.unwrap().openapi({ description: "Shown to the applicant in the decision email" }),
    })
    .openapi("DecisionRequest"),
);

export const DecisionResultSchema = z.lazy(() =>
  z
    .object({
      application: ApplicationSchema,
      changed: z.boolean().openapi({ description: "False when the application already had this decision: nothing moved" }),
    })
    .openapi("DecisionResult"),
);

export const BulkDecisionBody = z.lazy(() =>
  z
    .strictObject({
      ids: z.array(z.string().min(1).max(64)).min(1, "Name at least one application").max(100, "At most 100 applications at once"),
      decision: z.enum(DECISIONS, { error: `Decision must be one of ${DECISIONS.join(", ")}` }),
      reason,
    })
    .openapi("BulkDecisionRequest"),
);

export const BulkDecisionResultSchema = z.lazy(() =>
  z
    .object({
      results: z.array(
        z.object({
          id: z.string(),
          ok: z.boolean(),
          status: z.enum(APPLICATION_STATUSES).optional(),
          changed: z.boolean().optional().openapi({ description: "False when the application already had this decision" }),
          error: z.string().optional().openapi({ description: "Why this one was not decided" }),
        }),
      ),
    })
    .openapi("BulkDecisionResult"),
);

export const NoteBody = z.lazy(() =>
  z
    .strictObject({ body: z.string().trim().min(1, "A note cannot be empty").max(5000, "A note must be at most 5,000 characters") })
    .openapi("NoteRequest"),
);
