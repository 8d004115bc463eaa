import type { Child } from "hono/jsx";
import { Figure } from "../experiments/plots/chart";
import { LinesChart } from "../experiments/plots/line-charts";
import { dayValue } from "../experiments/plots/scale";
import { variantStyle } from "../experiments/plots/theme";
import type { TableKey, TableSpec } from "./tables";

/** Building blocks of the Insights page: a table with its CSV link, a plot with its reading, a figure card. */

export interface Link {
  csv: (key: TableKey) => string;
}

/** Every table's CSV download, under the table. */
function CsvLink({ csv, title }: { csv: string; title: string }) {
  return (
    <p class="muted">
      <a href={csv} download>
        Download “{title}” as CSV
      </a>
    </p>
  );
}

export function TableView({ id, spec, csv, stack }: { id: TableKey; spec: TableSpec; csv: string; stack?: boolean }) {
  return (
    <div class="insight-table">
      {/* Focusable, so keyboard users can scroll a wide table sideways on a phone. */}
      <div class="table-scroll" tabindex={0} role="region" aria-label={spec.title}>
        <table id={`table-${id}`} class={stack ? "stack" : undefined}>
          <caption>{spec.title}</caption>
          <thead>
            <tr>
              {spec.columns.map((c) => (
                <th scope="col">{c}</th>
              ))}
            </tr>
          </thead>
          <tbody>
            {spec.rows.length ? (
              spec.rows.map((row) => (
                <tr>
                  {row.map((cell, i) => (i === 0 ? <th scope="row">{cell ?? ""}</th> : <td data-label={spec.columns[i]}>{cell ?? ""}</td>))}
                </tr>
              ))
            ) : (
              <tr>
                <td colspan={spec.columns.length}>Nothing recorded in this range.</td>
              </tr>
            )}
          </tbody>
        </table>
      </div>
      <CsvLink csv={csv} title={spec.title} />
    </div>
  );
}

export interface Series {
  label: string;
  points: { day: string; value: number }[];
}

/** A line plot over days with its one-sentence reading; the numbers are in the table beside it. */
export function Plot(p: { id: string; title: string; reading: string; yLabel: string; series: Series[]; format?: (n: number) => string; rule?: { value: number; label: string } }) {
  const empty = p.series.every((s) => !s.points.length);
  return (
    <Figure caption={p.reading}>
      <LinesChart
        id={p.id}
        title={p.title}
        desc={p.reading}
        yLabel={p.yLabel}
        xLabel="Date"
        x={{ kind: "days" }}
        formatY={p.format ?? ((n) => String(Math.round(n * 10) / 10))}
        series={p.series.map((s, i) => ({ label: s.label, style: variantStyle(i), points: s.points.map((pt) => ({ x: dayValue(pt.day), y: pt.value })) }))}
        rulesY={p.rule ? [p.rule] : undefined}
        empty={empty ? "Nothing recorded in this range" : undefined}
      />
    </Figure>
  );
}

export function Stat({ label, value, note }: { label: string; value: Child; note?: Child }) {
  return (
    <div class="card stat">
      <p class="muted">{label}</p>
      <p class="stat-value">{value}</p>
      {note ? <p class="muted">{note}</p> : null}
    </div>
  );
}

export function Section({ id, title, children }: { id: string; title: string; children?: Child }) {
  return (
    <section id={id} aria-labelledby={`${id}-h`} class="insight-section">
      <h2 id={`${id}-h`}>{title}</h2>
      {children}
    </section>
  );
}

const HEAT = [
  { bg: "#ffffff", fg: "#1d2433" },
  { bg: "#e3edf9", fg: "#1d2433" },
  { bg: "#c5daf2", fg: "#1d2433" },
  { bg: "#8fb8e6", fg: "#1d2433" },
  { bg: "#2f5f9e", fg: "#ffffff" },
];

/** The weekday × hour table, each cell shaded by its share of the busiest cell (the number is always written). */
export function Heatmap({ spec, csv }: { spec: TableSpec; csv: string }) {
  const max = Math.max(1, ...spec.rows.flatMap((r) => r.slice(1).map(Number)));
  return (
    <div class="insight-table">
      <div class="table-scroll" tabindex={0} role="region" aria-label={spec.title}>
        <table id="table-heatmap" class="heatmap">
          <caption>{spec.title}: darker cells had more posts</caption>
          <thead>
            <tr>
              {spec.columns.map((c) => (
                <th scope="col">{c}</th>
              ))}
            </tr>
          </thead>
          <tbody>
            {spec.rows.map((row) => (
              <tr>
                <th scope="row">{row[0]}</th>
                {row.slice(1).map((n) => {
                  const level = Number(n) === 0 ? 0 : Math.min(4, 1 + Math.floor((Number(n) / max) * 3.999));
                  return <td style={`background:${HEAT[level]!.bg};color:${HEAT[level]!.fg};text-align:center`}>{n}</td>;
                })}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <CsvLink csv={csv} title={spec.title} />
    </div>
  );
}
