import { and, eq, sql, type SQL } from "drizzle-orm";
import { insightProgress, tierPrices, tiers } from "../../drizzle";
import type { Deps } from "../env";
import { chunk } from "../lib/db";
import { runBatch } from "../insights/batch";
import { addDays, dayOf } from "../insights/days";
import { ledgerBackfill } from "../insights/ledger";
import { rollUpRange } from "../insights/rollup";

/**
 * Fourteen months of history for the demo community, so `npm run dev` opens Insights on
 * something to read: paying members joining a little faster each month through reviewed
 * applications (a few rejected), upgrades and downgrades, cancellations, failed payments (some
 * recovered in grace, some lost), a return, and daily activity with leaders, participants,
 * readers and quiet members. Rows are written as the app records them (applications,
 * memberships, the membership ledger, member_activity_daily), then rolled up once. Idempotent:
 * a community already holding this history is left as it is. Deterministic (a seeded generator).
 */

const DAY = 86_400_000;
const MONTHS = 14;
const FIRST = ["Alex", "Bea", "Carlos", "Dana", "Eli", "Farah", "Gus", "Hiro", "Ines", "Jon", "Kemi", "Leo", "Mina", "Nils", "Olu", "Pia", "Quinn", "Rosa", "Sami", "Tess"];
const LAST = ["Adler", "Baptiste", "Costa", "Dahl", "Eze", "Fischer", "Gupta", "Haddad", "Ivanova", "Jensen", "Khan", "Lopez"];

