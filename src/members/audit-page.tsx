import type { AuditEntry, Community } from "../../drizzle";
import type { StaffAccess } from "../auth/roles";
import { AdminLayout } from "../communities/admin-layout";
import { formatDateTime } from "../ui/format";
import { actionLabel, describeDetail, describeSubject, type AuditNames } from "./describe";

export interface AuditPageProps {
  community: Community;
  role: StaffAccess;
  items: AuditEntry[];
  /** Tier and price-test names by id, for the entries shown. */
  names: AuditNames;
  cursor: string;
  nextCursor: string | null;
}

/** Who did what to whom, and why: newest first. */
export function AuditPage({ community, role, items, names, cursor, nextCursor }: AuditPageProps) {
  const base = `/c/${community.slug}/admin/audit`;
  return (
    <AdminLayout community={community} role={role} title="Audit log" current="audit">
      <h1>Audit log</h1>
      <p class="lead">Every change to members, tiers and prices, with who made it and why.</p>
      {items.length === 0 ? (
        <p class="notice">Nothing recorded yet.</p>
      ) : (
        <table class="stack">
          <caption class="visually-hidden">Audit log of {community.name}</caption>
          <thead>
            <tr>
              <th scope="col">When</th>
              <th scope="col">Who</th>
              <th scope="col">Action</th>
              <th scope="col">Subject</th>
              <th scope="col">Reason</th>
              <th scope="col">Details</th>
            </tr>
          </thead>
          <tbody>
            {items.map((e) => (
              <tr>
                <td data-label="When">{formatDateTime(e.createdAt)}</td>
                <td data-label="Who">{e.actor}</td>
                <td data-label="Action">{actionLabel(e.action)}</td>
                <td data-label="Subject">{describeSubject(e, names)}</td>
                <td data-label="Reason">{e.reason}</td>
                <td data-label="Details">{describeDetail(e, names, community.currency)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <nav aria-label="Pages" class="actions">
        {cursor ? <a href={base}>Newest</a> : null}
        {nextCursor ? <a href={`${base}?cursor=${encodeURIComponent(nextCursor)}`}>Older entries</a> : null}
      </nav>
    </AdminLayout>
  );
}
