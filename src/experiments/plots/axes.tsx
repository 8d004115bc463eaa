import { px, type Frame } from "./chart";
import type { BandScale, LinearScale } from "./scale";
import { GRID, INK, MUTED } from "./theme";

export interface AxisProps {
  f: Frame;
  scale: LinearScale;
  ticks: number[];
  format: (value: number) => string;
  label: string;
}

/** Left axis with horizontal grid lines across the plot, tick labels, and a rotated axis title. */
export function AxisLeft({ f, scale, ticks, format, label }: AxisProps) {
  const midY = (f.top + f.bottom) / 2;
  return (
    <g class="axis axis-y" aria-hidden="true">
      {ticks.map((t) => (
        <g>
          <line x1={px(f.left)} x2={px(f.right)} y1={px(scale(t))} y2={px(scale(t))} stroke={GRID} stroke-width="1" />
          <text x={px(f.left - 8)} y={px(scale(t))} text-anchor="end" dominant-baseline="middle" fill={MUTED} font-size="12">
            {format(t)}
          </text>
        </g>
      ))}
      <line x1={px(f.left)} x2={px(f.left)} y1={px(f.top)} y2={px(f.bottom)} stroke={MUTED} stroke-width="1" />
      <text x={14} y={px(midY)} transform={`rotate(-90 14 ${px(midY)})`} text-anchor="middle" fill={INK} font-size="13" font-weight="600">
        {label}
      </text>
    </g>
  );
}

/** Bottom axis for numbers or dates: tick marks, labels, and the axis title under them. */
export function AxisBottom({ f, scale, ticks, format, label }: AxisProps) {
  return (
    <g class="axis axis-x" aria-hidden="true">
      <line x1={px(f.left)} x2={px(f.right)} y1={px(f.bottom)} y2={px(f.bottom)} stroke={MUTED} stroke-width="1" />
      {ticks.map((t) => (
        <g>
          <line x1={px(scale(t))} x2={px(scale(t))} y1={px(f.bottom)} y2={px(f.bottom + 5)} stroke={MUTED} stroke-width="1" />
          <text x={px(scale(t))} y={px(f.bottom + 19)} text-anchor="middle" fill={MUTED} font-size="12">
            {format(t)}
          </text>
        </g>
      ))}
      <text x={px((f.left + f.right) / 2)} y={px(f.height - 6)} text-anchor="middle" fill={INK} font-size="13" font-weight="600">
        {label}
      </text>
    </g>
  );
}

/** Bottom axis for categories (variants): one label, optionally two lines, under each band. */
export function BandAxisBottom({ f, band, labels, label }: { f: Frame; band: BandScale; labels: { main: string; sub?: string }[]; label: string }) {
  return (
    <g class="axis axis-x" aria-hidden="true">
      <line x1={px(f.left)} x2={px(f.right)} y1={px(f.bottom)} y2={px(f.bottom)} stroke={MUTED} stroke-width="1" />
      {labels.map((l, i) => (
        <text x={px(band.center(i))} y={px(f.bottom + 18)} text-anchor="middle" fill={INK} font-size="13">
          <tspan font-weight="600">{l.main}</tspan>
          {l.sub ? (
            <tspan fill={MUTED} font-size="12">
              {" "}
              {l.sub}
            </tspan>
          ) : null}
        </text>
      ))}
      <text x={px((f.left + f.right) / 2)} y={px(f.height - 6)} text-anchor="middle" fill={INK} font-size="13" font-weight="600">
        {label}
      </text>
    </g>
  );
}
