import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { contentCommunity } from "../content/helpers";

/**
 * The review queue's tabs read `application_counts`, which triggers on `applications` keep. Every
 * write path (insert, status change, a move between communities, delete, a community's cascade)
 * must leave it equal to counting the applications themselves.
 */

async function countsOf(communityId: string) {
  const kept = await env.DB.prepare("SELECT status, n FROM application_counts WHERE community_id = ? AND n > 0 ORDER BY status").bind(communityId).all();
  const counted = await env.DB.prepare("SELECT status, count(*) AS n FROM applications WHERE community_id = ? GROUP BY status ORDER BY status").bind(communityId).all();
  return { kept: kept.results, counted: counted.results };
}

function insert(communityId: string, id: string, status: string) {
  return env.DB.prepare(
    `INSERT INTO applications (id, community_id, email, name, status, answers, rules_accepted_at, fee_amount, currency, fee_policy, payment_status, status_token, created_at, updated_at)
     VALUES (?1, ?2, ?1 || '@example.com', 'Applicant', ?3, '{}', 0, 0, 'usd', 'refund_on_rejection', 'none', 'tok_' || ?1, 0, 0)`,
  ).bind(id, communityId, status);
}

describe("application counts", () => {
  it("stay equal to counting the applications through inserts, status changes, moves and deletes", async () => {
    const a = (await contentCommunity()).community.id;
    const b = (await contentCommunity()).community.id;
    const tag = crypto.randomUUID().slice(0, 8);
    const ids = Array.from({ length: 12 }, (_, i) => `app_count${tag}${i}`);
    await env.DB.batch(ids.map((id, i) => insert(a, id, i % 3 === 0 ? "awaiting_payment" : "under_review")));
    expect((await countsOf(a)).kept).toEqual([
      { status: "awaiting_payment", n: 4 },
      { status: "under_review", n: 8 },
    ]);

    await env.DB.prepare("UPDATE applications SET status = 'approved' WHERE id IN (?, ?, ?)").bind(ids[1], ids[2], ids[3]).run();
    // Writing the same status again, or another column, changes nothing.
    await env.DB.prepare("UPDATE applications SET status = status, name = 'Renamed' WHERE community_id = ?").bind(a).run();
    await env.DB.prepare("UPDATE applications SET community_id = ? WHERE id = ?").bind(b, ids[4]).run();
    await env.DB.prepare("DELETE FROM applications WHERE id IN (?, ?)").bind(ids[5], ids[6]).run();

    const after = await countsOf(a);
    expect(after.kept).toEqual(after.counted);
    expect(after.kept).toEqual([
      { status: "approved", n: 3 },
      { status: "awaiting_payment", n: 2 },
      { status: "under_review", n: 4 },
    ]);
    expect((await countsOf(b)).kept).toEqual([{ status: "under_review", n: 1 }]);

    // A community's deletion cascades to its applications and its counters alike.
    await env.DB.prepare("DELETE FROM communities WHERE id = ?").bind(b).run();
    expect(await countsOf(b)).toEqual({ kept: [], counted: [] });
  });
});
