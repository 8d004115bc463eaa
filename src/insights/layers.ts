/**
 * The 1-9-90 layers, from a member's month of recorded activity (member_activity_daily summed
 * over the month):
 *
 * - **leader**: started at least one thread and received at least LEADER_MIN_REACTIONS
 *   reactions: they open conversations others value;
 * - **participant**: did at least one of the PARTICIPATION actions (threads, replies,
 *   reactions given, poll votes, events attended);
 * - **reader**: only opened pages, threads or drops;
 * - **dormant**: a member with no recorded activity that month.
 *
 * One more kind of participation is one more entry in MONTH_COUNTERS and PARTICIPATION with its
 * member_activity_daily column: the month table, the SQL rule and the page all follow it.
 */

export const LAYERS = ["leader", "participant", "reader", "dormant"] as const;
export type Layer = (typeof LAYERS)[number];

export const LAYER_NAMES: Record<Layer, string> = {
  leader: "Leaders",
  participant: "Participants",
  reader: "Readers",
  dormant: "Dormant",
};

export const LEADER_MIN_REACTIONS = 3;

/** Month counters: the column in insight_member_months, and the expression over member_activity_daily rows. */
export const MONTH_COUNTERS = {
  threads: "sum(posts)",
  replies: "sum(replies)",
  reactions_given: "sum(reactions_given)",
  reactions_received: "sum(reactions_received)",
  votes: "sum(votes)",
  events_attended: "sum(events_attended)",
  views: "sum(thread_views + drop_views)",
  active_days: "count(*)",
} as const;
export type MonthCounter = keyof typeof MONTH_COUNTERS;

/** Actions that make a member a participant. */
export const PARTICIPATION: MonthCounter[] = ["threads", "replies", "reactions_given", "votes", "events_attended"];

export type MonthActivity = Record<MonthCounter, number>;

/** The layer of one member's month (null activity: no row, dormant). */
export function layerOf(a: MonthActivity | null): Layer {
  if (!a) return "dormant";
  if (a.threads >= 1 && a.reactions_received >= LEADER_MIN_REACTIONS) return "leader";
  if (PARTICIPATION.some((k) => a[k] > 0)) return "participant";
  return "reader";
}

/** The same rule as SQL over the month's summed counters (`c.<counter>`), for the rollup's insert. */
export function layerSql(): string {
  return `case when c.threads >= 1 and c.reactions_received >= ${LEADER_MIN_REACTIONS} then 'leader'
    when ${PARTICIPATION.map((k) => `c.${k} > 0`).join(" or ")} then 'participant' else 'reader' end`;
}

export function layerRuleText(): string {
  return `Leaders started a thread and received at least ${LEADER_MIN_REACTIONS} reactions that month; participants replied, reacted, voted, started a thread or attended an event; readers only read; dormant members did nothing recorded.`;
}
