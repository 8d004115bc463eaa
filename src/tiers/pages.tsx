import type { Community, Tier, TierInvite } from "../../drizzle";
import type { StaffAccess } from "../auth/roles";
import { AdminLayout, ErrorSummary } from "../communities/admin-layout";
import { RadioGroup, SelectField, TextArea, TextField } from "../communities/fields";
import type { FieldErrors } from "../communities/forms";
import { CURRENCY_OPTIONS } from "../communities/pages";
import { formatDate, formatMoney } from "../ui/format";
import { TIER_LABELS, type TierValues } from "./form";
import type { TierSummary } from "./overview";
import type { ActivePrices } from "./prices";

export const VISIBILITY_OPTIONS = [
  { value: "public", label: "Public", explanation: "Shown on the landing page; any approved applicant can join." },
  { value: "invite_only", label: "Invite only", explanation: "Hidden; people join through an invite link you send (your core)." },
] as const;

export const tiersBase = (community: Community) => `/c/${community.slug}/admin/tiers`;

/** "$29.00 / month · $290.00 / year" */
export function PriceList({ prices, currency }: { prices: ActivePrices; currency: string }) {
  const parts = [
    prices.month ? `${formatMoney(prices.month.amount, currency)} / month` : null,
    prices.year ? `${formatMoney(prices.year.amount, currency)} / year` : null,
  ].filter(Boolean);
  return <>{parts.length ? parts.join(" · ") : "No price"}</>;
}

export function TierBadges({ tier }: { tier: Tier }) {
  return (
    <>
      {tier.visibility === "invite_only" ? <span class="badge">Invite only</span> : null}
      {tier.archivedAt ? <span class="badge">Archived</span> : null}
    </>
  );
}

export interface TiersPageProps {
  community: Community;
  role: StaffAccess;
  tiers: TierSummary[];
  inviteLink: (invite: TierInvite) => string;
  flash?: string | null;
}

/** The pyramid: the top tier first, down to the membership at the base. */
export function TiersPage({ community, role, tiers, inviteLink, flash }: TiersPageProps) {
  const base = tiersBase(community);
  const open = tiers.filter((t) => !t.tier.archivedAt).reverse();
  const archived = tiers.filter((t) => t.tier.archivedAt);
  return (
    <AdminLayout community={community} role={role} title="Tiers" current="tiers" flash={flash}>
      <h1>Tiers</h1>
      <p class="lead">
        The levels of your community, from the membership at the base to the inner circle at the top. A higher rank sees everything the ranks below
        it see.
      </p>
      <div class="actions">
        <a href={`${base}/new`} class="btn">
          New tier
        </a>
      </div>
      {open.length === 0 ? <p class="notice">No tiers yet. Create the first one: most communities start with a public membership tier.</p> : <TierTable base={base} rows={open} inviteLink={inviteLink} caption="Tiers, top of the pyramid first" />}
      {archived.length ? (
        <section aria-labelledby="archived-tiers">
          <h2 id="archived-tiers">Archived</h2>
          <TierTable base={base} rows={archived} inviteLink={inviteLink} caption="Archived tiers" />
        </section>
      ) : null}
    </AdminLayout>
  );
}

