/**
 * A benchmark community: built through the real services (community, tiers, a running price
 * experiment, a paying member, an application), then filled to size with set-based inserts
 * (one INSERT ... SELECT over a recursive counter per table), so 100,000 rows cost seconds.
 */
import { env } from "cloudflare:workers";
import { eq } from "drizzle-orm";
import { communities, type Community, type ExperimentVariant, type Tier } from "../drizzle";
import { submitApplication } from "../src/applications/service";
import { experimentCreateSchema } from "../src/experiments/schemas";
import { createExperiment, startExperiment } from "../src/experiments/service";
import { createTier } from "../src/tiers/service";
import { bulkMembers } from "../test/bulk";
import { memberOf } from "../test/content/helpers";
import { makeCommunity, tools } from "../test/helpers";

export interface Size {
  applications: number;
  members: number;
  drops: number;
  comments: number;
  assignments: number;
}

export interface BenchCommunity {
  community: Community;
  member: Tier;
  memberEmail: string;
  statusToken: string;
  variants: ExperimentVariant[];
}

const DAY = 86_400_000;

function counter(n: number) {
  // Counts are inlined as integer literals: a bound JS number may arrive as REAL, and REAL
  // arithmetic would put "4.0" into the ids built from it.
  return `WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ${Math.max(0, Math.floor(n))})`;
}

export async function seedCommunity(label: string, size: Size): Promise<BenchCommunity> {
  const { deps } = tools();
  // Free to apply while the member joins (an approval needs no Checkout), then a fee to test.
  const { community } = await makeCommunity({ name: `Bench ${label}`, feeAmount: 0 }, []);
  const base = { description: "", perks: [], visibility: "public" as const, trialDays: 0, currency: "usd" as const, capacity: null };
  const member = await createTier(deps, community.id, { ...base, name: "Member", rank: 1, monthlyAmount: 2900, yearlyAmount: 29000 }, "owner@example.com");
  const memberEmail = `member-${label}@example.com`;
  await memberOf(community, member, memberEmail);
  await deps.db.update(communities).set({ feeAmount: 2500 }).where(eq(communities.id, community.id));
  community.feeAmount = 2500;
  const input = experimentCreateSchema.parse({ name: "Fee test", target: "application_fee", variants: [{ price: 2500 }, { price: 3500 }] });
  const created = await createExperiment(deps, community, input, "owner@example.com");
  const { variants } = await startExperiment(deps, community, created.experiment.id, "owner@example.com");
  const app = await submitApplication(deps, community, { name: "Status Reader", email: `status-${label}@example.com`, acceptRules: true, answers: {} });
  const now = deps.now().getTime();
  const id = label.replace(/[^a-z0-9]/g, "");
  const db = env.DB;
  await bulkMembers(db, { communityId: community.id, tierId: member.id, count: size.members, prefix: `m${id}-`, joinedAt: new Date(now - 400 * DAY) });
  const fills: [string, D1PreparedStatement][] = [
    [
      "applications",
      db
      .prepare(
        `${counter(size.applications)}
         INSERT INTO applications (id, community_id, email, name, status, answers, rules_accepted_at, fee_amount, currency, fee_policy, payment_status, status_token, created_at, updated_at)
         SELECT 'app_' || ?1 || i, ?2, 'a' || ?1 || '-' || i || '@example.com', 'Applicant ' || i,
                CASE i % 4 WHEN 0 THEN 'under_review' WHEN 1 THEN 'approved' WHEN 2 THEN 'rejected' ELSE 'awaiting_payment' END,
                '{}', ?3, 2500, 'usd', 'non_refundable', CASE i % 4 WHEN 3 THEN 'unpaid' ELSE 'paid' END, 'tok' || ?1 || i, ?3 - i * 1000, ?3 - i * 1000 FROM n`,
      )
      .bind(id, community.id, now),
    ],
    // Drops published over the two years before the notification window (so the cron run below
    // emails only the drop it adds), all for members at publish time.
    [
      "drops",
      db
      .prepare(
        `${counter(size.drops)}
         INSERT INTO drops (id, community_id, title, body, topics, status, publish_at, published_at, author_email, created_at, updated_at)
         SELECT 'drop_' || ?1 || i, ?2, 'Drop ' || i, 'Body of drop ' || i, '["notes"]', 'published', ?3 - i * 30000000, ?3 - i * 30000000, 'owner@example.com', ?3 - i * 30000000, ?3 - i * 30000000 FROM n`,
      )
      .bind(id, community.id, now - 15 * DAY),
    ],
    ["drop targets", db.prepare(`${counter(size.drops)} INSERT INTO drop_targets (drop_id, tier_id, offset_hours) SELECT 'drop_' || ?1 || i, ?2, 0 FROM n`).bind(id, member.id)],
    [
      "comments",
      db
      .prepare(
        `${counter(size.comments)}
         INSERT INTO comments (id, drop_id, community_id, email, body, created_at)
         SELECT 'cmt_' || ?1 || i, 'drop_' || ?1 || (1 + i % ${Math.max(1, size.drops)}), ?2, 'm' || ?1 || '-' || printf('%06d', 1 + i % ${Math.max(1, size.members)}) || '@example.com', 'Comment ' || i, ?3 - i * 1000 FROM n`,
      )
      .bind(id, community.id, now),
    ],
    [
      "experiment assignments",
      db
      .prepare(
        `${counter(size.assignments)}
         INSERT INTO experiment_assignments (experiment_id, visitor_id, variant_id, assigned_at)
         SELECT ?2, 'v' || ?1 || i, CASE i % 2 WHEN 0 THEN ?3 ELSE ?4 END, ?5 - i * 1000 FROM n`,
      )
      .bind(id, created.experiment.id, variants[0]!.id, variants[1]!.id, now),
    ],
  ];
  for (const [table, statement] of fills) {
    await statement.run().catch((e: unknown) => {
      throw new Error(`seeding ${table}: ${e instanceof Error ? e.message : String(e)}`);
    });
  }
  return { community, member, memberEmail, statusToken: app.statusToken, variants };
}
