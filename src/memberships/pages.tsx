import type { Community, Membership, Tier, TierPrice } from "../../drizzle";
import { formatDate, formatMoney } from "../ui/format";
import { Layout, page } from "../ui/layout";
import { renderMarkdown } from "../ui/markdown";
import type { Access } from "./access";
import { JoinCodeField } from "../referrals/join-code-field";

export interface TierChoice {
  tier: Tier;
  month?: TierPrice;
  year?: TierPrice;
  seatsLeft: number | null;
  /** The person's place on this tier's waitlist, if they are on it. */
  waitlistPosition?: number;
  offered?: boolean;
}

export function renderJoin(props: { community: Community; choices: TierChoice[]; invite?: string; notice?: { tone: "ok" | "warn" | "bad"; text: string }; email: string }): string {
  const { community, choices, invite, notice, email } = props;
  return page(
    <Layout title={`Join ${community.name}`}>
      <p class="muted">Signed in as {email}</p>
      <h1>Choose your membership</h1>
      <p class="lead">Pick the tier that fits. You can change or cancel at any time from your member home.</p>
      {notice ? <div class={`notice ${notice.tone}`} role="status">{notice.text}</div> : null}
      <div class="grid">
        {choices.map((c) => (
          <section class="card" aria-labelledby={`tier-${c.tier.id}`}>
            <h2 id={`tier-${c.tier.id}`}>{c.tier.name}</h2>
            {c.tier.visibility === "invite_only" ? <p><span class="badge">By invitation</span></p> : null}
            <div class="prose" dangerouslySetInnerHTML={{ __html: renderMarkdown(c.tier.description) }} />
            {c.tier.perks.length ? (
              <ul>
                {c.tier.perks.map((p) => (
                  <li>{p}</li>
                ))}
              </ul>
            ) : null}
            {c.seatsLeft != null ? <p class="muted">{c.seatsLeft > 0 ? `${c.seatsLeft} of ${c.tier.capacity} seats left` : "Full"}</p> : null}
            {c.offered ? <p class="notice ok">A seat is held for you.</p> : null}
            {c.seatsLeft === 0 && !c.offered ? (
              <form method="post" action={`/c/${community.slug}/join/waitlist`}>
                <input type="hidden" name="tier_id" value={c.tier.id} />
                {c.waitlistPosition ? (
                  <p>You are number {c.waitlistPosition} on the waitlist. We email you when a seat frees up.</p>
                ) : (
                  <button class="btn secondary" type="submit">Join the waitlist</button>
                )}
              </form>
            ) : (
              <form method="post" action={`/c/${community.slug}/join`}>
                <input type="hidden" name="tier_id" value={c.tier.id} />
                {invite ? <input type="hidden" name="invite" value={invite} /> : null}
                <fieldset>
                  <legend>Billing</legend>
                  {c.month ? (
                    <label class="choice" for={`m-${c.tier.id}`}>
                      <input type="radio" id={`m-${c.tier.id}`} name="interval" value="month" checked />
                      <span>{formatMoney(c.month.amount, c.month.currency)} per month</span>
                    </label>
                  ) : null}
                  {c.year ? (
                    <label class="choice" for={`y-${c.tier.id}`}>
                      <input type="radio" id={`y-${c.tier.id}`} name="interval" value="year" checked={!c.month} />
                      <span>{formatMoney(c.year.amount, c.year.currency)} per year</span>
                    </label>
                  ) : null}
                </fieldset>
                {c.tier.trialDays > 0 ? <p class="muted">First {c.tier.trialDays} days free.</p> : null}
                <JoinCodeField tierId={c.tier.id} />
                <button class="btn" type="submit" aria-label={`Join ${c.tier.name}`}>
                  Join {c.tier.name}
                </button>
              </form>
            )}
          </section>
        ))}
      </div>
      {choices.length === 0 ? <p>No tier is open to you right now.</p> : null}
      <p class="trust">Payments go through Stripe; cancel any time from your member home.</p>
    </Layout>,
  );
}

const STATUS_TEXT: Record<Membership["status"], string> = {
  incomplete: "Waiting for payment",
  trialing: "Free trial",
  active: "Active",
  past_due: "Payment failed",
  unpaid: "Unpaid",
  canceled: "Ended",
  removed: "Removed",
  expired: "Not started",
};

/** The member's standing on the front page: payment notices, tier, status, and the billing button. */
export function MembershipCard(props: { community: Community; access: Access; joined: boolean }) {
  const { community, access, joined } = props;
  const m = access.membership;
  const staff = access.rank === Number.POSITIVE_INFINITY;
  return (
    <>
      {joined && m?.status === "incomplete" ? <div class="notice warn" role="status">We are confirming your payment with Stripe. Refresh in a moment.</div> : null}
      {joined && m && m.status !== "incomplete" ? <div class="notice ok" role="status">Welcome to {community.name}!</div> : null}
      {access.standing === "grace" ? (
        <div class="notice warn" role="alert">
          Your last payment failed. You keep access until {formatDate(access.graceEndsAt)}; update your card to stay.
        </div>
      ) : null}
      {access.standing === "lapsed" ? (
        <div class="notice bad" role="alert">
          Your payment is overdue and access is paused. Update your card to come back in.
        </div>
      ) : null}
      <section class="card" aria-labelledby="membership-h">
        <h2 id="membership-h">Your membership</h2>
        {m && access.tier ? (
          <dl class="answers">
            <dt>Tier</dt>
            <dd data-testid="tier">{access.tier.name}</dd>
            <dt>Status</dt>
            <dd>
              <span class={`badge ${m.status}`}>{m.comped ? "Complimentary" : STATUS_TEXT[m.status]}</span>
            </dd>
            {m.currentPeriodEnd && !m.comped ? (
              <>
                <dt>{m.cancelAtPeriodEnd ? "Access ends" : "Renews"}</dt>
                <dd>{formatDate(m.currentPeriodEnd)}</dd>
              </>
            ) : null}
          </dl>
        ) : (
          <p>{staff ? `You run this community (${access.role}).` : "You have no membership yet."}</p>
        )}
        {m?.stripeCustomerId && !m.comped ? (
          <form method="post" action={`/c/${community.slug}/home/billing`}>
            <button class="btn secondary" type="submit">Manage billing</button>
            <p class="hint">Change tier or billing interval, update your card, or cancel, on Stripe's billing page.</p>
          </form>
        ) : null}
        {access.role !== "none" ? (
          <p>
            <a href={`/c/${community.slug}/profile`}>Your profile</a>: the name, bio and avatar other members see.
          </p>
        ) : null}
        {m && m.status !== "incomplete" ? <p><a href={`/c/${community.slug}/referrals`}>Invite friends</a>: your personal invitation link and the people you brought.</p> : null}
      </section>
    </>
  );
}
