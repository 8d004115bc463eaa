/**
 * The community space of a benchmark community: four spaces (three every member reads, one only
 * staff read, so the access filter has something to skip) and `threads` threads with `replies`
 * replies between them, written with one INSERT ... SELECT each; the search triggers index every
 * row as the real writes would.
 */
import { env } from "cloudflare:workers";
import { createSpace } from "../src/spaces/service";
import { tools } from "../test/helpers";
import type { BenchCommunity } from "./seed";

export interface SpaceSize {
  threads: number;
  replies: number;
}

const counter = (n: number) => `WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ${Math.max(0, Math.floor(n))})`;

/**
 * One word in eight is "pricing" (a common search: a full page of results at either size). Five
 * threads and five replies say "zebracorn" at either size (a rare word: the same few results from
 * 1,000 posts or from 200,000, so the two sizes compare the same answer).
 */
const TOPIC = `CASE i % 8 WHEN 0 THEN 'pricing' WHEN 1 THEN 'hiring' WHEN 2 THEN 'onboarding' WHEN 3 THEN 'roadmaps' WHEN 4 THEN 'interviews' WHEN 5 THEN 'burnout' WHEN 6 THEN 'meetups' ELSE 'budgets' END`;
const rare = (rows: number) => `CASE WHEN i % ${Math.max(1, Math.floor(rows / 5))} = 0 THEN ' zebracorn' ELSE '' END`;

export async function seedSpace(c: BenchCommunity, label: string, size: SpaceSize, members: number): Promise<void> {
  const { deps } = tools();
  const made = [
    await createSpace(deps, c.community.id, { name: "Ask the group", slug: "ask", emoji: "❓" }),
    await createSpace(deps, c.community.id, { name: "Hiring", slug: "hiring", emoji: "💼" }),
    await createSpace(deps, c.community.id, { name: "Announcements", slug: "news", emoji: "📣", postKind: "staff" }),
    await createSpace(deps, c.community.id, { name: "Team room", slug: "team", emoji: "🔒", readKind: "staff", postKind: "staff" }),
  ];
  const id = label.replace(/[^a-z0-9]/g, "");
  const now = deps.now().getTime();
  const author = `'m${id}-' || printf('%06d', 1 + i % ${Math.max(1, members)}) || '@example.com'`;
  const space = `CASE i % 4 ${made.map((s, k) => `WHEN ${k} THEN '${s.id}'`).join(" ")} END`;
  const perThread = Math.floor(size.replies / Math.max(1, size.threads));
  const db = env.DB;
  const fills: [string, D1PreparedStatement][] = [
    [
      "threads",
      db.prepare(
        `${counter(size.threads)}
         INSERT INTO posts (id, community_id, space_id, parent_id, author_email, title, body, status, reply_count, reaction_count, last_activity_at, created_at, updated_at)
         SELECT 'post_${id}t' || i, ?1, ${space}, NULL, ${author}, 'Question ' || i || ' on ' || ${TOPIC},
                'How do you handle ' || ${TOPIC} || ' in a team of ' || (i % 90 + 10) || '?' || ${rare(size.threads)}, 'visible', ${perThread}, i % 7,
                ?2 - i * 40000, ?2 - i * 60000, ?2 - i * 60000 FROM n`,
      ).bind(c.community.id, now),
    ],
    [
      "replies",
      db.prepare(
        `${counter(size.replies)}
         INSERT INTO posts (id, community_id, space_id, parent_id, author_email, title, body, status, reply_count, reaction_count, last_activity_at, created_at, updated_at)
         SELECT 'post_${id}r' || i, ?1, ${space.replace(/i % 4/, `(1 + i % ${Math.max(1, size.threads)}) % 4`)}, 'post_${id}t' || (1 + i % ${Math.max(1, size.threads)}), ${author}, NULL,
                'We tried ' || ${TOPIC} || ' reviews every ' || (i % 12 + 1) || ' weeks.' || ${rare(size.replies)}, 'visible', 0, 0, ?2 - i * 15000, ?2 - i * 15000, ?2 - i * 15000 FROM n`,
      ).bind(c.community.id, now),
    ],
    [
      "space counters",
      db.prepare(
        `UPDATE spaces SET thread_count = (SELECT count(*) FROM posts WHERE posts.space_id = spaces.id AND parent_id IS NULL), last_post_at = ?2 WHERE community_id = ?1`,
      ).bind(c.community.id, now),
    ],
  ];
  for (const [what, statement] of fills) {
    await statement.run().catch((e: unknown) => {
      throw new Error(`seeding ${what}: ${e instanceof Error ? e.message : String(e)}`);
    });
  }
}
