/**
 * One look for every chart: a colour, a dash pattern and a marker shape per variant position,
 * so variant B is the same orange with the same square in every plot and in the table. Colours
 * are the Okabe–Ito palette (told apart with the common colour-vision deficiencies); dashes and
 * shapes carry the distinction for anyone who cannot rely on colour at all.
 */
export const VARIANT_COLORS = ["#0072B2", "#D55E00", "#009E73", "#CC79A7"] as const;
export const VARIANT_DASHES = ["", "7 4", "2 3", "9 3 2 3"] as const;
export const VARIANT_MARKERS = ["circle", "square", "triangle", "diamond"] as const;
export type MarkerShape = (typeof VARIANT_MARKERS)[number];

export interface SeriesStyle {
  color: string;
  dash: string;
  marker: MarkerShape;
}

export function variantStyle(position: number): SeriesStyle {
  const i = ((position % 4) + 4) % 4;
  return { color: VARIANT_COLORS[i]!, dash: VARIANT_DASHES[i]!, marker: VARIANT_MARKERS[i]! };
}

export const INK = "#1d2433";
export const MUTED = "#5b6475";
export const GRID = "#e3e6ec";
export const FONT = 'ui-sans-serif,system-ui,-apple-system,"Segoe UI",Roboto,Arial,sans-serif';

/** A white outline behind a label, so it stays readable where it crosses a line. */
export const HALO = { stroke: "#fff", "stroke-width": "3", "paint-order": "stroke", "stroke-linejoin": "round" } as const;
