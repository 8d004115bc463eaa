import type { Child } from "hono/jsx";
import { FONT, INK } from "./theme";

/** The drawing area inside a chart, after the margins for axes and the legend. */
export interface Frame {
  width: number;
  height: number;
  left: number;
  right: number;
  top: number;
  bottom: number;
}

export function frame(width: number, height: number, margin: { top: number; right: number; bottom: number; left: number }): Frame {
  return { width, height, left: margin.left, right: width - margin.right, top: margin.top, bottom: height - margin.bottom };
}

export interface ChartProps {
  /** Unique on the page: ids of the title and description derive from it. */
  id: string;
  title: string;
  /** What the chart shows, in a sentence or two: read by screen readers with the title. */
  desc: string;
  width: number;
  height: number;
  children?: Child;
}

/**
 * An accessible SVG: role="img" labelled by its <title> and described by its <desc>. It scales
 * to its container (the viewBox keeps proportions); text stays legible down to about 360px.
 * Every text node is a JSX child, so hono/jsx escapes it.
 */
export function Chart({ id, title, desc, width, height, children }: ChartProps) {
  return (
    <svg
      xmlns="http://www.w3.org/2000/svg"
      viewBox={`0 0 ${width} ${height}`}
      width="100%"
      role="img"
      aria-labelledby={`${id}-title ${id}-desc`}
      class="chart"
      font-family={FONT}
      font-size="13"
      fill={INK}
      style={`max-width:${width}px;height:auto;display:block;margin:0 auto`}
    >
      <title id={`${id}-title`}>{title}</title>
      <desc id={`${id}-desc`}>{desc}</desc>
      {children}
    </svg>
  );
}

export interface FigureProps {
  /** Visible under the chart: the one-sentence reading of it. */
  caption: Child;
  /** The numbers behind the chart, for screen readers (visually hidden). */
  table?: Child;
  children?: Child;
}

/** A chart with its caption and its data as a table: the text alternative of the picture. */
export function Figure({ caption, table, children }: FigureProps) {
  return (
    <figure class="plot">
      {children}
      <figcaption>{caption}</figcaption>
      {table ? <div class="visually-hidden">{table}</div> : null}
    </figure>
  );
}

/** A centred note drawn inside an empty chart ("No exposures yet"). */
export function EmptyNote({ f, text }: { f: Frame; text: string }) {
  return (
    <text x={(f.left + f.right) / 2} y={(f.top + f.bottom) / 2} text-anchor="middle" fill="#5b6475" font-size="14">
      {text}
    </text>
  );
}

/** Numbers in SVG attributes: short, finite. */
export const px = (n: number) => (Number.isFinite(n) ? Math.round(n * 10) / 10 : 0);
