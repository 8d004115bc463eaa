import type { Community, MemberExport, Tier } from "../../drizzle";
import type { StaffAccess } from "../auth/roles";
import { AdminLayout } from "../communities/admin-layout";
import { formatDateTime } from "../ui/format";
import { STATUS_LABELS } from "./describe";

export interface ExportsPageProps {
  community: Community;
  role: StaffAccess;
  exports: MemberExport[];
  tiers: Tier[];
  error?: string | null;
}

/** Seconds between reloads while an export is being written (no JavaScript needed). */
const REFRESH_SECONDS = 3;

/** The owner's members CSV exports of the last week: progress while written, then the download link. */
export function ExportsPage({ community, role, exports, tiers, error }: ExportsPageProps) {
  const base = `/c/${community.slug}/admin/members`;
  const running = exports.some((e) => e.status === "running");
  return (
    <AdminLayout community={community} role={role} title="Member exports" current="members" error={error} refresh={running ? REFRESH_SECONDS : undefined}>
      <h1>Member exports</h1>
      <p>
        Each export is a CSV of the members as they were when it was written, kept for 7 days. <a href={base}>Back to members</a>
      </p>
      <form method="post" action={`${base}/exports`} class="actions">
        <button type="submit" class="btn">
          Export all members
        </button>
      </form>
      {running ? (
        <p class="notice" role="status">
          An export is being written; this page refreshes every {REFRESH_SECONDS} seconds. <a href={`${base}/exports`}>Check again</a>
        </p>
      ) : null}
      {exports.length === 0 ? (
        <p class="notice">No exports in the last 7 days.</p>
      ) : (
        <table class="stack">
          <caption class="visually-hidden">Exports, newest first</caption>
          <thead>
            <tr>
              <th scope="col">Asked</th>
              <th scope="col">By</th>
              <th scope="col">Members</th>
              <th scope="col">Progress</th>
              <th scope="col">File</th>
            </tr>
          </thead>
          <tbody>
            {exports.map((e) => (
              <tr>
                <td data-label="Asked">{formatDateTime(e.createdAt)}</td>
                <td data-label="By">{e.requestedBy}</td>
                <td data-label="Members">{filtersLabel(e, tiers)}</td>
                <td data-label="Progress">{e.status === "ready" ? `Ready: ${e.rows.toLocaleString("en")} members` : `Writing: ${e.rows.toLocaleString("en")} members so far`}</td>
                <td data-label="File">
                  {e.status === "ready" ? (
                    <a href={`${base}/exports/${e.id}/download`}>
                      Download CSV<span class="visually-hidden"> of {formatDateTime(e.createdAt)}</span>
                    </a>
                  ) : (
                    <span class="muted">Not ready yet</span>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </AdminLayout>
  );
}

function filtersLabel(e: MemberExport, tiers: Tier[]): string {
  const parts = [e.tierId ? `Tier: ${tiers.find((t) => t.id === e.tierId)?.name ?? "a removed tier"}` : "", e.memberStatus ? `Status: ${STATUS_LABELS[e.memberStatus]}` : ""];
  return parts.filter(Boolean).join(", ") || "All members";
}
