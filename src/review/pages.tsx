import { APPLICATION_STATUSES, type Application, type ApplicationStatus, type Community } from "../../drizzle";
import type { StaffAccess } from "../auth/roles";
import { AdminLayout } from "../communities/admin-layout";
import { Checkbox, SelectField, TextField } from "../communities/fields";
import { formatDate } from "../ui/format";
import { DECISIONS } from "./decisions";
import { DECISION_LABELS, PAYMENT_LABELS, STATUS_LABELS } from "./describe";

/** The queue's filters as they appear in the address bar. */
export interface QueueFilters {
  /** "" means every status. */
  status: ApplicationStatus | "";
  from: string;
  to: string;
  flagged: boolean;
  q: string;
  cursor: string;
}

/** The filters as a query string (without "?"), with some replaced; empty values are left out. */
export function queueQuery(filters: QueueFilters, changes: Partial<QueueFilters> = {}): string {
  const f = { ...filters, ...changes };
  const params = new URLSearchParams();
  if (f.status) params.set("status", f.status);
  if (f.from) params.set("from", f.from);
  if (f.to) params.set("to", f.to);
  if (f.flagged) params.set("flagged", "1");
  if (f.q) params.set("q", f.q);
  if (f.cursor) params.set("cursor", f.cursor);
  return params.toString();
}

export interface QueuePageProps {
  community: Community;
  role: StaffAccess;
  filters: QueueFilters;
  counts: Record<ApplicationStatus, number>;
  items: Application[];
  nextCursor: string | null;
  flash?: string | null;
  error?: string | null;
  /** Every box on this page starts checked (`?select=all`): bulk selection without a script. */
  selectAll?: boolean;
}

const ACTION_OPTIONS = DECISIONS.map((d) => ({ value: d, label: DECISION_LABELS[d].button }));

export function QueuePage(props: QueuePageProps) {
  const { community, role, filters, counts, items, nextCursor, flash, error, selectAll } = props;
  const base = `/c/${community.slug}/admin/applications`;
  const href = (changes: Partial<QueueFilters>) => {
    const query = queueQuery(filters, { cursor: "", ...changes });
    return query ? `${base}?${query}` : base;
  };
  const pageQuery = queueQuery(filters);
  const selectAllHref = `${base}?${pageQuery ? `${pageQuery}&` : ""}select=all#bulk`;
  return (
    <AdminLayout community={community} role={role} title="Applications" current="applications" flash={flash} error={error}>
      <h1>Applications</h1>
      <StatusTabs filters={filters} counts={counts} href={href} />
      <FilterForm base={base} filters={filters} />
      {items.length === 0 ? (
        <p class="notice">{isFiltered(filters) ? "No applications match these filters." : "No applications yet. Share your landing page to get the first ones."}</p>
      ) : (
        <form method="post" action={`${base}/bulk`} id="bulk">
          <input type="hidden" name="back" value={queueQuery(filters)} />
          <p class="actions">
            {selectAll ? <a href={href({ cursor: filters.cursor })}>Clear selection</a> : <a href={selectAllHref}>Select all {items.length} on this page</a>}
          </p>
          <QueueTable base={base} items={items} query={queueQuery({ ...filters, cursor: "" })} selectAll={selectAll} />
          <fieldset>
            <legend>Decide on the selected applications</legend>
            <div class="filters">
              <SelectField id="bulk-action" name="action" label="Action" options={ACTION_OPTIONS} value="approve" />
              <TextField id="bulk-reason" name="reason" label="Reason" hint="Optional; shown to rejected applicants." maxlength={2000} />
              <button type="submit" class="btn">
                Apply to selected
              </button>
            </div>
          </fieldset>
        </form>
      )}
      <nav aria-label="Pages" class="actions">
        {filters.cursor ? <a href={href({})}>First page</a> : null}
        {nextCursor ? <a href={href({ cursor: nextCursor })}>Next page</a> : null}
      </nav>
    </AdminLayout>
  );
}

const isFiltered = (f: QueueFilters) => !!(f.status || f.from || f.to || f.flagged || f.q);

function StatusTabs(props: { filters: QueueFilters; counts: Record<ApplicationStatus, number>; href: (c: Partial<QueueFilters>) => string }) {
  const { filters, counts, href } = props;
  const total = APPLICATION_STATUSES.reduce((sum, s) => sum + counts[s], 0);
  const tabs: { status: ApplicationStatus | ""; label: string; count: number }[] = [
    { status: "", label: "All", count: total },
    ...(["under_review", "waitlisted", "awaiting_payment", "expired", "approved", "rejected"] as const).map((s) => ({
      status: s,
      label: STATUS_LABELS[s],
      count: counts[s],
    })),
  ];
  return (
    <nav aria-label="Application status" class="actions">
      {tabs.map((t) => (
        <a
          href={href({ status: t.status })}
          class={filters.status === t.status ? "btn small" : "btn small secondary"}
          aria-current={filters.status === t.status ? "page" : undefined}
        >
          {t.label} ({t.count})
        </a>
      ))}
    </nav>
  );
}

function FilterForm({ base, filters }: { base: string; filters: QueueFilters }) {
  return (
    <form method="get" action={base} class="card" role="search" aria-label="Filter applications">
      {filters.status ? <input type="hidden" name="status" value={filters.status} /> : null}
      <div class="filters">
        <TextField id="filter-q" name="q" label="Search name or email" type="search" value={filters.q} maxlength={100} />
        <TextField id="filter-from" name="from" label="Submitted from" type="date" value={filters.from} />
        <TextField id="filter-to" name="to" label="Submitted to" type="date" value={filters.to} />
        <Checkbox id="filter-flagged" name="flagged" label="Flagged only" checked={filters.flagged} />
        <div class="actions">
          <button type="submit" class="btn secondary">
            Filter
          </button>
          <a href={filters.status ? `${base}?status=${filters.status}` : base}>Clear</a>
        </div>
      </div>
    </form>
  );
}

function QueueTable({ base, items, query, selectAll }: { base: string; items: Application[]; query: string; selectAll?: boolean }) {
  return (
    <table class="stack">
      <caption class="visually-hidden">Applications</caption>
      <thead>
        <tr>
          <th scope="col">
            <span class="visually-hidden">Select</span>
          </th>
          <th scope="col">Name</th>
          <th scope="col">Email</th>
          <th scope="col">Submitted</th>
          <th scope="col">Status</th>
          <th scope="col">Payment</th>
          <th scope="col">Flag</th>
        </tr>
      </thead>
      <tbody>
        {items.map((app) => (
          <tr>
            <td class="select">
              <input type="checkbox" id={`select-${app.id}`} name="ids" value={app.id} checked={selectAll} />
              <label for={`select-${app.id}`} class="visually-hidden">
                Select {app.name}
              </label>
            </td>
            <td>
              <a href={query ? `${base}/${app.id}?${query}` : `${base}/${app.id}`}>{app.name}</a>
            </td>
            <td data-label="Email">{app.email}</td>
            <td data-label="Submitted">{formatDate(app.createdAt)}</td>
            <td data-label="Status">
              <span class={`badge ${app.status}`}>{STATUS_LABELS[app.status]}</span>
            </td>
            <td data-label="Payment">
              <span class={`badge ${app.paymentStatus}`}>{PAYMENT_LABELS[app.paymentStatus]}</span>
            </td>
            <td data-label="Flag">{app.flagged ? <span class="badge flag">Flagged</span> : null}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
