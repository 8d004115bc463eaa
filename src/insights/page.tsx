import type { Community } from "../../drizzle";
import type { StaffAccess } from "../auth/roles";
import { AdminLayout } from "../communities/admin-layout";
import { SelectField, TextField } from "../communities/fields";
import { formatDate, formatMoney } from "../ui/format";
import { monthFirstDay } from "./days";
import { ratio } from "./figures";
import { LAYER_NAMES, LAYERS, layerRuleText } from "./layers";
import { STAGE_RULE } from "./lifecycle";
import { Cadence } from "./page-cadence";
import { Heatmap, Plot, Section, Stat, TableView } from "./page-parts";
import type { InsightsReport } from "./report";
import { buildTables, percent, type TableKey } from "./tables";
import { canManage } from "../communities/admin-context";

export interface InsightsPageProps {
  community: Community;
  role: StaffAccess;
  report: InsightsReport;
  flash?: string | null;
  error?: string | null;
}

const LAYER_COLUMN = { leader: "leaders", participant: "participants", reader: "readers", dormant: "dormant" } as const;
const STAGE_NAMES = { start: "Start", growth: "Growth", maturity: "Maturity", decline: "Decline" } as const;

/** The owner's one page on how the community is doing: health first, then each part with its plot, table and CSV. */
export function InsightsPage({ community, role, report: r, flash, error }: InsightsPageProps) {
  const base = `/c/${community.slug}/admin/insights`;
  const q = new URLSearchParams({ from: r.query.from, to: r.query.to, ...(r.query.tierId ? { tier: r.query.tierId } : {}) }).toString();
  const csv = (key: TableKey) => `${base}/export/${key}.csv?${q}`;
  const t = buildTables(r);
  const money = (n: number) => formatMoney(n, r.currency);
  const a = r.activity.summary;
  const latest = r.layers.months[r.layers.months.length - 1];
  const tierName = r.tiers.find((x) => x.id === r.query.tierId)?.name;
  return (
    <AdminLayout community={community} role={role} title="Insights" current="insights" flash={flash} error={error}>
      <h1>Insights</h1>
      <p class="muted">Figures up to {r.through} (UTC), rolled up once a day. {tierName ? `Money and members: ${tierName} only.` : "All tiers."}</p>
      <form method="get" action={base} class="card" role="search" aria-label="Choose the range and tier">
        <div class="filters">
          <TextField id="range-from" name="from" label="From" type="date" value={r.query.from} />
          <TextField id="range-to" name="to" label="To" type="date" value={r.query.to} />
          <SelectField id="range-tier" name="tier" label="Tier" hint="Applies to money and membership figures" value={r.query.tierId} options={[{ value: "", label: "All tiers" }, ...r.tiers.map((x) => ({ value: x.id, label: x.name }))]} />
          <div class="actions">
            <button type="submit" class="btn secondary">
              Show
            </button>
          </div>
        </div>
      </form>
      {!r.rolled ? <p class="notice">No rollups in this range yet: the cron builds them from the community's history within the hour.</p> : null}

      <Section id="health" title="What needs your attention">
        {r.health.length ? (
          <ol class="health">
            {r.health.map((h) => (
              <li>
                <strong>
                  <a href={h.href}>{h.title}</a>
                </strong>
                <br />
                {h.detail}
              </li>
            ))}
          </ol>
        ) : (
          <p>Nothing stands out this week: activity, payments, reviews and content are on track.</p>
        )}
        <p>
          Stage: <strong>{STAGE_NAMES[r.lifecycle.stage]}</strong>, {r.lifecycle.ageMonths} months old (communities often live about two years). <a href="#lifecycle">How this is decided</a>
        </p>
      </Section>

      <Section id="funnel" title="Funnel">
        <p>From landing page to retained member, by the week people applied. Review speed matters to applicants: the last column is the median time to a decision.</p>
        <Plot
          id="plot-funnel"
          title="Applications, approvals and joins by week"
          reading={`${sumOf(r.funnel, "applications")} applications, ${sumOf(r.funnel, "approved")} approved and ${sumOf(r.funnel, "joined")} joined in this range.`}
          yLabel="People"
          series={[
            { label: "Applications", points: r.funnel.map((w) => ({ day: w.week, value: w.applications })) },
            { label: "Approved", points: r.funnel.map((w) => ({ day: w.week, value: w.approved })) },
            { label: "Joined", points: r.funnel.map((w) => ({ day: w.week, value: w.joined })) },
          ]}
        />
        <TableView id="funnel" spec={t.funnel} csv={csv("funnel")} />
      </Section>

      {r.money ? (
        <Section id="money" title="Money">
          <div class="grid">
            <Stat label="MRR" value={money(r.money.summary.mrr)} />
            <Stat label="Average revenue per paying member" value={r.money.summary.arpm === null ? "—" : money(r.money.summary.arpm)} />
            <Stat label="Monthly churn (last 3 months)" value={percent(r.money.summary.monthlyChurn)} note={`${r.money.summary.voluntary} cancelled, ${r.money.summary.involuntary} after failed payments, ${r.money.summary.recoveries} recovered in grace`} />
            <Stat label="Lifetime value (simple)" value={r.money.summary.ltv === null ? "—" : money(r.money.summary.ltv)} note="ARPM divided by monthly churn" />
          </div>
          <Plot
            id="plot-mrr"
            title="MRR by day"
            reading={`MRR is ${money(r.money.summary.mrr)} at the end of the range.`}
            yLabel={`MRR (${r.currency.toUpperCase()})`}
            format={(n) => money(n)}
            series={[{ label: "MRR", points: r.money.days.map((d) => ({ day: d.day, value: d.mrr })) }]}
          />
          <p class="muted">
            A move to another tier counts, per tier, as contraction in the tier left and expansion in the tier joined.{" "}
            {r.money.subscriptionRevenueEstimated
              ? "Subscription revenue is estimated from daily MRR: no paid invoice has been recorded for this community yet."
              : "Subscription revenue is the invoices members paid, on the day they were paid."}{" "}
            Application fees count on the day of application.
          </p>
          <TableView id="money" spec={t.money} csv={csv("money")} />
        </Section>
      ) : null}

      <Section id="activity" title="Activity">
        <div class="grid">
          <Stat label="Active in the last 30 days" value={percent(a.activeShare)} note={a.activeShare === null ? "No members yet" : a.activeShare >= 0.6 ? "Above the 60% mark of a healthy group" : "Below the 60% mark of a healthy group"} />
          <Stat label="Daily / weekly / monthly active" value={`${a.dau} / ${a.wau} / ${a.mau}`} note={`Stickiness (DAU ÷ MAU): ${percent(a.stickiness)}`} />
          <Stat label="Posts written by members" value={percent(a.memberPostShare)} note={`${r.posts.threads} threads and ${r.posts.replies} replies; staff wrote ${r.posts.staff}`} />
        </div>
        <Plot
          id="plot-activity"
          title="Daily, weekly and monthly active members"
          reading={`${a.mau} members were active in the 30 days to ${r.query.to}, ${percent(a.activeShare)} of ${a.members}.`}
          yLabel="Members"
          series={[
            { label: "Daily active", points: r.activity.days.map((d) => ({ day: d.day, value: d.dau })) },
            { label: "Weekly active", points: r.activity.days.map((d) => ({ day: d.day, value: d.wau })) },
            { label: "Monthly active", points: r.activity.days.map((d) => ({ day: d.day, value: d.mau })) },
          ]}
          rule={a.members ? { value: a.members * 0.6, label: "60% of members" } : undefined}
        />
        <details>
          <summary>Active members by day (table)</summary>
          <TableView id="activity" spec={t.activity} csv={csv("activity")} />
        </details>
        <h3>When members post</h3>
        <Heatmap spec={t.heatmap} csv={csv("heatmap")} />
      </Section>

      <Section id="layers" title="Layers: 1 leader, 9 participants, 90 readers">
        <p>{layerRuleText()}</p>
        {latest ? (
          <ul class="layers">
            {LAYERS.map((l) => (
              <li>
                <strong>
                  {LAYER_NAMES[l]}: {latest[LAYER_COLUMN[l]]}
                </strong>{" "}
                ({percent(ratio(latest[LAYER_COLUMN[l]], latest.members))}) in {latest.month}
                {r.layers.names[l].length ? `: ${r.layers.names[l].join(", ")}${r.layers.names[l].length >= 12 ? " and more" : ""}` : ""}
              </li>
            ))}
          </ul>
        ) : null}
        <Plot
          id="plot-layers"
          title="Members by layer, month by month"
          reading={latest ? `In ${latest.month}: ${latest.leaders} leaders, ${latest.participants} participants, ${latest.readers} readers and ${latest.dormant} dormant members.` : "No months rolled up yet."}
          yLabel="Members"
          series={LAYERS.map((l) => ({ label: LAYER_NAMES[l], points: r.layers.months.map((m) => ({ day: monthFirstDay(m.month), value: m[LAYER_COLUMN[l]] })) }))}
        />
        <TableView id="layers" spec={t.layers} csv={csv("layers")} />
        <TableView id="moves" spec={t.moves} csv={csv("moves")} />
        <AtRisk community={community} role={role} report={r} />
      </Section>

      <Section id="content" title="Content">
        <p>
          {r.content.lastDropAt ? `Last drop published ${formatDate(r.content.lastDropAt)}.` : "No drop published yet."} A diverse mix (career, industry, life, trends, growth) keeps members coming back; one stream wears out.
        </p>
        <TableView id="content" spec={t.content} csv={csv("content")} stack />
        <Cadence community={community} role={role} report={r} spec={t.cadence} csv={csv("cadence")} />
        <TableView id="top-drops" spec={t["top-drops"]} csv={csv("top-drops")} />
        <TableView id="top-threads" spec={t["top-threads"]} csv={csv("top-threads")} />
      </Section>

      <Section id="retention" title="Retention by join month">
        <p>Each row is the members who first joined that month; each column, the months since. Read across to see how long a month's joiners stay and stay active.</p>
        <TableView id="cohorts-membership" spec={t["cohorts-membership"]} csv={csv("cohorts-membership")} />
        <TableView id="cohorts-activity" spec={t["cohorts-activity"]} csv={csv("cohorts-activity")} />
      </Section>

      <Section id="lifecycle" title="Lifecycle">
        <p>
          Stage: <strong>{STAGE_NAMES[r.lifecycle.stage]}</strong>. Age: {r.lifecycle.ageMonths} months, against the rule of thumb that communities live about 24 months through start, growth, maturity and decline.
        </p>
        <p>The rule: {STAGE_RULE}</p>
        <p class="muted">
          Last three months against the three before: members {trendText(r.lifecycle.trends.members)}, monthly active {trendText(r.lifecycle.trends.mau)}
          {r.money ? `, MRR ${trendText(r.lifecycle.trends.mrr)}` : ""}.
        </p>
        <TableView id="lifecycle" spec={t.lifecycle} csv={csv("lifecycle")} />
      </Section>
    </AdminLayout>
  );
}

function AtRisk({ community, role, report: r }: { community: Community; role: StaffAccess; report: InsightsReport }) {
  return (
    <div id="at-risk">
      <h3>At risk: active before, silent for three weeks</h3>
      {r.atRisk.members.length ? (
        <>
          <p>
            {r.atRisk.capped ? `${r.atRisk.count}+` : r.atRisk.count} member{r.atRisk.count === 1 ? "" : "s"}. {canManage(role) ? "A nudge is a short personal email from you; each member can be nudged once." : ""}
          </p>
          <ul class="at-risk">
            {r.atRisk.members.map((m) => (
              <li>
                {m.name}, last active {m.lastActiveDay}{" "}
                {m.nudgedAt ? (
                  <span class="muted">(nudged {formatDate(m.nudgedAt)})</span>
                ) : canManage(role) ? (
                  <form method="post" action={`/c/${community.slug}/admin/insights/nudge`} class="inline">
                    <input type="hidden" name="member" value={m.email} />
                    <button type="submit" class="btn small secondary">
                      Send {m.name} a nudge
                    </button>
                  </form>
                ) : null}
              </li>
            ))}
          </ul>
        </>
      ) : (
        <p>Nobody: every member who was active keeps coming back.</p>
      )}
    </div>
  );
}

const sumOf = <K extends string>(rows: Record<K, number | null>[], key: K) => rows.reduce((a, w) => a + (w[key] ?? 0), 0);
const trendText = (x: number | null) => (x === null ? "not enough months yet" : `${x >= 0 ? "+" : ""}${Math.round(x * 100)}%`);
