import { and, eq, type Table } from "drizzle-orm";
import {
  applicationEvents,
  applicationGroups,
  applications,
  gifts,
  groupOffers,
  groupSeats,
  memberships,
  moneyActions,
  tiers,
  type Application,
  type ApplicationGroup,
  type Gift,
  type GroupSeat,
  type Membership,
} from "../../drizzle";
import type { Deps } from "../env";
import { newId, newSecretToken } from "../lib/ids";

/**
 * The demo's group applications and gifts, so `npm run dev` shows them with a history: the
 * group offer (three friends, $15 each instead of $25, 72 hours, full fee if the group does not
 * fill), a group that filled four months ago (all three captured at the group price), one that
 * did not fill two months ago (one approved at the full fee, one turned down and released), an
 * open group with a seat waiting for its card, a gift membership running now and one that ended.
 * Rows only (no Stripe objects): nothing seeded has a hold or a payment left to move.
 * Idempotent: a community that has a group offer is left as it is.
 */

const DAY = 86_400_000;
const HOUR = 3_600_000;
const OWNER = "owner@example.com";

export async function seedDemoGroups(deps: Pick<Deps, "db" | "now">, communityId: string): Promise<void> {
  const { db } = deps;
  const [offer, member] = await db.batch([
    db.select({ id: groupOffers.communityId }).from(groupOffers).where(eq(groupOffers.communityId, communityId)),
    db.select({ id: tiers.id }).from(tiers).where(and(eq(tiers.communityId, communityId), eq(tiers.name, "Member"))),
  ]);
  if (offer.length || !member[0]) return;
  const now = deps.now().getTime();
  const ago = (days: number, hours = 0) => new Date(now - days * DAY - hours * HOUR);
  const rows = new DemoRows(communityId);

  const filled = rows.group(ago(120), 3, "filled", ago(118));
  for (const [name, email, seatHours] of [["Priya Raman", "priya.raman@example.com", 0], ["Ben Okoye", "ben.okoye@example.com", 20], ["Hana Sato", "hana.sato@example.com", 40]] as const) {
    rows.member(filled, name, email, { status: "approved", paymentStatus: "captured", captured: 1500, at: new Date(filled.createdAt.getTime() + seatHours * HOUR), decidedAt: ago(116) });
  }
  const unfilled = rows.group(ago(60), 3, "unfilled", null);
  rows.member(unfilled, "Omar Haddad", "omar.haddad@example.com", { status: "approved", paymentStatus: "captured", captured: 2500, at: ago(60), decidedAt: ago(56) });
  rows.member(unfilled, "Ivy Chen", "ivy.chen@example.com", { status: "rejected", paymentStatus: "released", captured: null, at: ago(59), decidedAt: ago(57) });
  const open = rows.group(ago(0, 10), 3, "open", null);
  rows.member(open, "Lucas Moreau", "lucas.moreau@example.com", { status: "awaiting_payment", paymentStatus: "unpaid", captured: null, at: ago(0, 10), decidedAt: null });

  const lena = rows.member(null, "Lena Fischer", "lena.fischer@example.com", { status: "approved", paymentStatus: "paid", captured: null, at: ago(24), decidedAt: ago(20) });
  rows.gift(member[0].id, lena, { buyer: "dev.patel@example.com", months: 3, redeemed: ago(20), ended: false });
  const tom = rows.member(null, "Tom Reyes", "tom.reyes@example.com", { status: "approved", paymentStatus: "paid", captured: null, at: ago(100), decidedAt: ago(95) });
  rows.gift(member[0].id, tom, { buyer: "maya.okafor@example.com", months: 1, redeemed: ago(95), ended: true });

  // One row per statement: D1 binds at most 100 values in one.
  const one = <T extends Table>(table: T, list: T["$inferInsert"][]) => list.map((row) => db.insert(table).values(row));
  await db.batch([
    db.insert(groupOffers).values({ communityId, enabled: true, size: 3, groupFee: 1500, hours: 72, onUnfilled: "capture_full", updatedAt: new Date(now) }),
    ...one(applicationGroups, rows.groups),
    ...one(applications, rows.applications),
    ...one(groupSeats, rows.seats),
    ...one(moneyActions, rows.money),
    ...one(applicationEvents, rows.events),
    ...one(memberships, rows.memberships),
    ...one(gifts, rows.gifts),
  ]);
}

interface MemberSpec {
  status: Application["status"];
  paymentStatus: Application["paymentStatus"];
  captured: number | null;
  at: Date;
  decidedAt: Date | null;
}

/** The rows of the demo's groups and gifts, built up in memory and written in one batch. */
class DemoRows {
  groups: ApplicationGroup[] = [];
  applications: Application[] = [];
  seats: GroupSeat[] = [];
  money: (typeof moneyActions.$inferInsert)[] = [];
  events: (typeof applicationEvents.$inferInsert)[] = [];
  memberships: (typeof memberships.$inferInsert)[] = [];
  gifts: Gift[] = [];

