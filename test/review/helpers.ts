import { eq } from "drizzle-orm";
import { applications, type Application, type Community } from "../../drizzle";
import { timelineEntry } from "../../src/applications/events";
import { newId, newSecretToken } from "../../src/lib/ids";
import type { QuestionInput } from "../../src/communities/schemas";
import { setStaffRole } from "../../src/communities/service";
import { makeCommunity, tools } from "../helpers";

export const OWNER = "owner@example.com";
export const MODERATOR = "mod@example.com";
export const OUTSIDER = "outsider@example.com";
export const OPERATOR = "operator@example.com";

export const REVIEW_QUESTIONS: Partial<QuestionInput>[] = [
  { kind: "short_text", label: "What is your role?", required: true },
  { kind: "long_text", label: "What are you good at?", required: true },
  { kind: "multi_choice", label: "What do you want?", required: false, options: ["Advice", "Hiring", "Cofounder"], knockout: { Cofounder: "flag" } },
];

/** A free community (no Stripe involved) with an owner, a moderator and three questions. */
export async function reviewCommunity() {
  const { community, questionIds } = await makeCommunity({ feeAmount: 0 }, REVIEW_QUESTIONS);
  await setStaffRole(tools().deps, community.id, MODERATOR, "moderator");
  const [role, strengths, wants] = questionIds as [string, string, string];
  return { community, q: { role, strengths, wants }, admin: `/c/${community.slug}/admin` };
}

let n = 0;
export interface ApplyOptions {
  name?: string;
  email?: string;
  wants?: string[];
  strengths?: string;
  flagReasons?: string[];
  submittedAt?: Date;
}

/**
 * An application under review, written the way `submitApplication` writes one for a free
 * community (row plus "submitted" timeline entry). Written directly so these tests depend only
 * on the review code, not on the questionnaire validation.
 */
export async function apply(community: Community, q: { role: string; strengths: string; wants: string }, opts: ApplyOptions = {}): Promise<Application> {
  n += 1;
  const { deps } = tools();
  const now = opts.submittedAt ?? deps.now();
  const app: Application = {
    id: newId("app"),
    communityId: community.id,
    email: opts.email ?? `applicant-${n}-${crypto.randomUUID().slice(0, 6)}@example.com`,
    name: opts.name ?? `Applicant ${n}`,
    status: "under_review",
    answers: { [q.role]: "Engineer", [q.strengths]: opts.strengths ?? "Distributed systems and writing", [q.wants]: opts.wants ?? ["Advice"] },
    rulesAcceptedAt: now,
    feeAmount: community.feeAmount,
    currency: community.currency,
    feePolicy: community.feePolicy,
    paymentStatus: "none",
    statusToken: newSecretToken(),
    checkoutSessionId: null,
    checkoutAttempts: 0,
    paymentIntentId: null,
    paidAt: null,
    holdExpiresAt: null,
    holdWarnedAt: null,
    flagged: (opts.flagReasons ?? []).length > 0,
    flagReasons: opts.flagReasons ?? [],
    decisionReason: null,
    decidedBy: null,
    decidedAt: null,
    decisionId: null,
    experimentVariantId: null,
    visitorId: null,
    createdAt: now,
    updatedAt: now,
  };
  await deps.db.batch([deps.db.insert(applications).values(app), timelineEntry(deps.db, app.id, "submitted", app.email, now)]);
  return app;
}

export async function setSubmittedAt(applicationId: string, at: Date) {
  await tools().deps.db.update(applications).set({ createdAt: at }).where(eq(applications.id, applicationId));
}

export async function readApplication(applicationId: string) {
  return (await tools().deps.db.query.applications.findFirst({ where: eq(applications.id, applicationId) }))!;
}
