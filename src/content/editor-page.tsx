import type { Community, Drop, DropFile, Tier } from "../../drizzle";
import { LevelSelect } from "../honours/level-select";
import type { StaffAccess } from "../auth/roles";
import { AdminLayout, ErrorSummary } from "../communities/admin-layout";
import { Checkbox, TextArea, TextField } from "../communities/fields";
import { formatDateTime } from "../ui/format";
import { formatSize } from "./drop-page";
import { ALLOWED_TYPES, MAX_FILE_BYTES } from "./files";
import { EDITOR_LABELS, type EditorValues } from "./form";
import type { DropInsight } from "./insights";
import { REACTIONS } from "./schemas";

/** The drop editor: new and edit, with files, preview and insights once the drop exists. */

export interface EditorPageProps {
  community: Community;
  role: StaffAccess;
  tiers: Tier[];
  values: EditorValues;
  errors?: Record<string, string>;
  drop?: Drop;
  files?: DropFile[];
  insight?: DropInsight & { byEmoji: Record<string, number> };
  flash?: string | null;
  error?: string | null;
}

const adminBase = (c: Community) => `/c/${c.slug}/admin/content`;

function TierTargets({ tiers, values, error }: { tiers: Tier[]; values: EditorValues; error?: string }) {
  return (
    <fieldset class={error ? "invalid" : undefined}>
      <legend>Who gets it, and when</legend>
      <p class="hint">Higher tiers get everything lower tiers get, at the earliest of their times. A delay of 3 means three days after the publish time.</p>
      {tiers.map((t) => (
        <div class="grid">
          <Checkbox id={`tier-${t.id}`} name={`tier_${t.id}`} label={`${t.name} (rank ${t.rank})`} checked={values.tiers[t.id]?.on} />
          <TextField id={`delay-${t.id}`} name={`delay_${t.id}`} label={`${t.name}: delay in days`} value={values.tiers[t.id]?.delay ?? "0"} inputmode="decimal" />
        </div>
      ))}
      {error ? <p class="error" id="targets-error">{error}</p> : null}
    </fieldset>
  );
}

function DropForm({ community, tiers, values, errors = {}, drop }: EditorPageProps) {
  return (
    <form method="post" action={drop ? `${adminBase(community)}/${drop.id}` : adminBase(community)} novalidate class="card">
      <TextField id="title" name="title" label="Title" value={values.title} error={errors.title} required maxlength={200} />
      <TextArea id="body" name="body" label="Body (Markdown)" value={values.body} error={errors.body} rows={14} hint="Markdown: headings, lists, **bold**, *italic*, links, code. Raw HTML shows as text." />
      <TextField id="topics" name="topics" label="Topics" value={values.topics} error={errors.topics} hint="Comma-separated, e.g. career, hiring" />
      <TextField id="publishAt" name="publishAt" label="Publish at (UTC)" type="datetime-local" value={values.publishAt} error={errors.publishAt} />
      <TierTargets tiers={tiers} values={values} error={errors.targets} />
      <TextField id="dripDays" name="dripDays" label="Drip: days after each member joins (optional)" value={values.dripDays} error={errors.dripDays} inputmode="numeric" />
      <LevelSelect id="minLevel" label="Minimum level to read it" value={values.minLevel} error={errors.minLevel} />
      <div class="actions">
        <button class="btn secondary" type="submit" name="intent" value="draft">Save as draft</button>
        <button class="btn" type="submit" name="intent" value="schedule">{drop && drop.status !== "draft" ? "Save and keep scheduled" : "Schedule"}</button>
      </div>
    </form>
  );
}

function FilesCard({ community, drop, files = [] }: EditorPageProps) {
  if (!drop) return null;
  const base = `${adminBase(community)}/${drop.id}/files`;
  return (
    <section class="card" aria-labelledby="files-h">
      <h2 id="files-h">Files</h2>
      <ul>
        {files.map((f) => (
          <li>
            {f.filename} <span class="muted">({formatSize(f.size)}, {f.contentType})</span>
            <form method="post" action={`${base}/${f.id}/delete`} style="display:inline;margin-left:.5rem">
              <button class="btn small secondary" type="submit" aria-label={`Remove ${f.filename}`}>Remove</button>
            </form>
          </li>
        ))}
      </ul>
      <form method="post" action={base} enctype="multipart/form-data">
        <label for="file">Attach a file</label>
        <p class="hint">Up to {MAX_FILE_BYTES / 1024 / 1024} MB: {ALLOWED_TYPES.join(", ")}. Members download it only once the drop is open for them.</p>
        <input id="file" name="file" type="file" required />
        <div class="actions">
          <button class="btn small" type="submit">Upload</button>
        </div>
      </form>
    </section>
  );
}

function InsightCard({ insight }: Pick<EditorPageProps, "insight">) {
  if (!insight) return null;
  return (
    <section class="card" aria-labelledby="insight-h">
      <h2 id="insight-h">Insights</h2>
      <table>
        <thead>
          <tr><th>Readers</th><th>Views</th><th>Comments</th>{REACTIONS.map((r) => <th aria-label={r.label}>{r.emoji}</th>)}</tr>
        </thead>
        <tbody>
          <tr><td>{insight.viewers}</td><td>{insight.views}</td><td>{insight.comments}</td>{REACTIONS.map((r) => <td>{insight.byEmoji[r.key] ?? 0}</td>)}</tr>
        </tbody>
      </table>
    </section>
  );
}

export function EditorPage(props: EditorPageProps) {
  const { community, role, drop, errors = {}, flash, error } = props;
  return (
    <AdminLayout community={community} role={role} title={drop ? drop.title : "New drop"} current="content" flash={flash} error={error}>
      <p><a href={adminBase(community)}>← All drops</a></p>
      <h1>{drop ? "Edit drop" : "New drop"}</h1>
      {drop ? (
        <p class="muted">
          Status: <span class={`badge ${drop.status}`}>{drop.status}</span>
          {drop.publishedAt ? ` · went out ${formatDateTime(drop.publishedAt)}` : ""} · <a href={`${adminBase(community)}/${drop.id}/preview`}>Preview as members see it</a>
        </p>
      ) : null}
      <ErrorSummary errors={errors} labels={EDITOR_LABELS} />
      <DropForm {...props} />
      <FilesCard {...props} />
      <InsightCard insight={props.insight} />
      {drop ? (
        <section class="card" aria-labelledby="delete-h">
          <h2 id="delete-h">Delete</h2>
          <p class="hint">Deletes the drop, its files, comments and reactions. You are asked to confirm first.</p>
          <a class="btn danger" href={`${adminBase(community)}/${drop.id}/delete`}>Delete drop…</a>
        </section>
      ) : null}
    </AdminLayout>
  );
}

/** The second step of deleting a drop: what goes, and a button that does it. */
export function ConfirmDeletePage({ community, role, drop }: { community: Community; role: StaffAccess; drop: Drop }) {
  return (
    <AdminLayout community={community} role={role} title={`Delete ${drop.title}`} current="content">
      <h1>Delete “{drop.title}”?</h1>
      <div class="notice warn" role="alert">
        This deletes the drop with its files, comments and reactions, for every member. It cannot be undone.
      </div>
      <form method="post" action={`${adminBase(community)}/${drop.id}/delete`} class="actions">
        <input type="hidden" name="confirm" value="yes" />
        <button class="btn danger" type="submit">Yes, delete it</button>
        <a class="btn secondary" href={`${adminBase(community)}/${drop.id}`}>No, keep it</a>
      </form>
    </AdminLayout>
  );
}
