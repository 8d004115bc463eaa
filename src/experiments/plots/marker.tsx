import { px } from "./chart";
import type { MarkerShape } from "./theme";

/** A point symbol: the shape tells series apart where colour cannot. */
export function Marker({ x, y, shape, color, size = 4.5, fill }: { x: number; y: number; shape: MarkerShape; color: string; size?: number; fill?: string }) {
  const common = { fill: fill ?? color, stroke: color, "stroke-width": "1.5" };
  switch (shape) {
    case "circle":
      return <circle cx={px(x)} cy={px(y)} r={px(size)} {...common} />;
    case "square":
      return <rect x={px(x - size)} y={px(y - size)} width={px(size * 2)} height={px(size * 2)} {...common} />;
    case "triangle":
      return <path d={`M${px(x)} ${px(y - size * 1.2)}L${px(x + size * 1.1)} ${px(y + size * 0.8)}L${px(x - size * 1.1)} ${px(y + size * 0.8)}Z`} {...common} />;
    case "diamond":
      return <path d={`M${px(x)} ${px(y - size * 1.3)}L${px(x + size * 1.1)} ${px(y)}L${px(x)} ${px(y + size * 1.3)}L${px(x - size * 1.1)} ${px(y)}Z`} {...common} />;
  }
}
