import { and, eq, like } from "drizzle-orm";
import { applications, emails, notifications, type Community } from "../../drizzle";
import { newId, newSecretToken } from "../../src/lib/ids";
import { tools } from "../helpers";
import { captureQueue, drainJobs, type DrainOptions } from "../jobs";

/** Delivers `post-written` for a post (as createPost/createReply queue it) through the real consumer. */
export async function written(postId: string, opts: DrainOptions = {}) {
  const queue = captureQueue();
  queue.pending.push({ kind: "post-written", postId });
  return drainJobs(queue, opts);
}

/** The name a member gave when applying: what notifications and mentions call them. */
export async function named(community: Community, email: string, name: string) {
  const { deps } = tools();
  const at = deps.now();
  await deps.db.insert(applications).values({
    id: newId("app"),
    communityId: community.id,
    email,
    name,
    status: "approved",
    answers: {},
    rulesAcceptedAt: at,
    feeAmount: 0,
    currency: "usd",
    feePolicy: "non_refundable",
    paymentStatus: "none",
    statusToken: newSecretToken(),
    createdAt: at,
    updatedAt: at,
  });
}

export async function notificationsOf(community: Community, email: string) {
  const { deps } = tools();
  return deps.db.select().from(notifications).where(and(eq(notifications.communityId, community.id), eq(notifications.email, email)));
}

/** Activity emails (each and digests) sent to an address. */
export async function activityEmailsTo(email: string) {
  const { deps } = tools();
  return deps.db.select().from(emails).where(and(eq(emails.to, email), like(emails.kind, "notification_%")));
}
