import type { Community } from "../../drizzle";
import type { StaffAccess } from "../auth/roles";
import { AdminLayout } from "../communities/admin-layout";
import { formatDate, formatDateTime } from "../ui/format";
import { cadenceWarnings, calendarWeeks, topicColour, type CadenceDrop, type CalendarDay } from "./cadence";
import type { DropWithTargets } from "./drops";
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
  const style = `vertical-align:top;min-width:6rem;height:4.5rem;${day.today ? "outline:2px solid var(--brand);" : ""}${day.past ? "background:#fafafa;" : ""}`;
  return (
    <td style={style}>
      <div class="muted" style="font-size:.75rem">{formatDate(day.date).slice(5)}</div>
      {day.drops.map((d) => (
        <a href={`${base(community)}/${d.id}`} style={`display:block;font-size:.8rem;color:#fff;background:${topicColour(d.topics[0])};border-radius:6px;padding:.1rem .35rem;margin:.15rem 0;text-decoration:none`} title={d.topics.join(", ")}>
          {d.title}
        </a>
      ))}
    </td>
  );
}

function Calendar({ community, planned, now }: { community: Community; planned: CadenceDrop[]; now: Date }) {
  const weeks = calendarWeeks(planned, now);
  const topics = [...new Set(planned.flatMap((d) => d.topics.slice(0, 1)))].sort();
  return (
    <section class="card" aria-labelledby="cal-h">
      <h2 id="cal-h">Cadence: the last four weeks and the next four</h2>
      <div style="overflow-x:auto">
        <table aria-describedby="cal-legend" data-testid="calendar">
          <thead>
            <tr>{["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"].map((d) => <th>{d}</th>)}</tr>
          </thead>
          <tbody>
            {weeks.map((w) => (
              <tr>{w.map((day) => <Day community={community} day={day} />)}</tr>
            ))}
          </tbody>
        </table>
      </div>
      <p id="cal-legend" class="muted">
        Coloured by first topic:{" "}
        {topics.length
          ? topics.map((t) => <span style={`display:inline-block;background:${topicColour(t)};color:#fff;border-radius:6px;padding:0 .4rem;margin-right:.3rem`}>{t}</span>)
          : "no topics yet"}
      </p>
    </section>
  );
}

function DropRows({ community, drops, insights }: Pick<ContentPageProps, "community" | "drops" | "insights">) {
  return (
    <table data-testid="drops-table">
      <thead>
        <tr><th>Title</th><th>Status</th><th>Publish at</th><th>Tiers</th><th>Topics</th><th>Readers</th><th>Views</th><th>Comments</th><th>Reactions</th></tr>
      </thead>
      <tbody>
        {drops.map(({ drop, targets }) => {
          const i = insights.get(drop.id) ?? EMPTY_INSIGHT;
          return (
            <tr>
              <td><a href={`${base(community)}/${drop.id}`}>{drop.title}</a></td>
              <td><span class={`badge ${drop.status}`}>{drop.status}</span></td>
              <td>{formatDateTime(drop.publishAt) || "—"}</td>
              <td>{targets.map((t) => `${t.tierName}${t.offsetHours ? ` +${+(t.offsetHours / 24).toFixed(2)}d` : ""}`).join(", ") || "—"}{drop.dripDays != null ? ` · drip ${drop.dripDays}d` : ""}</td>
              <td>{drop.topics.join(", ")}</td>
              <td>{i.viewers}</td><td>{i.views}</td><td>{i.comments}</td><td>{i.reactions}</td>
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
  const planned: CadenceDrop[] = drops
    .filter(({ drop }) => drop.status !== "draft" && drop.status !== "archived" && drop.publishAt)
    .map(({ drop }) => ({ id: drop.id, title: drop.title, topics: drop.topics, publishAt: drop.publishAt! }));
  const warnings = cadenceWarnings(planned, now);
  return (
    <AdminLayout community={community} role={role} title="Content" current="content" flash={flash}>
      <h1>Content drops</h1>
      <div class="actions">
        <a class="btn" href={`${base(community)}/new`}>New drop</a>
      </div>
      {warnings.map((w) => (
        <div class="notice warn" role="alert" data-testid="cadence-warning">{w}</div>
      ))}
      <Calendar community={community} planned={planned} now={now} />
      <section aria-labelledby="drops-h">
        <h2 id="drops-h">All drops</h2>
        {drops.length ? <DropRows {...props} /> : <p class="muted">No drops yet. Write the first one.</p>}
      </section>
      <Mutes community={community} mutes={props.mutes} />
    </AdminLayout>
  );
}