function rng(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Row = Record<string, unknown>;

/** Thousands of rows in a few statements: each slice travels as one JSON parameter. */
function jsonInsert(table: string, rows: Row[]): SQL[] {
  const columns = Object.keys(rows[0] ?? {});
  return chunk(rows, 300).map(
    (slice) =>
      sql`insert or ignore into ${sql.raw(table)} (${sql.raw(columns.join(", "))}) select ${sql.raw(columns.map((c) => `json_extract(value, '$.${c}')`).join(", "))} from json_each(${JSON.stringify(slice)})`,
  );
}

export async function seedDemoInsights(deps: Pick<Deps, "db" | "now">, communityId: string): Promise<void> {
  const { db } = deps;
  const [done] = await db.select().from(insightProgress).where(eq(insightProgress.communityId, communityId)).limit(1);
  if (done) return;
  const prices = await db
    .select({ tier: tiers.name, tierId: tiers.id, priceId: tierPrices.id, amount: tierPrices.amount })
    .from(tiers)
    .innerJoin(tierPrices, and(eq(tierPrices.tierId, tiers.id), eq(tierPrices.interval, "month"), eq(tierPrices.active, true)))
    .where(eq(tiers.communityId, communityId));
  const member = prices.find((p) => p.tier === "Member");
  const core = prices.find((p) => p.tier === "Core");
  if (!member || !core) return;

  const random = rng(20260101);
  const now = deps.now().getTime();
  const start = now - MONTHS * 30 * DAY;
  const apps: Row[] = [];
  const members: Row[] = [];
  const ledger: Row[] = [];
  const activity: Row[] = [];
  let n = 0;
  const entry = (email: string, membershipId: string, p: typeof member, status: string, mrr: number, at: number) =>
    at < now && ledger.push({ id: `seed_led_${ledger.length}`, community_id: communityId, email, membership_id: membershipId, tier_id: p.tierId, status, mrr, at });

  for (let month = 0; month < MONTHS; month++) {
    const joins = 2 + Math.round(month * 0.7);
    for (let j = 0; j < joins + 1; j++) {
      n += 1;
      const name = `${FIRST[n % FIRST.length]} ${LAST[(n + Math.floor(n / FIRST.length)) % LAST.length]}`;
      const email = `${name.toLowerCase().replace(" ", ".")}.${n}@example.com`;
      const applied = start + month * 30 * DAY + Math.floor(random() * 28) * DAY + Math.floor(random() * 10) * 3_600_000;
      const decided = applied + (6 + Math.floor(random() * (month > 10 ? 140 : 60))) * 3_600_000;
      const rejected = j === joins;
      const appId = `seed_app_${n}`;
      if (decided >= now) continue;
      apps.push({ id: appId, community_id: communityId, email, name, status: rejected ? "rejected" : "approved", answers: "{}", rules_accepted_at: applied, fee_amount: 2500, currency: "usd", fee_policy: "refund_on_rejection", payment_status: rejected ? "refunded" : "paid", status_token: `seed_token_${n}`, paid_at: applied + 60_000, decided_at: decided, decided_by: "owner@example.com", decision_reason: rejected ? "Not a fit for this circle yet" : null, created_at: applied, updated_at: decided });
      if (rejected) continue;
      let tier: typeof member = random() < 0.25 ? core : member;
      // Joining follows approval by up to three days, never later than now: no join dates in the future.
      const joined = Math.min(decided + Math.floor(random() * 3 * DAY), now - 1);
      const id = `seed_mem_${n}`;
      entry(email, id, tier, "active", tier.amount, joined);
      const fate = random();
      const after = (days: number) => joined + days * DAY;
      let ended: number | null = null;
      let status = "active";
      if (fate < 0.12 && tier === member) {
        tier = core;
        entry(email, id, tier, "active", tier.amount, after(60 + Math.floor(random() * 60)));
      } else if (fate < 0.17 && tier === core) {
        tier = member;
        entry(email, id, tier, "active", tier.amount, after(45 + Math.floor(random() * 60)));
      } else if (fate < 0.32) {
        ended = after(90 + Math.floor(random() * 150));
        status = "canceled";
      } else if (fate < 0.38) {
        entry(email, id, tier, "past_due", tier.amount, after(40));
        ended = after(47);
        status = "canceled";
      } else if (fate < 0.46) {
        entry(email, id, tier, "past_due", tier.amount, after(70));
        entry(email, id, tier, "active", tier.amount, after(73));
      }
      if (ended !== null && ended >= now) {
        ended = null;
        status = "active";
      }
      if (ended !== null) entry(email, id, tier, "canceled", 0, ended);
      members.push({ id, community_id: communityId, email, tier_id: tier.tierId, price_id: tier.priceId, status, comped: 0, cancel_at_period_end: 0, application_id: appId, joined_at: joined, ended_at: ended, ended_reason: ended ? "subscription ended" : null, created_at: joined, updated_at: ended ?? joined });
      // Some come back two months later: a reactivation.
      if (ended !== null && fate < 0.2 && ended + 60 * DAY < now) {
        const back = ended + 60 * DAY;
        const again = `${id}_b`;
        entry(email, again, tier, "active", tier.amount, back);
        members.push({ ...members[members.length - 1], id: again, status: "active", joined_at: back, ended_at: null, ended_reason: null, created_at: back, updated_at: back });
      }
      // Activity while a member: leaders most days, participants weekly, readers now and then, some go quiet.
      const kind = random();
      const rate = kind < 0.1 ? 0.45 : kind < 0.4 ? 0.18 : kind < 0.8 ? 0.07 : 0.015;
      const quietFrom = random() < 0.25 ? joined + (30 + Math.floor(random() * 200)) * DAY : Infinity;
      for (let t = joined; t < Math.min(ended ?? now, now, quietFrom); t += DAY) {
        if (random() > rate) continue;
        const leader = kind < 0.1;
        const participant = kind < 0.4;
        activity.push({
          community_id: communityId,
          day: dayOf(t),
          email,
          posts: leader && random() < 0.3 ? 1 : 0,
          replies: participant && random() < 0.5 ? 1 + Math.floor(random() * 3) : 0,
          reactions_given: participant && random() < 0.6 ? 1 + Math.floor(random() * 4) : 0,
          reactions_received: leader ? Math.floor(random() * 6) : participant ? Math.floor(random() * 2) : 0,
          votes: participant && random() < 0.1 ? 1 : 0,
          thread_views: 1 + Math.floor(random() * 6),
          drop_views: random() < 0.2 ? 1 : 0,
          sign_ins: random() < 0.3 ? 1 : 0,
          visits: 1,
        });
      }
    }
  }
  await runBatch(db, [
    ...jsonInsert("applications", apps),
    ...jsonInsert("memberships", members),
    ...jsonInsert("membership_ledger", ledger),
    ...jsonInsert("member_activity_daily", activity),
  ]);
  // The demo's other members (comped, from seed-space.ts) get their ledger history the way a first rollup gives it.
  await runBatch(db, ledgerBackfill(communityId));
  // Built once here, in one pass over the whole range; from now on the cron keeps them up to date.
  const through = addDays(dayOf(now), -1);
  await rollUpRange(db, communityId, dayOf(start), through);
  await db.insert(insightProgress).values({ communityId, rolledThrough: through }).onConflictDoNothing();
}
