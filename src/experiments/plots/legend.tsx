import { px } from "./chart";
import { Marker } from "./marker";
import type { MarkerShape } from "./theme";
import { INK } from "./theme";

export interface LegendItem {
  label: string;
  color: string;
  /** How the series is drawn: a line (with its dash and marker), a bar, or a target tick. */
  kind: "line" | "bar" | "target";
  dash?: string;
  marker?: MarkerShape;
}

/** Rough width of a label at 12px, enough to lay legend entries out without measuring text. */
const textWidth = (s: string) => s.length * 6.8;

/** A one-row (wrapping) legend starting at (x, y); entries never overlap at the chart's width. */
export function Legend({ items, x, y, maxWidth }: { items: LegendItem[]; x: number; y: number; maxWidth: number }) {
  let cx = x;
  let cy = y;
  const placed = items.map((item) => {
    const w = 30 + textWidth(item.label) + 18;
    if (cx + w > x + maxWidth && cx > x) {
      cx = x;
      cy += 20;
    }
    const at = { item, x: cx, y: cy };
    cx += w;
    return at;
  });
  return (
    <g class="legend" aria-hidden="true">
      {placed.map(({ item, x: lx, y: ly }) => (
        <g>
          <Swatch item={item} x={lx} y={ly} />
          <text x={px(lx + 30)} y={px(ly)} dominant-baseline="middle" fill={INK} font-size="12">
            {item.label}
          </text>
        </g>
      ))}
    </g>
  );
}

/** Legend rows needed for `items` at `maxWidth`, so charts can reserve the space. */
export function legendRows(items: LegendItem[], maxWidth: number): number {
  let rows = 1;
  let used = 0;
  for (const item of items) {
    const w = 30 + textWidth(item.label) + 18;
    if (used + w > maxWidth && used > 0) {
      rows++;
      used = 0;
    }
    used += w;
  }
  return rows;
}

function Swatch({ item, x, y }: { item: LegendItem; x: number; y: number }) {
  if (item.kind === "bar") return <rect x={px(x + 4)} y={px(y - 6)} width="18" height="12" rx="2" fill={item.color} fill-opacity="0.85" />;
  if (item.kind === "target") {
    return (
      <g>
        <line x1={px(x)} x2={px(x + 24)} y1={px(y)} y2={px(y)} stroke={item.color} stroke-width="2.5" stroke-dasharray="6 3" />
        <path d={`M${px(x + 12)} ${px(y - 5)}L${px(x + 17)} ${px(y)}L${px(x + 12)} ${px(y + 5)}L${px(x + 7)} ${px(y)}Z`} fill="#fff" stroke={item.color} stroke-width="2" />
      </g>
    );
  }
  return (
    <g>
      <line x1={px(x)} x2={px(x + 24)} y1={px(y)} y2={px(y)} stroke={item.color} stroke-width="2.5" stroke-dasharray={item.dash || undefined} />
      {item.marker ? <Marker x={x + 12} y={y} shape={item.marker} color={item.color} fill="#fff" size={4} /> : null}
    </g>
  );
}
