import type { Community } from "../../drizzle";
import type { StaffAccess } from "../auth/roles";
import { AdminLayout } from "../communities/admin-layout";
import { formatDate, formatDateTime } from "../ui/format";
import { cadenceWarnings, calendarWeeks, topicColour, type CadenceDrop, type CalendarDay } from "./cadence";
import type { DropWithTargets } from "./drop-rows";
import { daysText } from "./form";
import { EMPTY_INSIGHT, type DropInsight } from "./insights";

/** The owner's content overview: the cadence calendar and warnings, every drop with its insights, mutes. */

export interface ContentPageProps {
  community: Community;
  role: StaffAccess;
  drops: DropWithTargets[];
  insights: Map<string, DropInsight>;
  mutes: { email: string; until: Date | null; reason: string }[];
  now: Date;
  flash?: string | null;
}

const base = (c: Community) => `/c/${c.slug}/admin/content`;


function Day({ community, day }: { community: Community; day: CalendarDay }) {
  const style = `vertical-align:top;height:4.5rem;overflow-wrap:anywhere;${day.today ? "outline:2px solid var(--brand);" : ""}${day.past ? "background:#fafafa;" : ""}`;
  return (
    <td style={style}>
      <div class="muted" style="font-size:.75rem">{formatDate(day.date).slice(5)}</div>
      {day.drops.map((d) => {
        const colour = topicColour(d.topics[0]);
        // Drafts are outlined, not filled: planned, but nobody will see them until they are scheduled.
        const look = d.draft ? `color:var(--ink);background:#fff;border:2px dashed ${colour}` : `color:#fff;background:${colour}`;
        return (
          <a href={`${base(community)}/${d.id}`} class="cal-entry" data-draft={d.draft ? "1" : undefined} style={`display:block;font-size:.8rem;${look};border-radius:6px;padding:.1rem .35rem;margin:.15rem 0;text-decoration:none`} title={d.topics.join(", ")}>
            {d.draft ? "Draft: " : ""}
            {d.title}
            {d.tiers ? <span style="display:block;font-size:.72rem">{d.tiers.join(", ")}</span> : null}
          </a>
        );
      })}
    </td>
  );
}

/**
 * What the calendar draws: every release of every drop that has a date. A staggered drop
 * (Core at publish, Members three days later) shows once per release date, naming its tiers.
 */
export function calendarEntries(drops: DropWithTargets[]): { entries: CadenceDrop[]; firstReleases: CadenceDrop[]; laterReleases: Date[] } {
  const entries: CadenceDrop[] = [];
  const firstReleases: CadenceDrop[] = [];
  const laterReleases: Date[] = [];
  for (const { drop, targets } of drops) {
    if (drop.status === "archived" || !drop.publishAt) continue;
    const base = { id: drop.id, title: drop.title, topics: drop.topics, draft: drop.status === "draft" };
    const offsets = [...new Set(targets.map((t) => t.offsetHours))].sort((a, b) => a - b);
    if (offsets.length <= 1) {
      entries.push({ ...base, publishAt: new Date(drop.publishAt.getTime() + (offsets[0] ?? 0) * 3_600_000) });
    } else {
      for (const offset of offsets) {
        const at = new Date(drop.publishAt.getTime() + offset * 3_600_000);
        entries.push({ ...base, publishAt: at, tiers: targets.filter((t) => t.offsetHours === offset).map((t) => t.tierName) });
        if (!base.draft && offset !== offsets[0]) laterReleases.push(at);
      }
    }
    if (!base.draft) firstReleases.push({ ...base, publishAt: new Date(drop.publishAt.getTime() + (offsets[0] ?? 0) * 3_600_000) });
  }
  return { entries, firstReleases, laterReleases };
}

