import type { Community, Tier, TierInvite } from "../../drizzle";
import type { StaffAccess } from "../auth/roles";
import { AdminLayout, ErrorSummary } from "../communities/admin-layout";
import { SelectField, TextArea, TextField } from "../communities/fields";
import type { FieldErrors } from "../communities/forms";
import { formatDate, formatMoney } from "../ui/format";
import { INVITE_LABELS, MIGRATION_LABELS, TIER_LABELS, type InviteValues, type MigrationValues, type TierValues } from "./form";
import { isUsable } from "./invites";
import type { PriceStat } from "./overview";
import { PriceList, TierBadges, TierFields, tiersBase } from "./pages";
import type { ActivePrices } from "./prices";

/** A form being shown again after a failed submit. */
export interface FormState<V> {
  values: V;
  errors: FieldErrors;
}

export interface TierEditPageProps {
  community: Community;
  role: StaffAccess;
  tier: Tier;
  prices: ActivePrices;
  stats: PriceStat[];
  invites: TierInvite[];
  now: Date;
  earliestMigration: string;
  inviteLink: (invite: TierInvite) => string;
  edit: FormState<TierValues>;
  migration?: FormState<MigrationValues>;
  invite?: FormState<InviteValues>;
  /** The invite just created, whose link is shown at the top. */
  created?: TierInvite | null;
  flash?: string | null;
  error?: string | null;
}

export function TierEditPage(props: TierEditPageProps) {
  const { community, role, tier, prices, edit, created, inviteLink, flash, error } = props;
  const action = `${tiersBase(community)}/${tier.id}`;
  return (
    <AdminLayout community={community} role={role} title={`Tier: ${tier.name}`} current="tiers" flash={flash} error={error}>
      <p>
        <a href={tiersBase(community)}>← All tiers</a>
      </p>
      <h1>
        {tier.name} <TierBadges tier={tier} />
      </h1>
      <p class="lead">
        Rank {tier.rank} · <PriceList prices={prices} currency={tier.currency} />
      </p>
      {created ? (
        <div class="notice ok" role="status">
          Send this invite link{created.email ? ` to ${created.email}` : ""}: <code>{inviteLink(created)}</code>
        </div>
      ) : null}
      <WhoPaysWhat stats={props.stats} currency={tier.currency} />
      {tier.archivedAt ? (
        <p class="notice">Archived on {formatDate(tier.archivedAt)}. Archived tiers cannot change or take new members.</p>
      ) : (
        <>
          <section class="card" aria-labelledby="edit-tier">
            <h2 id="edit-tier">Edit tier</h2>
            <p class="notice" id="price-change-note">
              <strong>Changing a price only affects new members.</strong> Everyone who already pays keeps their current price until you move them
              with the form below.
            </p>
            <ErrorSummary errors={edit.errors} labels={TIER_LABELS} />
            <form method="post" action={action} novalidate>
              <TierFields values={edit.values} errors={edit.errors} currencyLocked />
              <div class="actions">
                <button type="submit" class="btn">
                  Save tier
                </button>
              </div>
            </form>
          </section>
          <MigrationForm {...props} action={`${action}/migrations`} />
          {tier.visibility === "invite_only" ? <InviteSection {...props} action={`${action}/invites`} /> : null}
          <section class="card" aria-labelledby="archive-tier">
            <h2 id="archive-tier">Archive</h2>
            <p class="hint">Hides the tier from new joiners. Only a tier without members can be archived: move them to another tier first.</p>
            <form method="post" action={`${action}/archive`}>
              <button type="submit" class="btn secondary">
                Archive {tier.name}
              </button>
            </form>
          </section>
        </>
      )}
    </AdminLayout>
  );
}

