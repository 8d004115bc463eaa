import { px } from "./chart";
import { Marker } from "./marker";
import { HALO, type SeriesStyle } from "./theme";

export interface Point {
  x: number;
  y: number;
}

/** "M1 2L3 4…" through the points, in order. */
export function linePath(points: Point[]): string {
  return points.map((p, i) => `${i ? "L" : "M"}${px(p.x)} ${px(p.y)}`).join("");
}

/**
 * One series as a line with a marker on each point (so a single day still shows), or only on
 * the last point when there are many.
 */
export function LineSeries({ points, style, width = 2.5 }: { points: Point[]; style: SeriesStyle; width?: number }) {
  if (!points.length) return null;
  const marked = points.length <= 12 ? points : [points[points.length - 1]!];
  return (
    <g>
      {points.length > 1 ? (
        <path d={linePath(points)} fill="none" stroke={style.color} stroke-width={String(width)} stroke-dasharray={style.dash || undefined} stroke-linejoin="round" stroke-linecap="round" />
      ) : null}
      {marked.map((p) => (
        <Marker x={p.x} y={p.y} shape={style.marker} color={style.color} fill="#fff" />
      ))}
    </g>
  );
}

/** A horizontal reference line across the plot, labelled at its right end (e.g. "95% needed"). */
export function RuleY({ x1, x2, y, label, color = "#5b6475" }: { x1: number; x2: number; y: number; label?: string; color?: string }) {
  return (
    <g>
      <line x1={px(x1)} x2={px(x2)} y1={px(y)} y2={px(y)} stroke={color} stroke-width="1.5" stroke-dasharray="5 4" />
      {label ? (
        <text x={px(x2 - 4)} y={px(y - 6)} text-anchor="end" fill={color} font-size="12" {...HALO}>
          {label}
        </text>
      ) : null}
    </g>
  );
}

/** A vertical reference line from top to bottom of the plot, labelled at the top. */
export function RuleX({ x, y1, y2, label, color = "#5b6475", labelX, labelY }: { x: number; y1: number; y2: number; label?: string; color?: string; labelX?: number; labelY?: number }) {
  return (
    <g>
      <line x1={px(x)} x2={px(x)} y1={px(y1)} y2={px(y2)} stroke={color} stroke-width="1.5" stroke-dasharray="4 4" />
      {label ? (
        <text x={px(labelX ?? x)} y={px(labelY ?? y1 - 6)} text-anchor="middle" fill={color} font-size="12" font-weight="600" {...HALO}>
          {label}
        </text>
      ) : null}
    </g>
  );
}
