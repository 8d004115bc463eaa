import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { feedFor } from "../../src/content/feed";
import { createDb } from "../../src/lib/db";
import { listMembers, membersExportDownload, requestMembersExport } from "../../src/members/service";
import { runMembersExportJob } from "../../src/members/exports";
import { enqueueTo } from "../../src/lib/queue";
import { bulkMembers } from "../bulk";
import { countingD1, type Statement, queryPlans } from "../d1-counter";
import { captureQueue, runCron } from "../jobs";
import { contentCommunity, DAY, memberOf, staggeredDrop, unique } from "../content/helpers";
import { tools } from "../helpers";

/**
 * EXPLAIN QUERY PLAN over every statement the cron, its queue jobs, the members list, the
 * members CSV and a member's feed actually run (recorded through a wrapped D1 binding): none may read a whole table
 * that grows with the community, and the list pages must come off an index in order.
 */

const GROWING = ["member_exports", "memberships", "applications", "application_events", "drops", "drop_notifications", "notification_prefs", "comments", "emails", "tier_waitlist", "audit_log", "experiment_assignments", "experiment_conversions", "money_actions"];
const FULL_SCAN = new RegExp(`^SCAN (${GROWING.join("|")})\\b`);

const plansOf = (log: Statement[]) => queryPlans(env.DB, log);

describe("query plans at scale", { timeout: 120_000 }, () => {
  it("the cron, its jobs, the members list, the CSV export and the feed never scan a growing table", async () => {
    const tiers = await contentCommunity();
    await memberOf(tiers.community, tiers.core, unique("core"));
    await bulkMembers(env.DB, { communityId: tiers.community.id, tierId: tiers.member.id, count: 120, prefix: `plan${crypto.randomUUID().slice(0, 4)}-`, joinedAt: new Date(tools().deps.now().getTime() - DAY) });
    await staggeredDrop(tiers.community, tiers, { memberDelayHours: 0 });
    const counter = countingD1(env.DB);
    const report = await runCron(undefined, { env: { DB: counter.db } });
    expect(report.dropEmails).toBe(121);

    const db = createDb(counter.db);
    const id = tiers.community.id;
    const first = await listMembers(db, id, { limit: 50 });
    await listMembers(db, id, { limit: 50, cursor: first.nextCursor! });
    await listMembers(db, id, { limit: 50, status: "active" });
    await listMembers(db, id, { limit: 50, tierId: tiers.member.id });
    // The members CSV export: written at once (small), and a filtered one a chunk at a time by its queue job.
    const deps = { ...tools().deps, db };
    const queue = captureQueue();
    const exp = await requestMembersExport(deps, env.FILES, tiers.community, "owner@example.com", {}, enqueueTo(queue));
    const byTier = await requestMembersExport(deps, env.FILES, tiers.community, "owner@example.com", { tierId: tiers.member.id, status: "active" }, enqueueTo(queue));
    // A message delivered again after the export is done only reads the export's row.
    await runMembersExportJob(deps, env.FILES, { kind: "members-export", exportId: byTier.id, chunk: 0 }, enqueueTo(queue));
    const csv = await new Response(membersExportDownload(env.FILES, exp)).text();
    const feed = await feedFor({ db, now: () => tools().deps.now() }, id, { kind: "member", tierId: tiers.member.id, tierRank: tiers.member.rank, joinedAt: null, level: 1 });
    expect(feed.items).toHaveLength(1);
    expect(csv.trimEnd().split("\r\n")).toHaveLength(1 + 121);

    const plans = await plansOf(counter.log);
    const scans = plans.flatMap(({ sql, plan }) => plan.filter((p) => FULL_SCAN.test(p)).map((p) => `${p}  <-  ${sql}`));
    expect(scans).toEqual([]);
    // Keyset pages come off the index in order: no sort of the community's rows.
    const lists = plans.filter(({ sql }) => /from "memberships".*order by "memberships"\."created_at" desc/is.test(sql));
    expect(lists.length).toBeGreaterThanOrEqual(3);
    for (const { sql, plan } of lists) expect(plan.filter((p) => p.includes("TEMP B-TREE")), sql).toEqual([]);
    // The member feed walks the community's drops newest first off an index and stops at its window.
    const feeds = plans.filter(({ sql }) => /from "drops".*order by "drops"\."publish_at" desc/is.test(sql));
    expect(feeds.length).toBeGreaterThanOrEqual(2);
    for (const { sql, plan } of feeds) expect(plan.filter((p) => p.includes("TEMP B-TREE FOR ORDER BY")), sql).toEqual([]);
    const pages = plans.filter(({ sql }) => /order by "memberships"\."email"/i.test(sql));
    expect(pages.length).toBeGreaterThanOrEqual(2);
    for (const { sql, plan } of pages) expect(plan.filter((p) => p.includes("TEMP B-TREE")), sql).toEqual([]);
  });
});
