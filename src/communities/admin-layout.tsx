import type { Child } from "hono/jsx";
import type { Community } from "../../drizzle";
import type { StaffAccess } from "../auth/roles";
import { Layout } from "../ui/layout";
import { canManage } from "./admin-context";

export type AdminSection = "launch" | "applications" | "members" | "content" | "spaces" | "events" | "honours" | "moderation" | "questions" | "tiers" | "experiments" | "referrals" | "codes" | "groups" | "insights" | "settings" | "staff" | "audit" | "people";

export interface AdminLayoutProps {
  community: Community;
  /** The viewer's role: moderators review, so owner-only links are left out for them. */
  role: StaffAccess;
  title: string;
  current?: AdminSection;
  /** A success message (from the `done` query parameter). */
  flash?: string | null;
  /** An error to show above the page's content. */
  error?: string | null;
  /** Reload after this many seconds (see Layout). */
  refresh?: number;
  children?: Child;
}

const SECTIONS: { key: AdminSection; label: string; path: string; ownersOnly: boolean }[] = [
  { key: "launch", label: "Launch", path: "launch", ownersOnly: false },
  { key: "applications", label: "Applications", path: "applications", ownersOnly: false },
  { key: "members", label: "Members", path: "members", ownersOnly: false },
  { key: "content", label: "Content", path: "content", ownersOnly: false },
  { key: "spaces", label: "Spaces", path: "spaces", ownersOnly: true },
  { key: "events", label: "Events", path: "events", ownersOnly: true },
  { key: "moderation", label: "Moderation", path: "moderation", ownersOnly: false },
  { key: "honours", label: "Honours", path: "honours", ownersOnly: true },
  { key: "questions", label: "Questions", path: "questions", ownersOnly: true },
  { key: "people", label: "People", path: "people", ownersOnly: true },
  { key: "tiers", label: "Tiers", path: "tiers", ownersOnly: true },
  { key: "experiments", label: "Experiments", path: "experiments", ownersOnly: false },
  { key: "referrals", label: "Referrals", path: "referrals", ownersOnly: true },
  { key: "codes", label: "Codes", path: "codes", ownersOnly: true },
  { key: "groups", label: "Groups", path: "groups", ownersOnly: true },
  { key: "insights", label: "Insights", path: "insights", ownersOnly: false },
  { key: "settings", label: "Settings", path: "settings", ownersOnly: true },
  { key: "staff", label: "Staff", path: "staff", ownersOnly: true },
  { key: "audit", label: "Audit log", path: "audit", ownersOnly: true },
];

/** The chrome of every community admin page: the community's name and the admin nav. */
export function AdminLayout({ community, role, title, current, flash, error, refresh, children }: AdminLayoutProps) {
  const base = `/c/${community.slug}/admin`;
  const currentLabel = SECTIONS.find((s) => s.key === current)?.label;
  return (
    <Layout title={`${title} · ${community.name} · Threshold`} refresh={refresh}>
      <p class="muted">
        <a href={`${base}/applications`}>{community.name}</a> · admin
      </p>
      {/* On a phone the sections fold behind one "Menu" line; wider screens always show them (styles.ts). */}
      <details class="admin-nav">
        <summary>Menu{currentLabel ? `: ${currentLabel}` : ""}</summary>
        <nav aria-label="Community admin" class="actions">
          {SECTIONS.filter((s) => !s.ownersOnly || canManage(role)).map((s) => (
            <a
              href={`${base}/${s.path}`}
              class={s.key === current ? "btn small" : "btn small secondary"}
              aria-current={s.key === current ? "page" : undefined}
            >
              {s.label}
            </a>
          ))}
          <a href={`/c/${community.slug}`} class="btn small secondary">
            View landing page
          </a>
        </nav>
      </details>
      {community.status === "draft" && current !== "launch" ? (
        <div class="notice warn" role="status">
          <strong>Draft:</strong> only staff can see this community. <a href={`${base}/launch`}>Finish the launch checklist and publish</a>
        </div>
      ) : null}
      <Notices flash={flash} error={error} />
      {children}
    </Layout>
  );
}

/** A success message and an error (focused on load, so the reader starts at what went wrong). */
export function Notices({ flash, error }: { flash?: Child; error?: string | null }) {
  return (
    <>
      {flash ? (
        <div class="notice ok" role="status">
          {flash}
        </div>
      ) : null}
      {error ? (
        <div class="notice bad" role="alert" tabindex={-1} autofocus>
          {error}
        </div>
      ) : null}
    </>
  );
}

/** A field's error line, tied to its input by id for screen readers (`aria-describedby`). */
export function FieldError({ id, message }: { id: string; message?: string }) {
  return message ? (
    <p class="error" id={`${id}-error`}>
      {message}
    </p>
  ) : null;
}

/** A list of the form's problems at its top, naming each field. */
export function ErrorSummary({ errors, labels }: { errors: Record<string, string>; labels: Record<string, string> }) {
  const entries = Object.entries(errors);
  if (!entries.length) return null;
  return (
    // Focused on load, without a script: after a failed submit the reader starts at what to fix.
    <div class="notice bad" role="alert" id="form-errors" tabindex={-1} autofocus>
      <strong>{entries.length === 1 ? "One field needs attention" : `${entries.length} fields need attention`}</strong>
      <ul>
        {entries.map(([field, message]) => (
          <li>
            {labels[field] ?? field}: {message}
          </li>
        ))}
      </ul>
    </div>
  );
}
