/**
 * Points for a benchmark community: five awards per member spread over the last 90 days, written
 * into the ledger with one INSERT ... SELECT so that the triggers keep the totals, windows, days and
 * levels as real awards do; then the windows job brings the 7- and 30-day sums to today.
 */
import { env } from "cloudflare:workers";
import { DAY_MS } from "../src/honours/points";
import { runHonourWindowsJob } from "../src/honours/windows";
import { tools } from "../test/helpers";
import type { BenchCommunity } from "./seed";

export async function seedHonours(c: BenchCommunity, label: string, members: number): Promise<void> {
  const { deps } = tools();
  const id = label.replace(/[^a-z0-9]/g, "");
  const now = deps.now().getTime();
  const awards = members * 5;
  await env.DB.prepare(
    `WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ${awards})
     INSERT INTO point_awards (id, community_id, email, points, reason, source_kind, source_id, post_id, at, day)
     SELECT 'pts_' || ?1 || i, ?2, 'm' || ?1 || '-' || printf('%06d', 1 + (i * 7919) % ${members}) || '@example.com', 1 + i % 3, 'reaction', 'bench', ?1 || i, NULL,
       ?3 - (i % 90) * ${DAY_MS} - i, (?3 - (i % 90) * ${DAY_MS} - i) / ${DAY_MS} FROM n`,
  )
    .bind(id, c.community.id, now)
    .run();
  await runHonourWindowsJob(deps, { communityId: c.community.id });
}