function TierTable({ base, rows, inviteLink, caption }: { base: string; rows: TierSummary[]; inviteLink: (i: TierInvite) => string; caption: string }) {
  return (
    <table>
      <caption class="visually-hidden">{caption}</caption>
      <thead>
        <tr>
          <th scope="col">Rank</th>
          <th scope="col">Tier</th>
          <th scope="col">Price</th>
          <th scope="col">Seats taken</th>
          <th scope="col">Members</th>
          <th scope="col">Invite links</th>
        </tr>
      </thead>
      <tbody>
        {rows.map(({ tier, prices, seats, members, invites }) => (
          <tr>
            <td>{tier.rank}</td>
            <td>
              <a href={`${base}/${tier.id}`}>{tier.name}</a> <TierBadges tier={tier} />
              {tier.trialDays ? <p class="muted">{tier.trialDays}-day trial</p> : null}
            </td>
            <td>
              <PriceList prices={prices} currency={tier.currency} />
            </td>
            <td>{tier.capacity == null ? `${seats} (no cap)` : `${seats} of ${tier.capacity}${seats >= tier.capacity ? " · full" : ""}`}</td>
            <td>{members}</td>
            <td>
              {tier.visibility !== "invite_only" ? (
                <span class="muted">Public</span>
              ) : invites.length === 0 ? (
                <a href={`${base}/${tier.id}#invites`}>Create an invite</a>
              ) : (
                <ul>
                  {invites.slice(0, 3).map((i) => (
                    <li>
                      <code>{inviteLink(i)}</code>{" "}
                      <span class="muted">
                        {i.email ? `for ${i.email}, ` : ""}
                        {i.uses} of {i.maxUses} used, until {formatDate(i.expiresAt)}
                      </span>
                    </li>
                  ))}
                  {invites.length > 3 ? <li><a href={`${base}/${tier.id}#invites`}>All {invites.length} open invites</a></li> : null}
                </ul>
              )}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** The fields shared by the new-tier and edit forms; currency is chosen once, at creation. */
export function TierFields({ values, errors, currencyLocked }: { values: TierValues; errors: FieldErrors; currencyLocked: boolean }) {
  return (
    <>
      <TextField id="tier-name" name="name" label="Name" value={values.name} error={errors.name} maxlength={60} required />
      <TextArea id="tier-description" name="description" label="Description" value={values.description} error={errors.description} rows={5} maxlength={2000} hint="Markdown. What members of this tier get." />
      <TextArea id="tier-perks" name="perks" label="Perks" value={values.perks} error={errors.perks} rows={6} hint="One per line, up to 12, each at most 120 characters." />
      <div class="grid">
        <TextField id="tier-rank" name="rank" label="Rank" value={values.rank} error={errors.rank} inputmode="numeric" hint="1 is the base of the pyramid; higher ranks see everything below them." />
        <TextField id="tier-capacity" name="capacity" label="Capacity" value={values.capacity} error={errors.capacity} inputmode="numeric" hint="Seats; empty for no cap. A full tier gets a waitlist." />
        <TextField id="tier-trialDays" name="trialDays" label="Trial days" value={values.trialDays} error={errors.trialDays} inputmode="numeric" hint="0 to 90; 0 for no trial." />
      </div>
      <RadioGroup id="tier-visibility" name="visibility" label="Visibility" value={values.visibility} error={errors.visibility} options={VISIBILITY_OPTIONS} />
      <fieldset>
        <legend>Prices</legend>
        <p class="hint" id="tier-prices-hint">
          In the currency's main unit, like 29.00. Give a monthly price, a yearly price, or both; leave one empty to not offer it.
        </p>
        <div class="grid">
          <TextField id="tier-monthly" name="monthly" label="Monthly price" value={values.monthly} error={errors.monthly} inputmode="decimal" />
          <TextField id="tier-yearly" name="yearly" label="Yearly price" value={values.yearly} error={errors.yearly} inputmode="decimal" />
          {currencyLocked ? (
            <p>
              Currency: <strong>{values.currency.toUpperCase()}</strong>
              <span class="hint"> (fixed once a tier has prices)</span>
            </p>
          ) : (
            <SelectField id="tier-currency" name="currency" label="Currency" value={values.currency} error={errors.currency} options={CURRENCY_OPTIONS} />
          )}
        </div>
      </fieldset>
    </>
  );
}

export interface NewTierPageProps {
  community: Community;
  role: StaffAccess;
  values: TierValues;
  errors?: FieldErrors;
  error?: string | null;
}

export function NewTierPage({ community, role, values, errors = {}, error }: NewTierPageProps) {
  const base = tiersBase(community);
  return (
    <AdminLayout community={community} role={role} title="New tier" current="tiers" error={error}>
      <p>
        <a href={base}>← All tiers</a>
      </p>
      <h1>New tier</h1>
      <ErrorSummary errors={errors} labels={TIER_LABELS} />
      <form method="post" action={`${base}/new`} class="card" novalidate>
        <TierFields values={values} errors={errors} currencyLocked={false} />
        <div class="actions">
          <button type="submit" class="btn">
            Create tier
          </button>
        </div>
      </form>
    </AdminLayout>
  );
}
