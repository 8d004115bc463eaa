import { MEMBER_STATUSES } from "./ledger";

/**
 * MRR movements from the membership ledger, replayed day by day. Each person (by email: a rejoin
 * is a new membership of the same person) is compared between the start and the end of each day:
 *
 * - 0 -> paying: *new*, or *reactivated* if they paid before;
 * - paying -> 0: *churned*, *involuntary* when a payment had failed (past due or unpaid) on the
 *   way out, *voluntary* otherwise (a cancellation, or the owner removing them);
 * - paying more or less: *expansion* or *contraction*. A move to another tier counts, in the
 *   per-tier figures, as contraction of the whole amount in the tier left and expansion of the
 *   whole amount in the tier joined; across all tiers only the difference counts;
 * - past due -> active: a *recovery* in the grace period.
 *
 * Changes back and forth within one day cancel out: a day is the unit.
 */

export interface MemberState {
  tierId: string;
  status: string;
  mrr: number;
  /** Paid at some point before (a later return is a reactivation, not a new customer). */
  everPaid: boolean;
}

export interface LedgerEntry {
  email: string;
  tierId: string;
  status: string;
  mrr: number;
  at: number;
}

export interface MoneyDay {
  members: number;
  paying: number;
  mrr: number;
  newMrr: number;
  expansionMrr: number;
  contractionMrr: number;
  churnedMrr: number;
  reactivatedMrr: number;
  joined: number;
  churnedVoluntary: number;
  churnedInvoluntary: number;
  recoveries: number;
}

/** "" is the all-tiers row. */
export const ALL_TIERS = "";

export const emptyMoneyDay = (): MoneyDay => ({
  members: 0,
  paying: 0,
  mrr: 0,
  newMrr: 0,
  expansionMrr: 0,
  contractionMrr: 0,
  churnedMrr: 0,
  reactivatedMrr: 0,
  joined: 0,
  churnedVoluntary: 0,
  churnedInvoluntary: 0,
  recoveries: 0,
});

const FAILED = new Set(["past_due", "unpaid"]);
const MEMBER = new Set<string>(MEMBER_STATUSES);
const DAY_MS = 86_400_000;

export const dayStart = (day: string) => Date.parse(`${day}T00:00:00Z`);

/**
 * Replays `entries` (sorted by time, all within `days`) over the states at the start of the
 * first day, mutating `states` to the end of the last day. Returns each day's figures per tier.
 */
export function replayDays(states: Map<string, MemberState>, entries: LedgerEntry[], days: string[]): Map<string, Map<string, MoneyDay>> {
  const out = new Map<string, Map<string, MoneyDay>>();
  let next = 0;
  for (const day of days) {
    const end = dayStart(day) + DAY_MS;
    const rows = new Map<string, MoneyDay>([[ALL_TIERS, emptyMoneyDay()]]);
    const row = (tier: string) => rows.get(tier) ?? rows.set(tier, emptyMoneyDay()).get(tier)!;
    const before = new Map<string, MemberState | undefined>();
    const failed = new Set<string>();
    for (; next < entries.length && entries[next]!.at < end; next++) {
      const e = entries[next]!;
      const prev = states.get(e.email);
      if (!before.has(e.email)) before.set(e.email, prev && { ...prev });
      if (FAILED.has(e.status) || (prev && FAILED.has(prev.status))) failed.add(e.email);
      states.set(e.email, { tierId: e.tierId, status: e.status, mrr: e.mrr, everPaid: (prev?.everPaid ?? false) || (prev?.mrr ?? 0) > 0 });
    }
    for (const [email, prev] of before) {
      const cur = states.get(email)!;
      classify(prev, cur, failed.has(email), row);
      cur.everPaid = cur.everPaid || cur.mrr > 0;
    }
    for (const s of states.values()) {
      for (const r of [row(ALL_TIERS), row(s.tierId)]) {
        if (MEMBER.has(s.status)) r.members += 1;
        if (s.mrr > 0) {
          r.paying += 1;
          r.mrr += s.mrr;
        }
      }
    }
    out.set(day, rows);
  }
  return out;
}

function classify(prev: MemberState | undefined, cur: MemberState, failed: boolean, row: (tier: string) => MoneyDay) {
  const all = row(ALL_TIERS);
  const was = prev?.mrr ?? 0;
  const now = cur.mrr;
  if (prev && prev.status === "past_due" && cur.status === "active") {
    all.recoveries += 1;
    row(cur.tierId).recoveries += 1;
  }
  if (was === 0 && now > 0) {
    const key = prev?.everPaid ? "reactivatedMrr" : "newMrr";
    for (const r of [all, row(cur.tierId)]) {
      r[key] += now;
      r.joined += 1;
    }
  } else if (was > 0 && now === 0) {
    const key = failed ? "churnedInvoluntary" : "churnedVoluntary";
    for (const r of [all, row(prev!.tierId)]) {
      r.churnedMrr += was;
      r[key] += 1;
    }
  } else if (was > 0 && now > 0) {
    if (now > was) all.expansionMrr += now - was;
    if (now < was) all.contractionMrr += was - now;
    if (prev!.tierId === cur.tierId) {
      const r = row(cur.tierId);
      if (now > was) r.expansionMrr += now - was;
      if (now < was) r.contractionMrr += was - now;
    } else {
      row(prev!.tierId).contractionMrr += was;
      row(cur.tierId).expansionMrr += now;
    }
  }
}
