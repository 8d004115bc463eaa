import { AxisLeft, BandAxisBottom } from "./axes";
import { Bar, IntervalBar, TargetTick } from "./bar";
import { Chart, EmptyNote, frame, px } from "./chart";
import { Legend, legendRows, type LegendItem } from "./legend";
import { RuleY } from "./line";
import { bandScale, linearScale, niceDomain } from "./scale";
import { HALO, INK, MUTED, type SeriesStyle } from "./theme";

/** One category (a variant) of a bar chart. */
export interface BandDatum {
  main: string;
  sub?: string;
  style: SeriesStyle;
}

const WIDTH = 640;
const HEIGHT = 300;
const MARGIN = { right: 20, bottom: 50, left: 78 };

export interface IntervalChartProps {
  id: string;
  title: string;
  desc: string;
  yLabel: string;
  xLabel: string;
  format: (value: number) => string;
  /** Tick labels, when they need less precision than the values (e.g. "$1.00" vs "$1.005"). */
  formatAxis?: (value: number) => string;
  items: (BandDatum & { value: number; lower: number; upper: number })[];
  /** A dashed reference line (e.g. the control's value). */
  reference?: { value: number; label: string };
  intervalLabel: string;
  valueLabel: string;
  empty?: string;
}

/** Bars for a value per category, each with a whisker for its interval. */
export function IntervalChart(p: IntervalChartProps) {
  const legend: LegendItem[] = [
    { label: p.valueLabel, color: "#8a93a6", kind: "bar" },
    { label: p.intervalLabel, color: INK, kind: "line" },
    ...(p.reference ? [{ label: p.reference.label, color: MUTED, kind: "line" as const, dash: "5 4" }] : []),
  ];
  const top = 14 + legendRows(legend, WIDTH - MARGIN.left - MARGIN.right) * 20 + 8;
  const f = frame(WIDTH, HEIGHT, { ...MARGIN, top });
  const max = Math.max(0, ...p.items.map((i) => Math.max(i.upper, i.value)));
  const { domain, ticks } = niceDomain(0, max > 0 ? max * 1.05 : 1);
  const y = linearScale(domain, [f.bottom, f.top]);
  const band = bandScale(p.items.length, [f.left, f.right], 0.45);
  return (
    <Chart id={p.id} title={p.title} desc={p.desc} width={WIDTH} height={HEIGHT}>
      <Legend items={legend} x={f.left} y={14} maxWidth={f.right - f.left} />
      <AxisLeft f={f} scale={y} ticks={ticks} format={p.formatAxis ?? p.format} label={p.yLabel} />
      {p.empty ? <EmptyNote f={f} text={p.empty} /> : null}
      {p.reference ? <RuleY x1={f.left} x2={f.right} y={y(p.reference.value)} /> : null}
      {p.items.map((item, i) => (
        <g>
          <Bar x={band.start(i)} width={band.bandwidth} y={y(item.value)} y0={y(0)} color={item.style.color} />
          <IntervalBar x={band.center(i)} y1={y(item.lower)} y2={y(item.upper)} color={INK} />
          <text x={px(band.start(i) + band.bandwidth + 6)} y={px(y(item.value))} dominant-baseline="middle" fill={INK} font-size="12" font-weight="600" {...HALO}>
            {p.format(item.value)}
          </text>
        </g>
      ))}
      <BandAxisBottom f={f} band={band} labels={p.items} label={p.xLabel} />
    </Chart>
  );
}

export interface TargetChartProps {
  id: string;
  title: string;
  desc: string;
  yLabel: string;
  xLabel: string;
  format: (value: number) => string;
  items: (BandDatum & { value: number; target: number })[];
  valueLabel: string;
  targetLabel: string;
  empty?: string;
}

/** Bars for what happened per category against a marker for what was expected. */
export function TargetChart(p: TargetChartProps) {
  const legend: LegendItem[] = [
    { label: p.valueLabel, color: "#8a93a6", kind: "bar" },
    { label: p.targetLabel, color: INK, kind: "target" },
  ];
  const top = 14 + legendRows(legend, WIDTH - MARGIN.left - MARGIN.right) * 20 + 8;
  const f = frame(WIDTH, HEIGHT, { ...MARGIN, top });
  const max = Math.max(0, ...p.items.map((i) => Math.max(i.value, i.target)));
  const { domain, ticks } = niceDomain(0, max > 0 ? max * 1.05 : 1, 5, true);
  const y = linearScale(domain, [f.bottom, f.top]);
  const band = bandScale(p.items.length, [f.left, f.right], 0.45);
  return (
    <Chart id={p.id} title={p.title} desc={p.desc} width={WIDTH} height={HEIGHT}>
      <Legend items={legend} x={f.left} y={14} maxWidth={f.right - f.left} />
      <AxisLeft f={f} scale={y} ticks={ticks} format={p.format} label={p.yLabel} />
      {p.empty ? <EmptyNote f={f} text={p.empty} /> : null}
      {p.items.map((item, i) => (
        <g>
          <Bar x={band.start(i)} width={band.bandwidth} y={y(item.value)} y0={y(0)} color={item.style.color} />
          <TargetTick x={band.start(i)} width={band.bandwidth} y={y(item.target)} />
          <text x={px(band.center(i))} y={px(Math.min(y(item.value), y(item.target)) - 12)} text-anchor="middle" fill={INK} font-size="12" font-weight="600" {...HALO}>
            {p.format(item.value)}
          </text>
        </g>
      ))}
      <BandAxisBottom f={f} band={band} labels={p.items} label={p.xLabel} />
    </Chart>
  );
}
