/**
 * Bulk rows for scale tests and the benchmark: one INSERT ... SELECT over a recursive counter,
 * so thousands of rows cost one statement instead of thousands of round trips.
 */
export async function bulkMembers(
  db: D1Database,
  opts: { communityId: string; tierId: string; count: number; prefix: string; joinedAt: Date; status?: string },
): Promise<void> {
  const at = opts.joinedAt.getTime();
  await db
    .prepare(
      `WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ?1)
       INSERT INTO memberships (id, community_id, email, tier_id, status, comped, cancel_at_period_end, joined_at, created_at, updated_at)
       SELECT 'mem_' || replace(?2, '-', '') || printf('%06d', i), ?3, ?2 || printf('%06d', i) || '@example.com', ?4, ?5, 1, 0, ?6, ?6 + i, ?6 + i FROM n`,
    )
    .bind(opts.count, opts.prefix, opts.communityId, opts.tierId, opts.status ?? "active", at)
    .run();
}
