import { AxisBottom, AxisLeft } from "./axes";
import { Chart, EmptyNote, frame } from "./chart";
import { Legend, legendRows, type LegendItem } from "./legend";
import { LineSeries, RuleX, RuleY } from "./line";
import { dayTicks, DAY_MS, linearScale, niceDomain, shortDay } from "./scale";
import type { SeriesStyle } from "./theme";

const WIDTH = 640;
const HEIGHT = 300;
const MARGIN = { right: 24, bottom: 50, left: 78 };

export interface LineSeriesData {
  label: string;
  style: SeriesStyle;
  points: { x: number; y: number }[];
}

export interface LinesChartProps {
  id: string;
  title: string;
  desc: string;
  yLabel: string;
  xLabel: string;
  series: LineSeriesData[];
  formatY: (value: number) => string;
  /** The x axis: calendar days (values are UTC milliseconds) or plain numbers. */
  x: { kind: "days" } | { kind: "number"; format: (value: number) => string };
  /** A fixed y domain (e.g. 0 to 1 for shares); otherwise 0 to a nice maximum. */
  yDomain?: [number, number];
  yTicks?: number[];
  /** Horizontal reference lines (e.g. "95% needed to win"). */
  rulesY?: { value: number; label: string }[];
  /** Vertical reference lines (e.g. the Van Westendorp price points). */
  rulesX?: { value: number; label: string; color?: string }[];
  empty?: string;
  height?: number;
  /** Whole-number y values (counts): no fractional ticks. */
  integer?: boolean;
}

/** Lines over days or over a numeric axis, with a legend, axes, and optional reference lines. */
export function LinesChart(p: LinesChartProps) {
  const height = p.height ?? HEIGHT;
  const legend: LegendItem[] = p.series.map((s) => ({ label: s.label, color: s.style.color, kind: "line", dash: s.style.dash, marker: s.style.marker }));
  const legendHeight = 14 + legendRows(legend, WIDTH - MARGIN.left - MARGIN.right) * 20;
  const xs = p.series.flatMap((s) => s.points.map((pt) => pt.x)).concat((p.rulesX ?? []).map((r) => r.value));
  const ys = p.series.flatMap((s) => s.points.map((pt) => pt.y));
  const xAxis = p.x.kind === "days" ? dayAxis(xs) : numberAxis(xs);
  // Left and right margins are fixed, so x positions (and the reference labels' rows) are known first.
  const xScale = linearScale(xAxis.domain, [MARGIN.left, WIDTH - MARGIN.right]);
  const labels = placeRuleLabels((p.rulesX ?? []).map((r) => xScale(r.value)), (p.rulesX ?? []).map((r) => r.label), MARGIN.left, WIDTH - MARGIN.right);
  const labelRows = labels.length ? Math.max(...labels.map((l) => l.row)) + 1 : 0;
  const f = frame(WIDTH, height, { ...MARGIN, top: legendHeight + 10 + labelRows * 15 });
  const y = p.yDomain ? { domain: p.yDomain, ticks: p.yTicks ?? niceDomain(p.yDomain[0], p.yDomain[1]).ticks } : niceDomain(0, Math.max(0, ...ys) * 1.05 || 1, 5, p.integer);
  const yScale = linearScale(y.domain, [f.bottom, f.top]);
  const formatX = p.x.kind === "days" ? shortDay : p.x.format;
  return (
    <Chart id={p.id} title={p.title} desc={p.desc} width={WIDTH} height={height}>
      <Legend items={legend} x={f.left} y={14} maxWidth={f.right - f.left} />
      <AxisLeft f={f} scale={yScale} ticks={y.ticks} format={p.formatY} label={p.yLabel} />
      <AxisBottom f={f} scale={xScale} ticks={xAxis.ticks} format={formatX} label={p.xLabel} />
      {(p.rulesY ?? []).map((r) => (
        <RuleY x1={f.left} x2={f.right} y={yScale(r.value)} label={r.label} />
      ))}
      {labels.map((l, i) => (
        <RuleX x={xScale(p.rulesX![i]!.value)} y1={f.top} y2={f.bottom} label={p.rulesX![i]!.label} color={p.rulesX![i]!.color} labelX={l.x} labelY={f.top - 6 - l.row * 15} />
      ))}
      {p.series.map((s) => (
        <LineSeries points={s.points.map((pt) => ({ x: xScale(pt.x), y: yScale(pt.y) }))} style={s.style} />
      ))}
      {p.empty ? <EmptyNote f={f} text={p.empty} /> : null}
    </Chart>
  );
}

/**
 * Rows and positions for the labels of vertical reference lines: each label centred on its
 * line (kept inside the plot), in the first row where it does not overlap the one before.
 * Widths are estimated from the text (12px bold), which is enough to keep them apart.
 */
export function placeRuleLabels(xs: number[], labels: string[], left: number, right: number): { x: number; row: number }[] {
  const order = xs.map((x, i) => i).sort((a, b) => xs[a]! - xs[b]!);
  const rowEnds: number[] = [];
  const out: { x: number; row: number }[] = xs.map(() => ({ x: 0, row: 0 }));
  for (const i of order) {
    const w = labels[i]!.length * 7.2;
    const x = Math.min(Math.max(xs[i]!, left + w / 2), right - w / 2);
    let row = rowEnds.findIndex((end) => end + 8 <= x - w / 2);
    if (row === -1) row = rowEnds.length;
    rowEnds[row] = x + w / 2;
    out[i] = { x, row };
  }
  return out;
}

function dayAxis(xs: number[]): { domain: [number, number]; ticks: number[] } {
  if (!xs.length) {
    const today = Math.floor(Date.now() / DAY_MS) * DAY_MS;
    return { domain: [today - DAY_MS, today], ticks: [today - DAY_MS, today] };
  }
  const first = Math.min(...xs);
  const last = Math.max(...xs);
  // A single day gets half a day of room either side so its points sit mid-chart.
  if (first === last) return { domain: [first - DAY_MS / 2, last + DAY_MS / 2], ticks: [first] };
  return { domain: [first, last], ticks: dayTicks(first, last) };
}

function numberAxis(xs: number[]): { domain: [number, number]; ticks: number[] } {
  if (!xs.length) return niceDomain(0, 1);
  const min = Math.min(...xs);
  const max = Math.max(...xs);
  const nice = niceDomain(Math.max(0, min - (max - min) * 0.05), max + (max - min) * 0.05 || max + 1, 6);
  return nice;
}
