import type { Community, Experiment, ExperimentVariant, Tier } from "../../drizzle";
import { formatMoney, minorUnitFactor } from "../ui/format";
import { formatterCache } from "../ui/intl-cache";
import { variantStyle } from "./plots/theme";

export const experimentsBase = (community: Community) => `/c/${community.slug}/admin/experiments`;

export const STATUS_LABELS: Record<Experiment["status"], string> = {
  draft: "Draft",
  running: "Running",
  paused: "Paused",
  stopped: "Stopped",
};

/** Badge classes of the shared stylesheet: green while running, amber while paused. */
export const STATUS_BADGE: Record<Experiment["status"], string> = {
  draft: "badge",
  running: "badge active",
  paused: "badge held",
  stopped: "badge released",
};

export function StatusBadge({ status }: { status: Experiment["status"] }) {
  return (
    <span class={STATUS_BADGE[status]} data-status={status}>
      {STATUS_LABELS[status]}
    </span>
  );
}

/** "Application fee" or "Member · monthly price". */
export function targetLabel(experiment: Experiment, tiers: Map<string, Tier>): string {
  if (experiment.target === "application_fee") return "Application fee";
  const tier = experiment.tierId ? tiers.get(experiment.tierId) : undefined;
  return `${tier?.name ?? "A removed tier"} · ${experiment.interval === "year" ? "yearly" : "monthly"} price`;
}

/** The currency the experiment's prices are in. */
export function currencyOf(experiment: Experiment, community: Community, tiers: Map<string, Tier>): string {
  return experiment.target === "tier_price" && experiment.tierId ? (tiers.get(experiment.tierId)?.currency ?? community.currency) : community.currency;
}

const rateFormats = formatterCache<Intl.NumberFormat>();

/**
 * Money per visitor needs more precision than prices: $0.375, not $0.38. `fixedDigits` pins the
 * decimals (axis ticks share one format).
 */
export function formatRate(minor: number, currency: string, fixedDigits?: number): string {
  const value = minor / minorUnitFactor(currency);
  const zeroDecimal = minorUnitFactor(currency) === 1;
  const digits = fixedDigits ?? (zeroDecimal ? (Math.abs(value) < 10 ? 2 : 0) : Math.abs(value) < 1 && value !== 0 ? 3 : 2);
  const code = currency.toUpperCase();
  const format = rateFormats(`${code}:${digits}`, () => new Intl.NumberFormat("en-US", { style: "currency", currency: code, minimumFractionDigits: digits, maximumFractionDigits: digits }));
  return format ? format.format(value) : `${value.toFixed(digits)} ${code}`;
}

export function percent(x: number, digits = 1): string {
  if (!Number.isFinite(x)) return "—";
  return `${(x * 100).toFixed(digits)}%`;
}

export function signedPercent(x: number, digits = 1): string {
  if (!Number.isFinite(x)) return "—";
  const p = (x * 100).toFixed(digits);
  return `${x > 0 ? "+" : x < 0 ? "−" : ""}${p.replace("-", "")}%`;
}

/** "B · $35.00" */
export function variantName(v: Pick<ExperimentVariant, "key" | "price" | "isControl">, currency: string): string {
  return `${v.key} · ${formatMoney(v.price, currency)}`;
}

/** A small square in the variant's colour, the same as in every plot (decorative). */
export function Swatch({ position }: { position: number }) {
  return <span class="swatch" style={`background:${variantStyle(position).color}`} aria-hidden="true" />;
}

export function daysBetween(from: Date | null, to: Date): number {
  return from ? Math.max(0, (+to - +from) / 86_400_000) : 0;
}

/** "3 days", "less than a day". */
export function formatDays(days: number): string {
  if (days < 1) return "less than a day";
  const whole = Math.floor(days);
  return `${whole} day${whole === 1 ? "" : "s"}`;
}

/** The few styles these pages add to the shared sheet: plots, the verdict banner, swatches. */
export const EXPERIMENT_STYLES = `
figure.plot{margin:1.25rem 0;padding:1rem 1rem .75rem;background:var(--card);border:1px solid var(--line);border-radius:12px}
figure.plot figcaption{color:var(--muted);font-size:.92rem;margin-top:.5rem}
.plots{display:grid;gap:1rem;grid-template-columns:1fr}
.verdict{border-radius:12px;padding:1rem 1.25rem;margin:1rem 0;background:var(--info-bg);border-left:6px solid var(--brand)}
.verdict strong.headline{display:block;font-size:1.35rem;line-height:1.3}
.verdict.winner{background:var(--ok-bg);border-color:var(--ok)}.verdict.no_clear_difference{background:var(--warn-bg);border-color:var(--warn)}
.verdict.traffic_split_wrong{background:var(--bad-bg);border-color:var(--bad)}.verdict.draft{background:#f0f1f4;border-color:#8a93a6}
.verdict ul{margin:.4rem 0 0;padding-left:1.2rem}
.swatch{display:inline-block;width:.8rem;height:.8rem;border-radius:3px;margin-right:.35rem;vertical-align:-1px}
.num{text-align:right;font-variant-numeric:tabular-nums}
table.results{font-size:.9rem}table.results th,table.results td{padding:.45rem .4rem}table.results td.num{white-space:nowrap}
table.results th[scope=row]{white-space:nowrap;font-weight:600;color:var(--ink);font-size:.9rem}table.results .sub{display:block;font-weight:400;font-size:.82rem;color:var(--muted)}
.table-scroll{overflow-x:auto;margin-top:1rem}
.split{display:grid;gap:1.25rem;grid-template-columns:minmax(0,3fr) minmax(0,2fr);align-items:start}
@media (max-width:800px){.split{grid-template-columns:1fr}}
.big-number{font-size:1.5rem;font-weight:700;margin:.2rem 0}.planner-result{margin-top:1.25rem;border-top:1px solid var(--line);padding-top:.5rem}
`;

export function ExperimentStyles() {
  return <style dangerouslySetInnerHTML={{ __html: EXPERIMENT_STYLES }} />;
}