function Calendar({ community, planned, now }: { community: Community; planned: CadenceDrop[]; now: Date }) {
  // Seven equal columns, whatever the titles: fixed layout, each day a seventh of the width.
  const weeks = calendarWeeks(planned, now);
  const topics = [...new Set(planned.flatMap((d) => d.topics.slice(0, 1)))].sort();
  return (
    <section class="card" aria-labelledby="cal-h">
      <h2 id="cal-h">Cadence: the last four weeks and the next four</h2>
      <div style="overflow-x:auto">
        <table aria-describedby="cal-legend" data-testid="calendar" style="table-layout:fixed;min-width:42rem">
          <thead>
            <tr>{["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"].map((d) => <th scope="col" style="width:14.285%">{d}</th>)}</tr>
          </thead>
          <tbody>
            {weeks.map((w) => (
              <tr>{w.map((day) => <Day community={community} day={day} />)}</tr>
            ))}
          </tbody>
        </table>
      </div>
      <p id="cal-legend" class="muted">
        Coloured by first topic; drafts are outlined.{" "}
        {topics.length
          ? topics.map((t) => <span style={`display:inline-block;background:${topicColour(t)};color:#fff;border-radius:6px;padding:0 .4rem;margin-right:.3rem`}>{t}</span>)
          : "no topics yet"}
      </p>
    </section>
  );
}

function DropRows({ community, drops, insights }: Pick<ContentPageProps, "community" | "drops" | "insights">) {
  return (
    <table data-testid="drops-table" class="stack">
      <thead>
        <tr><th>Title</th><th>Status</th><th>Publish at</th><th>Tiers</th><th>Topics</th><th>Readers</th><th>Views</th><th>Comments</th><th>Reactions</th></tr>
      </thead>
      <tbody>
        {drops.map(({ drop, targets }) => {
          const i = insights.get(drop.id) ?? EMPTY_INSIGHT;
          return (
            <tr>
              <td><a href={`${base(community)}/${drop.id}`}>{drop.title}</a></td>
              <td data-label="Status"><span class={`badge ${drop.status}`}>{drop.status}</span></td>
              <td data-label="Publish at">{formatDateTime(drop.publishAt) || "—"}</td>
              <td data-label="Tiers">{targets.map((t) => `${t.tierName}${t.offsetHours ? ` after ${daysText(t.offsetHours / 24)}` : ""}`).join(", ") || "—"}{drop.dripDays != null ? ` · drip ${daysText(drop.dripDays)}` : ""}</td>
              <td data-label="Topics">{drop.topics.join(", ")}</td>
              <td data-label="Readers">{i.viewers}</td><td data-label="Views">{i.views}</td><td data-label="Comments">{i.comments}</td><td data-label="Reactions">{i.reactions}</td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}

function Mutes({ community, mutes }: Pick<ContentPageProps, "community" | "mutes">) {
  return (
    <section class="card" aria-labelledby="mutes-h">
      <h2 id="mutes-h">Muted members</h2>
      <p class="hint">Muted members can read, but not comment or react.</p>
      {mutes.length ? (
        <ul>
          {mutes.map((m) => (
            <li>
              {m.email} <span class="muted">— {m.reason}{m.until ? ` (until ${formatDate(m.until)})` : ""}</span>
              <form method="post" action={`${base(community)}/mutes/remove`} style="display:inline;margin-left:.5rem">
                <input type="hidden" name="email" value={m.email} />
                <button class="btn small secondary" type="submit">Unmute</button>
              </form>
            </li>
          ))}
        </ul>
      ) : (
        <p class="muted">Nobody is muted.</p>
      )}
    </section>
  );
}

export function ContentPage(props: ContentPageProps) {
  const { community, role, drops, now, flash } = props;
  const { entries, firstReleases, laterReleases } = calendarEntries(drops);
  const warnings = cadenceWarnings(firstReleases, now, laterReleases);
  return (
    <AdminLayout community={community} role={role} title="Content" current="content" flash={flash}>
      <h1>Content drops</h1>
      <div class="actions">
        <a class="btn" href={`${base(community)}/new`}>New drop</a>
      </div>
      {warnings.map((w) => (
        <div class="notice warn" role="alert" data-testid="cadence-warning">{w}</div>
      ))}
      <Calendar community={community} planned={entries} now={now} />
      <section aria-labelledby="drops-h">
        <h2 id="drops-h">All drops</h2>
        {drops.length ? <DropRows {...props} /> : <p class="muted">No drops yet. Write the first one.</p>}
      </section>
      <Mutes community={community} mutes={props.mutes} />
    </AdminLayout>
  );
}
