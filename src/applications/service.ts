import { and, desc, eq, inArray, type SQLWrapper } from "drizzle-orm";
import { applicationEvents, applications, communities, OPEN_STATUSES, questions, type Application, type Community, type Question } from "../../drizzle";
import { questionsQuery } from "../communities/service";
import { banQuery } from "../members/bans";
import type { Deps } from "../env";
import { idIs, type BatchItem, type Db } from "../lib/db";
import { AppError, type FieldIssue } from "../lib/errors";
import { newId, newSecretToken } from "../lib/ids";
import { enforceRateLimits, rateLimitCounts, type RateRuleName } from "../lib/rate-limit";
import { evaluateKnockouts, validateAnswers } from "./answers";
import { groupStatusQueries } from "./group-terms";
import { draftApplicationEmail, sendApplicationEmail } from "./emails";
import { timelineEntry } from "./events";
import type { ApplicationSubmit } from "./schemas";

export const KNOCKOUT_REJECTION =
  "Thank you for applying. Based on your answers this community is not the right fit, so your application was closed and nothing was charged.";

export class DuplicateApplicationError extends AppError {
  constructor() {
    super(409, "conflict", "You already have an open application to this community. We have emailed you its status link again.", [
      { field: "email", message: "Already has an open application" },
    ]);
  }
}

/**
 * Validates and stores an application. Knockout answers that reject close it at once, before any
 * fee is asked; a zero fee goes straight to review. Nothing is written when anything is invalid,
 * nor for a banned email.
 */
export async function submitApplication(
  deps: Deps,
  community: Community,
  input: ApplicationSubmit,
  /** The fee this visitor was shown, when a price experiment set it. */
  pricing?: SubmissionPricing,
): Promise<Application> {
  // The ban, the questions and an open application to the same address, in one round trip.
  const [banned, open, questions] = await deps.db.batch([...submitCheckQueries(deps.db, community.id, input.email), questionsQuery(deps.db, community.id)]);
  return submitChecked(deps, community, input, pricing, { banned: banned.length > 0, questions, open: open[0] });
}

export interface SubmissionPricing {
  feeAmount: number;
  variantId: string | null;
  visitorId: string | null;
}

/** What a submission is checked against, read before it (in the caller's batch). */
export interface SubmitChecks {
  banned: boolean;
  questions: Question[];
  /** An open application from the same address, if any. */
  open: Application | undefined;
}

/** The ban and open-application checks for an address, keyed by the community's id or a subquery for it. */
export function submitCheckQueries(db: Db, communityId: string | SQLWrapper, email: string) {
  return [banQuery(db, communityId, email), openApplicationQuery(db, communityId, email)] as const;
}

/**
 * `submitApplication` once its checks are read: the application, its timeline, its email and
 * `also` (the caller's writes that belong with it, such as a price test's assignment) are written
 * in one batch, so either all of them are or none.
 */
export async function submitChecked(
  deps: Deps,
  community: Community,
  input: ApplicationSubmit,
  pricing: SubmissionPricing | undefined,
  checks: SubmitChecks,
  /** The caller's writes, or a function making them for the new application's id. */
  also: BatchItem[] | ((application: Application) => BatchItem[]) = [],
): Promise<Application> {
  // A banned email is refused before anything is written or sent.
  if (checks.banned) throw new AppError(403, "forbidden", "This email cannot apply to this community");
  const { answers, issues } = validateAnswers(checks.questions, input.answers);
  if (issues.length) throw AppError.validation(issues, describeIssues(issues));

  if (checks.open) {
    await sendApplicationEmail(deps, community, checks.open, "status_link");
    throw new DuplicateApplicationError();
  }

  const knockouts = evaluateKnockouts(checks.questions, answers);
  const now = deps.now();
  const rejected = knockouts.reject.length > 0;
  const feeAmount = pricing?.feeAmount ?? community.feeAmount;
  const free = feeAmount === 0;
  const application: Application = {
    id: newId("app"),
    communityId: community.id,
    email: input.email,
    name: input.name,
    status: rejected ? "rejected" : free ? "under_review" : "awaiting_payment",
    answers,
    rulesAcceptedAt: now,
    feeAmount,
    currency: community.currency,
    feePolicy: community.feePolicy,
    paymentStatus: rejected || free ? "none" : "unpaid",
    statusToken: newSecretToken(),
    checkoutSessionId: null,
    checkoutAttempts: 0,
    paymentIntentId: null,
    paidAt: null,
    holdExpiresAt: null,
    holdWarnedAt: null,
    flagged: knockouts.flag.length > 0,
    flagReasons: knockouts.flag,
    decisionReason: rejected ? KNOCKOUT_REJECTION : null,
    decidedBy: rejected ? "knockout rule" : null,
    decidedAt: rejected ? now : null,
    decisionId: null,
    experimentVariantId: pricing?.variantId ?? null,
    visitorId: pricing?.visitorId ?? null,
    createdAt: now,
    updatedAt: now,
  };
  const email = draftApplicationEmail(deps, community, application, rejected ? "decision" : "submitted");
  try {
    await deps.db.batch([
      deps.db.insert(applications).values(application),
      timelineEntry(deps.db, application.id, "submitted", input.email, now, { flagged: knockouts.flag }),
      ...(rejected ? [timelineEntry(deps.db, application.id, "rejected", "knockout rule", now, { rules: knockouts.reject })] : []),
      email.write,
      ...(typeof also === "function" ? also(application) : also),
    ]);
  } catch (e) {
    // Two submissions raced past the check above; the partial unique index let only one in.
    if (String(e).includes("UNIQUE constraint failed: applications.community_id")) throw new DuplicateApplicationError();
    throw e;
  }
  await email.deliver();
  return application;
}

