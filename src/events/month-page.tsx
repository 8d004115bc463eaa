import type { Community } from "../../drizzle";
import { formatDate, formatDateTime } from "../ui/format";
import { Layout, page } from "../ui/layout";
import { eventsBase } from "./list-page";
import type { EventListItem } from "./service";
import { EVENT_STYLES } from "./views";
import { formatterCache } from "../ui/intl-cache";

/**
 * A month as a server-rendered grid (Monday first) in the viewer's time zone. Under 600 px the grid
 * becomes a list of the days that have events, so it reads at 390 px without sideways scrolling.
 */

const DOW = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];

/** "YYYY-MM" shifted by whole months. */
export function shiftMonth(month: string, by: number): string {
  const [y, m] = month.split("-").map(Number) as [number, number];
  const d = new Date(Date.UTC(y, m - 1 + by, 1));
  return d.toISOString().slice(0, 7);
}

/** The month grid's two formatters (fixed options, UTC): kept, not built per day. */
const monthFormats = formatterCache<Intl.DateTimeFormat>();

export function monthTitle(month: string): string {
  const [y, m] = month.split("-").map(Number) as [number, number];
  return monthFormats("title", () => new Intl.DateTimeFormat("en-US", { month: "long", year: "numeric", timeZone: "UTC" }))!.format(new Date(Date.UTC(y, m - 1, 1)));
}

export function renderMonth(props: { community: Community; month: string; timeZone: string; items: EventListItem[] }): string {
  const { community, month, timeZone, items } = props;
  const [y, m] = month.split("-").map(Number) as [number, number];
  const days = new Date(Date.UTC(y, m, 0)).getUTCDate();
  const lead = (new Date(Date.UTC(y, m - 1, 1)).getUTCDay() + 6) % 7;
  const byDay = new Map<string, EventListItem[]>();
  for (const e of items) {
    const day = formatDate(e.startsAt, timeZone);
    byDay.set(day, [...(byDay.get(day) ?? []), e]);
  }
  const base = eventsBase(community);
  const cells = [];
  for (let i = 0; i < lead; i++) cells.push(<div class="day out empty" aria-hidden="true" />);
  for (let d = 1; d <= days; d++) {
    const key = `${month}-${String(d).padStart(2, "0")}`;
    const list = byDay.get(key) ?? [];
    const label = monthFormats("day", () => new Intl.DateTimeFormat("en-US", { weekday: "long", month: "long", day: "numeric", timeZone: "UTC" }))!.format(new Date(Date.UTC(y, m - 1, d)));
    cells.push(
      <div class={list.length ? "day" : "day empty"}>
        <h2>
          <span aria-hidden="true">
            <span class="wd">{DOW[(lead + d - 1) % 7]} </span>
            {d}
          </span>
          <span class="visually-hidden">{label}</span>
        </h2>
        {list.length ? (
          <ul>
            {list.map((e) => (
              <li>
                <a href={`${base}/${e.id}`}>
                  {formatDateTime(e.startsAt, timeZone).slice(11, 16)} {e.cancelledAt ? `Cancelled: ${e.title}` : e.title}
                </a>
              </li>
            ))}
          </ul>
        ) : null}
      </div>,
    );
  }
  return page(
    <Layout title={`${monthTitle(month)} · Events · ${community.name}`} styles={EVENT_STYLES}>
      <p class="muted">
        <a href={base}>← Events</a>
      </p>
      <h1>{monthTitle(month)}</h1>
      <nav aria-label="Months" class="actions">
        <a class="btn small secondary" href={`${base}/month?m=${shiftMonth(month, -1)}`}>
          ← {monthTitle(shiftMonth(month, -1))}
        </a>{" "}
        <a class="btn small secondary" href={`${base}/month?m=${shiftMonth(month, 1)}`}>
          {monthTitle(shiftMonth(month, 1))} →
        </a>
      </nav>
      {items.length ? null : <p class="muted">No events this month.</p>}
      <div class="month" role="group" aria-label={`Events in ${monthTitle(month)}`}>
        {DOW.map((d) => (
          <div class="dow" aria-hidden="true">
            {d}
          </div>
        ))}
        {cells}
      </div>
    </Layout>,
  );
}