  constructor(private communityId: string) {}

  group(createdAt: Date, size: number, status: ApplicationGroup["status"], filledAt: Date | null): ApplicationGroup {
    const deadline = new Date(createdAt.getTime() + 72 * HOUR);
    const g: ApplicationGroup = { id: newId("grp"), communityId: this.communityId, size, fullFee: 2500, groupFee: 1500, currency: "usd", onUnfilled: "capture_full", status, deadline, startedBy: "", filledAt, closedAt: status === "open" ? null : (filledAt ?? deadline), createdAt };
    this.groups.push(g);
    return g;
  }

  member(group: ApplicationGroup | null, name: string, email: string, spec: MemberSpec): Application {
    const app: Application = {
      id: newId("app"),
      communityId: this.communityId,
      email,
      name,
      status: spec.status,
      answers: {},
      rulesAcceptedAt: spec.at,
      feeAmount: 2500,
      currency: "usd",
      feePolicy: group ? "authorize_capture" : "refund_on_rejection",
      paymentStatus: spec.paymentStatus,
      statusToken: newSecretToken(),
      checkoutSessionId: null,
      checkoutAttempts: 0,
      paymentIntentId: null,
      paidAt: spec.paymentStatus === "unpaid" ? null : spec.at,
      holdExpiresAt: null,
      holdWarnedAt: null,
      flagged: false,
      flagReasons: [],
      decisionReason: spec.status === "rejected" ? "We are keeping the circle to people who run product teams today." : null,
      decidedBy: spec.decidedAt ? OWNER : null,
      decidedAt: spec.decidedAt,
      decisionId: null,
      createdAt: spec.at,
      updatedAt: spec.decidedAt ?? spec.at,
      experimentVariantId: null,
      visitorId: null,
    };
    this.applications.push(app);
    this.events.push({ id: newId("aev"), applicationId: app.id, kind: "submitted", actor: email, detail: {}, createdAt: spec.at });
    if (group) {
      if (!group.startedBy) group.startedBy = email;
      const authorised = spec.paymentStatus === "unpaid" ? null : spec.at;
      this.seats.push({ groupId: group.id, applicationId: app.id, seat: this.seats.filter((s) => s.groupId === group.id).length + 1, authorisedAt: authorised, createdAt: spec.at });
    }
    if (spec.captured !== null) {
      this.money.push({ id: newId("mny"), applicationId: app.id, kind: "capture", status: "done", amount: spec.captured, attempts: 1, createdAt: spec.decidedAt!, updatedAt: spec.decidedAt! });
    }
    if (spec.decidedAt) this.events.push({ id: newId("aev"), applicationId: app.id, kind: spec.status, actor: OWNER, detail: {}, createdAt: spec.decidedAt });
    return app;
  }

  gift(tierId: string, recipient: Application, opts: { buyer: string; months: number; redeemed: Date; ended: boolean }): void {
    const endsAt = new Date(opts.redeemed);
    endsAt.setUTCMonth(endsAt.getUTCMonth() + opts.months);
    const membership: typeof memberships.$inferInsert = {
      id: newId("mem"),
      communityId: this.communityId,
      email: recipient.email,
      tierId,
      status: opts.ended ? "canceled" : "active",
      comped: true,
      applicationId: recipient.id,
      currentPeriodEnd: endsAt,
      cancelAtPeriodEnd: true,
      joinedAt: opts.redeemed,
      endedAt: opts.ended ? endsAt : null,
      endedReason: opts.ended ? "Gift ended" : null,
      createdAt: opts.redeemed,
      updatedAt: opts.ended ? endsAt : opts.redeemed,
    } satisfies Partial<Membership>;
    this.memberships.push(membership);
    const paidAt = new Date(recipient.createdAt.getTime() - 2 * DAY);
    this.gifts.push({
      id: newId("gift"),
      communityId: this.communityId,
      tierId,
      months: opts.months,
      amount: 2900 * opts.months,
      currency: "usd",
      buyerEmail: opts.buyer,
      recipientEmail: recipient.email,
      recipientName: recipient.name,
      message: "You'll love the Thursday threads.",
      status: opts.ended ? "ended" : "redeemed",
      token: newSecretToken(),
      checkoutSessionId: null,
      paymentIntentId: null,
      membershipId: membership.id!,
      paidAt,
      redeemedAt: opts.redeemed,
      endsAt,
      endedAt: opts.ended ? endsAt : null,
      refundedAt: null,
      refundId: null,
      createdAt: paidAt,
      updatedAt: opts.ended ? endsAt : opts.redeemed,
    });
  }
}
