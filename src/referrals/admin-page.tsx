import type { Community, ReferralProgram, ReferrerTotals } from "../../drizzle";
import type { StaffAccess } from "../auth/roles";
import { AdminLayout, ErrorSummary } from "../communities/admin-layout";
import { Checkbox, RadioGroup, TextField } from "../communities/fields";
import { formatMajorAmount } from "../communities/forms";
import type { DisplayName } from "../profiles/names";
import { formatMoney } from "../ui/format";
import { page } from "../ui/layout";
import type { ProgramTotals } from "./queries";

export interface ReferralAdminProps {
  community: Community;
  role: StaffAccess;
  program: ReferralProgram | null;
  leaders: ReferrerTotals[];
  totals: ProgramTotals;
  names: Map<string, DisplayName>;
  values?: Record<string, string>;
  errors?: Record<string, string>;
  flash?: string | null;
}

const LABELS: Record<string, string> = {
  refereeTarget: "Discount applies to",
  refereePercentOff: "Percent off",
  refereeAmountOff: "Amount off",
  rewardKind: "Reward for the member",
  rewardValue: "Reward size",
  refundWindowDays: "Refund window",
};

export function programValues(p: ReferralProgram | null, currency: string): Record<string, string> {
  return {
    active: p?.active ? "on" : "",
    refereeTarget: p?.refereeTarget ?? "fee",
    refereePercentOff: p?.refereePercentOff != null ? String(p.refereePercentOff) : "",
    refereeAmountOff: p?.refereeAmountOff != null ? formatMajorAmount(p.refereeAmountOff, currency) : "",
    rewardKind: p?.rewardKind ?? "credit",
    rewardValue: p && p.rewardKind !== "credit" ? String(p.rewardValue) : "",
    refundWindowDays: String(p?.refundWindowDays ?? 30),
  };
}

/** The owner's referral offer, the leaderboard and what referrals cost and earned. */
export function renderReferralAdmin(p: ReferralAdminProps): string {
  const { community } = p;
  const v = p.values ?? programValues(p.program, community.currency);
  const e = p.errors ?? {};
  const money = (n: number) => formatMoney(n, community.currency);
  return page(
    <AdminLayout community={community} role={p.role} title="Referrals" current="referrals" flash={p.flash}>
      <h1>Referrals</h1>
      <section class="card" aria-labelledby="totals-h">
        <h2 id="totals-h">What referrals cost and earned</h2>
        <dl class="stats">
          <dt>Members sharing a link who brought someone</dt>
          <dd data-testid="referrers">{p.totals.referrers}</dd>
          <dt>Applied through a link</dt>
          <dd>{p.totals.brought}</dd>
          <dt>Joined and paid</dt>
          <dd data-testid="joined">{p.totals.joined}</dd>
          <dt>Discounts given to those invited</dt>
          <dd>{money(p.totals.discountTotal)}</dd>
          <dt>Rewards given to members</dt>
          <dd data-testid="credit">{money(p.totals.creditTotal)}</dd>
          <dt>First payments of those who joined</dt>
          <dd data-testid="revenue">{money(p.totals.revenue)}</dd>
        </dl>
      </section>
      <section class="card" aria-labelledby="leaders-h">
        <h2 id="leaders-h">Leaderboard</h2>
        {p.leaders.length ? (
          <table class="stack">
            <caption class="muted">Members by people who joined through their link</caption>
            <thead>
              <tr>
                <th scope="col">Member</th>
                <th scope="col">Applied</th>
                <th scope="col">Joined</th>
                <th scope="col">Rewards</th>
              </tr>
            </thead>
            <tbody>
              {p.leaders.map((l) => (
                <tr>
                  <td data-label="Member">{p.names.get(l.email)?.name ?? l.email}</td>
                  <td data-label="Applied">{l.brought}</td>
                  <td data-label="Joined">{l.joined}</td>
                  <td data-label="Rewards">{money(l.creditTotal)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        ) : (
          <p class="muted">Nobody has applied through a member's link yet.</p>
        )}
      </section>
      <form method="post" action={`/c/${community.slug}/admin/referrals`} class="card" novalidate>
        <h2>The offer</h2>
        <ErrorSummary errors={e} labels={LABELS} />
        <Checkbox id="active" name="active" label="Offer it to people invited by members" checked={v.active === "on"} hint="Links still attribute applications while the offer is off." />
        <RadioGroup
          id="refereeTarget"
          name="refereeTarget"
          label="Discount applies to"
          value={v.refereeTarget}
          error={e.refereeTarget}
          options={[
            { value: "fee", label: "The application fee" },
            { value: "first_month", label: "The first month, once approved" },
          ]}
        />
        <TextField id="refereePercentOff" name="refereePercentOff" label="Percent off" inputmode="numeric" value={v.refereePercentOff} error={e.refereePercentOff} hint="1 to 100; leave empty to give an amount instead." />
        <TextField id="refereeAmountOff" name="refereeAmountOff" label={`Amount off (${community.currency.toUpperCase()})`} inputmode="decimal" value={v.refereeAmountOff} error={e.refereeAmountOff} />
        <RadioGroup
          id="rewardKind"
          name="rewardKind"
          label="Reward for the member"
          value={v.rewardKind}
          error={e.rewardKind}
          options={[
            { value: "credit", label: "A month's credit", explanation: "a month of their own price, as credit on their next invoice" },
            { value: "coupon", label: "A coupon", explanation: "a percentage off their next invoice" },
            { value: "points", label: "Points", explanation: "toward their level" },
          ]}
        />
        <TextField id="rewardValue" name="rewardValue" label="Reward size" inputmode="numeric" value={v.rewardValue} error={e.rewardValue} hint="Percent off for a coupon, or a number of points." />
        <TextField id="refundWindowDays" name="refundWindowDays" label="Refund window (days)" inputmode="numeric" value={v.refundWindowDays} error={e.refundWindowDays} hint="A refund of the first payment within this many days takes the reward back." />
        <div class="actions">
          <button class="btn" type="submit">
            Save the offer
          </button>
        </div>
      </form>
    </AdminLayout>,
  );
}
