import type { Community, Referral, ReferralProgram, ReferrerTotals } from "../../drizzle";
import type { DisplayName } from "../profiles/names";
import { describeDiscount } from "../promotions/pricing";
import { formatDate, formatMoney } from "../ui/format";
import { Layout, page } from "../ui/layout";

export interface MemberReferralsProps {
  community: Community;
  linkUrl: string | null;
  program: ReferralProgram | null;
  referrals: Referral[];
  totals: ReferrerTotals | null;
  names: Map<string, DisplayName>;
  flash?: string | null;
}

const STATUS: Record<Referral["status"], string> = {
  applied: "Applied: reviewed like everyone else",
  rewarding: "Joined: your reward is on its way",
  rewarded: "Joined: reward given",
  reversing: "Refunded: reward being taken back",
  reversed: "Refunded: reward taken back",
  void: "No reward",
};

export function offerSummary(program: ReferralProgram | null, community: Community): { friend: string; you: string } | null {
  if (!program?.active) return null;
  const money = (n: number) => formatMoney(n, community.currency);
  const off = program.refereePercentOff != null || program.refereeAmountOff != null ? describeDiscount({ percentOff: program.refereePercentOff, amountOff: program.refereeAmountOff }, money) : null;
  const friend = off ? `${off} ${program.refereeTarget === "fee" ? "their application fee" : "their first month"}` : "no discount, the same review";
  const you =
    program.rewardKind === "credit" ? "a month of your membership as credit" : program.rewardKind === "coupon" ? `${program.rewardValue}% off your next invoice` : `${program.rewardValue} points toward your level`;
  return { friend, you };
}

/** A member's invitation link, the people they brought and what they earned. */
export function renderMemberReferrals(p: MemberReferralsProps): string {
  const { community } = p;
  const offer = offerSummary(p.program, community);
  const base = `/c/${community.slug}/referrals`;
  return page(
    <Layout title={`Invite friends · ${community.name}`} narrow>
      <p class="muted">
        <a href={`/c/${community.slug}/home`}>← {community.name}</a>
      </p>
      <h1>Invite friends</h1>
      {p.flash ? (
        <div class="notice ok" role="status">
          {p.flash}
        </div>
      ) : null}
      <p>Friends you invite still apply and are reviewed like everyone else.</p>
      {offer ? (
        <p>
          They get {offer.friend}. Once they are approved and have paid their first month, you get {offer.you} (taken back if that payment is refunded within{" "}
          {p.program!.refundWindowDays} days).
        </p>
      ) : null}
      <section class="card" aria-labelledby="link-h">
        <h2 id="link-h">Your invitation link</h2>
        {p.linkUrl ? (
          <>
            <label for="referral-link">Copy and share this link</label>
            <input id="referral-link" type="text" readonly value={p.linkUrl} />
            <form method="post" action={`${base}/revoke`}>
              <p class="hint">Withdrawing it stops new invitations through it at once; you can make a new one afterwards.</p>
              <button class="btn secondary" type="submit">
                Withdraw this link
              </button>
            </form>
          </>
        ) : (
          <form method="post" action={`${base}/link`}>
            <button class="btn" type="submit">
              Make my invitation link
            </button>
          </form>
        )}
      </section>
      <section class="card" aria-labelledby="brought-h">
        <h2 id="brought-h">People you invited</h2>
        {p.totals ? (
          <p>
            {p.totals.brought} applied, {p.totals.joined} joined
            {p.totals.creditTotal > 0 ? `, ${formatMoney(p.totals.creditTotal, community.currency)} in rewards` : ""}.
          </p>
        ) : null}
        {p.referrals.length ? (
          <ul class="list">
            {p.referrals.map((r) => (
              <li>
                <strong>{p.names.get(r.referredEmail)?.name ?? "Someone you invited"}</strong> · {formatDate(r.createdAt)} · <span>{STATUS[r.status]}</span>
                {r.status === "rewarded" && r.rewardKind === "credit" && r.rewardAmount ? ` (${formatMoney(r.rewardAmount, community.currency)} credit)` : ""}
              </li>
            ))}
          </ul>
        ) : (
          <p class="muted">Nobody has applied through your link yet.</p>
        )}
      </section>
    </Layout>,
  );
}
