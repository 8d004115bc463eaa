import { env } from "cloudflare:workers";
import { and, eq } from "drizzle-orm";
import { emails, type Community, type Tier } from "../../drizzle";
import { createDrop } from "../../src/content/drops";
import { addDropFile } from "../../src/content/files";
import { joinRights, startJoin } from "../../src/memberships/join";
import { call, tools } from "../helpers";
import { approve, communityWithTiers, control } from "../memberships/helpers";

export const OWNER = "owner@example.com";
export const HOUR = 3_600_000;
export const DAY = 86_400_000;

export const unique = (name: string) => `${name.toLowerCase()}-${crypto.randomUUID().slice(0, 8)}@example.com`;

/** Applies all Stripe events the emulator queued (tests control delivery). */
export async function deliver() {
  await tools().emulator.deliverPending();
}

/**
 * A real member: approved application, Checkout on the emulator, Pay, webhooks delivered.
 * Invite-only tiers are joined as an invite would allow (the invite link's own checks are the
 * tiers feature's and tested there).
 */
export async function memberOf(community: Community, tier: Tier, email: string): Promise<{ subscriptionId: string }> {
  const { deps } = tools();
  await approve(community, email);
  const rights = await joinRights(deps, community, email, { inviteTierId: tier.visibility === "invite_only" ? tier.id : null });
  const outcome = await startJoin(deps, community, { email, tier, interval: "month", rights });
  if (outcome.kind !== "checkout") throw new Error(`expected checkout, got ${outcome.kind}`);
  const paid = await call(`${new URL(outcome.url).pathname}/pay?deliver=0`, { method: "POST" });
  if (paid.status !== 303) throw new Error(`pay failed ${paid.status}`);
  await deliver();
  const m = await deps.db.query.memberships.findFirst({ where: (t, { eq }) => eq(t.id, outcome.membership.id) });
  if (m?.status !== "active") throw new Error(`membership not active: ${m?.status}`);
  return { subscriptionId: m.stripeSubscriptionId! };
}

export async function failPayment(subscriptionId: string) {
  await control(subscriptionId, "fail-payment");
  await deliver();
}

/** A community with Member (rank 1) and Core (rank 2, invite-only) tiers. */
export async function contentCommunity(opts: { graceDays?: number } = {}) {
  return communityWithTiers(opts);
}

/** The staggered drop of the issue: Core at publish time, Members `memberDelayHours` later. */
export async function staggeredDrop(community: Community, tiers: { member: Tier; core: Tier }, opts: { body?: string; title?: string; publishAt?: Date; memberDelayHours?: number; topics?: string[]; dripDays?: number | null } = {}) {
  const { deps } = tools();
  return createDrop(
    deps,
    community,
    {
      title: opts.title ?? "Hiring playbook",
      body: opts.body ?? "The body of the drop.",
      topics: opts.topics ?? ["career"],
      status: "scheduled",
      publishAt: (opts.publishAt ?? deps.now()).toISOString(),
      dripDays: opts.dripDays ?? null,
      targets: [
        { tierId: tiers.core.id, offsetHours: 0 },
        { tierId: tiers.member.id, offsetHours: opts.memberDelayHours ?? 72 },
      ],
    },
    OWNER,
  );
}

export async function attachPdf(dropId: string, marker: string) {
  const bytes = new TextEncoder().encode(`%PDF-1.4\n% ${marker}\n%%EOF\n`);
  return addDropFile(tools().deps, env.FILES, dropId, new File([bytes], "playbook.pdf", { type: "application/pdf" }));
}

export async function emailsTo(to: string, kind?: string) {
  const { deps } = tools();
  return deps.db
    .select()
    .from(emails)
    .where(kind ? and(eq(emails.to, to.toLowerCase()), eq(emails.kind, kind)) : eq(emails.to, to.toLowerCase()));
}

export async function dropEmailsTo(to: string) {
  return (await emailsTo(to)).filter((e) => e.kind === "drop_published" || e.kind === "drop_digest");
}