function WhoPaysWhat({ stats, currency }: { stats: PriceStat[]; currency: string }) {
  if (!stats.length) return null;
  return (
    <section aria-labelledby="who-pays-what">
      <h2 id="who-pays-what">Who pays what</h2>
      <table>
        <caption class="visually-hidden">Prices of this tier and the members paying each</caption>
        <thead>
          <tr>
            <th scope="col">Price</th>
            <th scope="col">Offered to new members</th>
            <th scope="col">Members paying it</th>
            <th scope="col">Scheduled moves</th>
          </tr>
        </thead>
        <tbody>
          {stats.map((s) => (
            <tr>
              <td>
                {formatMoney(s.price.amount, currency)} / {s.price.interval}
              </td>
              <td>{s.price.active ? "Yes (current price)" : "No (grandfathered)"}</td>
              <td>{s.members}</td>
              <td>{s.scheduled ? `${s.scheduled} from ${formatDate(s.nextMigrationAt)}` : "None"}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

function MigrationForm(props: TierEditPageProps & { action: string }) {
  const { prices, stats, migration, earliestMigration, action, tier } = props;
  const intervals = (["month", "year"] as const).filter((i) => prices[i]);
  const waiting = stats.filter((s) => !s.price.active && s.members > s.scheduled).reduce((n, s) => n + s.members - s.scheduled, 0);
  const values = migration?.values ?? { interval: intervals[0] ?? "month", effectiveAt: earliestMigration, reason: "" };
  const errors = migration?.errors ?? {};
  return (
    <section class="card" aria-labelledby="migrate">
      <h2 id="migrate">Move existing members to the new price</h2>
      <p class="hint">
        {waiting
          ? `${waiting} member${waiting === 1 ? "" : "s"} of ${tier.name} still pay${waiting === 1 ? "s" : ""} an older price with nothing scheduled.`
          : "Everyone pays the current price or already has a move scheduled."}{" "}
        Each member is emailed now with the old and new amount and the date. The new price is charged from their first renewal on or after that
        date, which must be at least 7 days away.
      </p>
      <ErrorSummary errors={errors} labels={MIGRATION_LABELS} />
      <form method="post" action={action} novalidate>
        <SelectField
          id="migrate-interval"
          name="interval"
          label="Which price"
          value={values.interval}
          error={errors.interval}
          options={intervals.map((i) => ({ value: i, label: `${i === "month" ? "Monthly" : "Yearly"}: move to ${formatMoney(prices[i]!.amount, tier.currency)}` }))}
        />
        <TextField
          id="migrate-effectiveAt"
          name="effectiveAt"
          label="Effective date"
          type="date"
          value={values.effectiveAt}
          error={errors.effectiveAt}
          hint={`UTC. ${earliestMigration} or later.`}
        />
        <TextArea id="migrate-reason" name="reason" label="Reason" value={values.reason} error={errors.reason} rows={2} maxlength={500} hint="Kept in the audit log." />
        <div class="actions">
          <button type="submit" class="btn">
            Schedule the move and email members
          </button>
        </div>
      </form>
    </section>
  );
}

function InviteSection(props: TierEditPageProps & { action: string }) {
  const { invites, invite, inviteLink, now, action } = props;
  const values = invite?.values ?? { email: "", maxUses: "1", days: "14" };
  const errors = invite?.errors ?? {};
  return (
    <section class="card" aria-labelledby="invites-heading" id="invites">
      <h2 id="invites-heading">Invites</h2>
      <p class="hint">This tier is invite only: people join through a link you send them.</p>
      {invites.length ? (
        <table>
          <caption class="visually-hidden">Invites to this tier</caption>
          <thead>
            <tr>
              <th scope="col">Link</th>
              <th scope="col">For</th>
              <th scope="col">Used</th>
              <th scope="col">Until</th>
            </tr>
          </thead>
          <tbody>
            {invites.map((i) => (
              <tr>
                <td>{isUsable(i, now) ? <code>{inviteLink(i)}</code> : <span class="muted">{i.uses >= i.maxUses ? "Used up" : "Expired"}</span>}</td>
                <td>{i.email ?? "Anyone with the link"}</td>
                <td>
                  {i.uses} of {i.maxUses}
                </td>
                <td>{formatDate(i.expiresAt)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      <ErrorSummary errors={errors} labels={INVITE_LABELS} />
      <form method="post" action={action} novalidate>
        <TextField id="invite-email" name="email" label="Only for this email" type="email" value={values.email} error={errors.email} hint="Optional; empty lets anyone with the link use it." />
        <div class="grid">
          <TextField id="invite-maxUses" name="maxUses" label="Number of uses" value={values.maxUses} error={errors.maxUses} inputmode="numeric" />
          <TextField id="invite-days" name="days" label="Valid for (days)" value={values.days} error={errors.days} inputmode="numeric" />
        </div>
        <div class="actions">
          <button type="submit" class="btn">
            Create invite link
          </button>
        </div>
      </form>
    </section>
  );
}