function describeIssues(issues: FieldIssue[]): string {
  return issues.length === 1 ? "One answer needs attention" : `${issues.length} answers need attention`;
}

export async function findOpenApplication(db: Db, communityId: string, email: string) {
  return (await openApplicationQuery(db, communityId, email))[0];
}

function openApplicationQuery(db: Db, communityId: string | SQLWrapper, email: string) {
  return db
    .select()
    .from(applications)
    .where(and(idIs(applications.communityId, communityId), eq(applications.email, email.toLowerCase()), inArray(applications.status, [...OPEN_STATUSES])))
    .limit(1);
}

export async function getApplicationByToken(db: Db, token: string): Promise<Application> {
  const app = token.length >= 20 ? await db.query.applications.findFirst({ where: eq(applications.statusToken, token) }) : undefined;
  if (!app) throw AppError.notFound("Application");
  return app;
}

export async function getApplication(db: Db, id: string): Promise<Application> {
  const app = await db.query.applications.findFirst({ where: eq(applications.id, id) });
  if (!app) throw AppError.notFound("Application");
  return app;
}

export async function applicationTimeline(db: Db, applicationId: string) {
  return db
    .select()
    .from(applicationEvents)
    .where(eq(applicationEvents.applicationId, applicationId))
    .orderBy(desc(applicationEvents.createdAt));
}

export function statusUrl(deps: Pick<Deps, "config">, app: Pick<Application, "statusToken">): string {
  return `${deps.config.appUrl}/a/${app.statusToken}`;
}

/**
 * Each application sends the address an email, and anyone can type anyone's address: counted per
 * address and per client address, before anything is stored (the form and the API share the limits).
 */
export function limitApplications(deps: Pick<Deps, "db" | "now" | "config">, email: string, ip: string | null): Promise<void> {
  return enforceRateLimits(deps, applyHits(email, ip));
}

/** The same limits as statements for the caller's batch (the form counts them with its reads). */
export function applicationLimits(deps: Pick<Deps, "db" | "now" | "config">, email: string, ip: string | null) {
  return rateLimitCounts(deps, applyHits(email, ip));
}

const applyHits = (email: string, ip: string | null): [RateRuleName, string | null][] => [
  ["applyEmail", email],
  ["applyIp", ip],
];

/**
 * What the status page shows, read in one round trip: every statement is keyed by the status
 * token, so the community, the timeline and the questions need not wait for the application.
 */
export async function statusPageData(db: Db, token: string) {
  if (token.length < 20) throw AppError.notFound("Application");
  const appId = db.select({ id: applications.id }).from(applications).where(eq(applications.statusToken, token));
  const communityId = db.select({ id: applications.communityId }).from(applications).where(eq(applications.statusToken, token));
  const [found, community, timeline, questionRows, group, seats, captures] = await db.batch([
    db.select().from(applications).where(eq(applications.statusToken, token)).limit(1),
    db.select().from(communities).where(inArray(communities.id, communityId)),
    db.select().from(applicationEvents).where(inArray(applicationEvents.applicationId, appId)).orderBy(desc(applicationEvents.createdAt)),
    // All questions, archived too, so old answers keep their labels.
    db.select().from(questions).where(inArray(questions.communityId, communityId)),
    ...groupStatusQueries(db, appId),
  ]);
  const app = found[0];
  if (!app || !community[0]) throw AppError.notFound("Application");
  return {
    app,
    community: community[0],
    timeline,
    questions: new Map(questionRows.map((q) => [q.id, q])),
    group: group[0] ? { group: group[0], seats } : null,
    capturedAmount: captures[0]?.amount ?? null,
  };
}
