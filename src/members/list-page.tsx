import { MEMBERSHIP_STATUSES, type Community, type Tier } from "../../drizzle";
import type { StaffAccess } from "../auth/roles";
import { AdminLayout, ErrorSummary } from "../communities/admin-layout";
import { SelectField, TextArea, TextField } from "../communities/fields";
import type { FieldErrors } from "../communities/forms";
import { formatDate, formatMoney } from "../ui/format";
import { STATUS_LABELS } from "./describe";
import type { MemberRow } from "./queries";
import { FIELD_LABELS, type MemberFilters } from "./schemas";
import { canManage } from "../communities/admin-context";

export interface MembersPageProps {
  community: Community;
  role: StaffAccess;
  filters: MemberFilters;
  tiers: Tier[];
  items: MemberRow[];
  nextCursor: string | null;
  flash?: string | null;
  error?: string | null;
  comp?: { values: { email: string; tierId: string; reason: string }; errors: FieldErrors };
}

function filterQuery(f: MemberFilters, changes: Partial<MemberFilters> = {}): string {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries({ ...f, ...changes })) if (v) params.set(k, v);
  return params.toString();
}

export function MembersPage(props: MembersPageProps) {
  const { community, role, filters, tiers, items, nextCursor, flash, error, comp } = props;
  const base = `/c/${community.slug}/admin/members`;
  const href = (changes: Partial<MemberFilters>) => {
    const q = filterQuery(filters, { cursor: "", ...changes });
    return q ? `${base}?${q}` : base;
  };
  return (
    <AdminLayout community={community} role={role} title="Members" current="members" flash={flash} error={error}>
      <h1>Members</h1>
      {canManage(role) ? (
        <form method="post" action={`${base}/exports`} class="actions">
          {/* The export keeps the list's tier and status filters (the email search is for finding one person). */}
          <input type="hidden" name="tierId" value={filters.tier} />
          <input type="hidden" name="status" value={filters.status} />
          <button type="submit" class="btn small secondary">
            {filters.tier || filters.status ? "Export these members as CSV" : "Export CSV"}
          </button>
          <a href={`${base}/exports`}>Earlier exports</a>
        </form>
      ) : null}
      <form method="get" action={base} class="card" role="search" aria-label="Filter members">
        <div class="filters">
          <SelectField id="filter-tier" name="tier" label="Tier" value={filters.tier} options={[{ value: "", label: "All tiers" }, ...tiers.map((t) => ({ value: t.id, label: t.name }))]} />
          <SelectField
            id="filter-status"
            name="status"
            label="Status"
            value={filters.status}
            options={[{ value: "", label: "All statuses" }, ...MEMBERSHIP_STATUSES.map((s) => ({ value: s, label: STATUS_LABELS[s] }))]}
          />
          <TextField id="filter-q" name="q" label="Search by email" type="search" value={filters.q} maxlength={100} />
          <div class="actions">
            <button type="submit" class="btn secondary">
              Filter
            </button>
            <a href={base}>Clear</a>
          </div>
        </div>
      </form>
      {items.length === 0 ? <p class="notice">{filters.tier || filters.status || filters.q ? "No members match these filters." : "No members yet."}</p> : <MembersTable base={base} items={items} />}
      <nav aria-label="Pages" class="actions">
        {filters.cursor ? <a href={href({})}>First page</a> : null}
        {nextCursor ? <a href={href({ cursor: nextCursor })}>Next page</a> : null}
      </nav>
      {canManage(role) ? <CompForm base={base} tiers={tiers} comp={comp} /> : null}
    </AdminLayout>
  );
}

function MembersTable({ base, items }: { base: string; items: MemberRow[] }) {
  return (
    <table>
      <caption class="visually-hidden">Members</caption>
      <thead>
        <tr>
          <th scope="col">Email</th>
          <th scope="col">Tier</th>
          <th scope="col">Status</th>
          <th scope="col">Pays</th>
          <th scope="col">Joined</th>
          <th scope="col">Period ends</th>
        </tr>
      </thead>
      <tbody>
        {items.map(({ membership: m, tier, price }) => (
          <tr>
            <td>
              <a href={`${base}/${m.id}`}>{m.email}</a>
            </td>
            <td>
              {tier.name} <span class="muted">(rank {tier.rank})</span>
            </td>
            <td>
              <span class="badge">{STATUS_LABELS[m.status]}</span>
              {m.cancelAtPeriodEnd ? <span class="muted"> · ends at period end</span> : null}
            </td>
            <td>{m.comped ? "Comped" : price ? `${formatMoney(price.amount, price.currency)} / ${price.interval}` : ""}</td>
            <td>{formatDate(m.joinedAt)}</td>
            <td>{formatDate(m.currentPeriodEnd)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function CompForm({ base, tiers, comp }: { base: string; tiers: Tier[]; comp?: MembersPageProps["comp"] }) {
  const errors = comp?.errors ?? {};
  const live = tiers.filter((t) => !t.archivedAt);
  return (
    <section class="card" aria-labelledby="comp-heading">
      <h2 id="comp-heading">Give someone a comped membership</h2>
      <p class="hint">An approved applicant or anyone you name joins the tier for free. Someone who already has a membership is moved to it.</p>
      <ErrorSummary errors={errors} labels={FIELD_LABELS} />
      <form method="post" action={`${base}/comp`} novalidate>
        <TextField id="comp-email" name="email" label="Email" type="email" value={comp?.values.email} error={errors.email} required />
        <SelectField id="comp-tier" name="tierId" label="Tier" value={comp?.values.tierId} error={errors.tierId} options={live.map((t) => ({ value: t.id, label: t.name }))} />
        <TextArea id="comp-reason" name="reason" label="Reason" value={comp?.values.reason} error={errors.reason} required rows={2} maxlength={1000} />
        <div class="actions">
          <button type="submit" class="btn">
            Give comped membership
          </button>
        </div>
      </form>
    </section>
  );
}
