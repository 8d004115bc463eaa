import { px } from "./chart";

/** A vertical bar from `y0` (the baseline) up to `y`, with slightly rounded top corners. */
export function Bar({ x, width, y, y0, color, opacity = 0.85 }: { x: number; width: number; y: number; y0: number; color: string; opacity?: number }) {
  const top = Math.min(y, y0);
  const height = Math.abs(y0 - y);
  if (height < 0.5) return <line x1={px(x)} x2={px(x + width)} y1={px(y0)} y2={px(y0)} stroke={color} stroke-width="2" />;
  return <rect x={px(x)} y={px(top)} width={px(width)} height={px(height)} rx="3" fill={color} fill-opacity={String(opacity)} />;
}

/** An interval (e.g. 95% credible interval) as a vertical whisker with caps. */
export function IntervalBar({ x, y1, y2, color, cap = 9 }: { x: number; y1: number; y2: number; color: string; cap?: number }) {
  return (
    <g stroke={color} stroke-width="2" stroke-linecap="round">
      <line x1={px(x)} x2={px(x)} y1={px(y1)} y2={px(y2)} />
      <line x1={px(x - cap)} x2={px(x + cap)} y1={px(y1)} y2={px(y1)} />
      <line x1={px(x - cap)} x2={px(x + cap)} y1={px(y2)} y2={px(y2)} />
    </g>
  );
}

/** A target marker across a bar: a bold horizontal tick with a small diamond in its middle. */
export function TargetTick({ x, width, y, color = "#1d2433" }: { x: number; width: number; y: number; color?: string }) {
  const cx = x + width / 2;
  return (
    <g>
      <line x1={px(x - 6)} x2={px(x + width + 6)} y1={px(y)} y2={px(y)} stroke={color} stroke-width="2.5" stroke-dasharray="6 3" />
      <path d={`M${px(cx)} ${px(y - 6)}L${px(cx + 6)} ${px(y)}L${px(cx)} ${px(y + 6)}L${px(cx - 6)} ${px(y)}Z`} fill="#fff" stroke={color} stroke-width="2" />
    </g>
  );
}
