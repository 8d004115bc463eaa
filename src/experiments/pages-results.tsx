import type { AuditEntry, Community, Experiment, ExperimentVariant, Tier } from "../../drizzle";
import type { StaffAccess } from "../auth/roles";
import { AdminLayout, canManage, FieldError } from "../communities/admin-layout";
import { SelectField, TextField } from "../communities/fields";
import type { FieldErrors } from "../communities/forms";
import { formatDate, formatDateTime, formatMoney } from "../ui/format";
import {
  currencyOf,
  daysBetween,
  experimentsBase,
  ExperimentStyles,
  formatDays,
  formatRate,
  percent,
  signedPercent,
  StatusBadge,
  Swatch,
  targetLabel,
  variantName,
} from "./pages-common";
import { ResultPlots } from "./pages-plots";
import type { ExperimentResults, VariantResults } from "./results-types";

export interface PromoteValues {
  variantId: string;
  reason: string;
}

export interface ExperimentPageProps {
  community: Community;
  role: StaffAccess;
  experiment: Experiment;
  variants: ExperimentVariant[];
  /** Null for a draft: nothing to analyse before the test starts. */
  results: ExperimentResults | null;
  tiers: Map<string, Tier>;
  history: AuditEntry[];
  now: Date;
  flash?: string | null;
  error?: string | null;
  promote?: { values: PromoteValues; errors: FieldErrors };
}

/** One experiment: the verdict, the owner's controls, the numbers and the four plots, its history. */
export function ExperimentPage(props: ExperimentPageProps) {
  const { community, role, experiment: e, variants, results, tiers, now, flash, error } = props;
  const base = `${experimentsBase(community)}/${e.id}`;
  const currency = currencyOf(e, community, tiers);
  return (
    <AdminLayout community={community} role={role} title={e.name} current="experiments" flash={flash} error={error}>
      <ExperimentStyles />
      <p>
        <a href={experimentsBase(community)}>← All experiments</a>
      </p>
      <h1>
        {e.name} <StatusBadge status={e.status} />
      </h1>
      <p class="lead">
        {targetLabel(e, tiers)}: {variants.map((v) => formatMoney(v.price, currency)).join(" vs ")}. {e.mode === "bandit" ? "Bandit split" : "Fixed split"}.{" "}
        {e.startedAt ? `Started ${formatDate(e.startedAt)}, ${e.stoppedAt ? "ran" : "running for"} ${formatDays(daysBetween(e.startedAt, e.stoppedAt ?? now))}.` : "Not started yet."}
      </p>
      <Verdict experiment={e} variants={variants} results={results} currency={currency} />
      {canManage(role) ? <Controls base={base} {...props} currency={currency} /> : null}
      {results ? (
        <>
          <section aria-labelledby="numbers-h">
            <h2 id="numbers-h">Results</h2>
            <ResultsTable results={results} currency={currency} winnerId={e.winnerVariantId} />
            <p class="hint">
              Revenue per visitor is the measure that decides: conversion alone always favours the cheapest price. Intervals are 95% credible intervals;
              expected loss is what choosing a price would cost per visitor if another one is in fact better.
            </p>
          </section>
          <section aria-labelledby="plots-h">
            <h2 id="plots-h">Plots</h2>
            <ResultPlots results={results} currency={currency} />
          </section>
        </>
      ) : null}
      <Setup experiment={e} variants={variants} currency={currency} />
      <History entries={props.history} currency={currency} />
    </AdminLayout>
  );
}

const VERDICT_CLASS: Record<string, string> = {
  keep_running: "verdict keep_running",
  winner: "verdict winner",
  no_clear_difference: "verdict no_clear_difference",
  traffic_split_wrong: "verdict traffic_split_wrong",
};

/** The plain-language verdict, from the stopping rule, with its reasons. */
function Verdict({ experiment: e, variants, results, currency }: { experiment: Experiment; variants: ExperimentVariant[]; results: ExperimentResults | null; currency: string }) {
  const winner = e.winnerVariantId ? variants.find((v) => v.id === e.winnerVariantId) : undefined;
  if (!results || e.status === "draft") {
    return (
      <div class="verdict draft" role="status" data-testid="verdict">
        <strong class="headline">Not started</strong>
        <p>Nobody sees a test price until you press Start. Until then every visitor sees today's price.</p>
      </div>
    );
  }
  const { decision } = results;
  return (
    <div class={VERDICT_CLASS[decision.verdict] ?? "verdict"} role="status" data-testid="verdict" data-verdict={decision.verdict}>
      {winner ? (
        <>
          <strong class="headline">
            Variant {winner.key} promoted: {formatMoney(winner.price, currency)} is the price for new visitors
          </strong>
          <p>People already in the test keep the price they were shown. When it stopped, the results read: {decision.message}.</p>
        </>
      ) : (
        <>
          <strong class="headline">{decision.message}</strong>
          {e.status === "paused" ? <p>Paused: new visitors see the control price; people already assigned keep theirs.</p> : null}
          {e.status === "stopped" ? <p>Stopped: every new visitor sees today's price again. This is how the results stood at the stop.</p> : null}
        </>
      )}
      {decision.reasons.length ? (
        <ul>
          {decision.reasons.map((r) => (
            <li>{r}</li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}

function ResultsTable({ results, currency, winnerId }: { results: ExperimentResults; currency: string; winnerId: string | null }) {
  const money = (x: number) => formatRate(x, currency);
  return (
    <div class="table-scroll">
      <table data-testid="results-table">
        <caption class="visually-hidden">Results by variant</caption>
        <thead>
          <tr>
            <th scope="col">Variant</th>
            <th scope="col" class="num">
              Exposures
            </th>
            <th scope="col" class="num">
              Conversions
            </th>
            <th scope="col" class="num">
              Conversion rate
            </th>
            <th scope="col" class="num">
              Revenue
            </th>
            <th scope="col" class="num">
              Revenue per visitor (95% interval)
            </th>
            <th scope="col" class="num">
              Chance to be best
            </th>
            <th scope="col" class="num">
              Expected loss
            </th>
            <th scope="col" class="num">
              Lift vs control (95% interval)
            </th>
          </tr>
        </thead>
        <tbody>
          {results.variants.map((v) => (
            <ResultRow v={v} currency={currency} money={money} winner={v.variant.id === winnerId} />
          ))}
        </tbody>
      </table>
    </div>
  );
}

function ResultRow({ v, currency, money, winner }: { v: VariantResults; currency: string; money: (x: number) => string; winner: boolean }) {
  return (
    <tr data-variant={v.variant.key}>
      <th scope="row">
        <Swatch position={v.variant.position} />
        {variantName(v.variant, currency)}
        {v.variant.isControl ? <span class="muted"> (control)</span> : null}
        {winner ? (
          <>
            {" "}
            <span class="badge approved">Promoted</span>
          </>
        ) : null}
      </th>
      <td class="num" data-col="exposures">
        {v.exposures.toLocaleString("en-US")}
      </td>
      <td class="num" data-col="conversions">
        {v.conversions.toLocaleString("en-US")}
      </td>
      <td class="num">{percent(v.conversionRate, 2)}</td>
      <td class="num">{formatMoney(v.revenue, currency)}</td>
      <td class="num">
        {money(v.rpv)}
        <br />
        <span class="muted">
          {money(v.rpvInterval.lower)} – {money(v.rpvInterval.upper)}
        </span>
      </td>
      <td class="num">{percent(v.chanceToBeBest)}</td>
      <td class="num">{money(v.expectedLoss)}</td>
      <td class="num">
        {v.variant.isControl ? (
          <span class="muted">—</span>
        ) : v.lift ? (
          <>
            {signedPercent(v.lift.median)}
            <br />
            <span class="muted">
              {signedPercent(v.lift.interval.lower)} to {signedPercent(v.lift.interval.upper)}
            </span>
          </>
        ) : (
          <span class="muted">n/a</span>
        )}
      </td>
    </tr>
  );
}

/** Start, pause, resume, stop and promote, as the status allows. */
function Controls(props: ExperimentPageProps & { base: string; currency: string }) {
  const { base, experiment: e, variants, currency, promote } = props;
  const canPromote = !e.winnerVariantId && e.status !== "draft";
  const lowest = Math.min(...variants.map((v) => v.price));
  if (e.status === "stopped" && !canPromote) return null;
  return (
    <section class="card" aria-labelledby="controls-h">
      <h2 id="controls-h">Controls</h2>
      <div class="actions">
        {e.status === "draft" ? <ActionButton action={`${base}/start`} label="Start experiment" primary /> : null}
        {e.status === "running" ? <ActionButton action={`${base}/pause`} label="Pause" /> : null}
        {e.status === "paused" ? <ActionButton action={`${base}/resume`} label="Resume" primary /> : null}
      </div>
      {e.status !== "stopped" ? (
        <form method="post" action={`${base}/stop`} class="filters" novalidate>
          <TextField id="stop-reason" name="reason" label="Reason for stopping (optional)" maxlength={500} />
          <button type="submit" class="btn danger">
            Stop experiment
          </button>
        </form>
      ) : null}
      {e.status !== "stopped" ? (
        <p class="hint">
          Stopping sends every new visitor back to today's price; people already assigned keep theirs.
          {e.refundToLowest ? ` Whoever paid more than the lowest tested price (${formatMoney(lowest, currency)}) is refunded the difference.` : ""}
        </p>
      ) : null}
      {canPromote ? <PromoteForm base={base} variants={variants} currency={currency} values={promote?.values} errors={promote?.errors} /> : null}
    </section>
  );
}

function ActionButton({ action, label, primary }: { action: string; label: string; primary?: boolean }) {
  return (
    <form method="post" action={action}>
      <button type="submit" class={primary ? "btn" : "btn secondary"}>
        {label}
      </button>
    </form>
  );
}

function PromoteForm({ base, variants, currency, values, errors = {} }: { base: string; variants: ExperimentVariant[]; currency: string; values?: PromoteValues; errors?: FieldErrors }) {
  const options = [{ value: "", label: "Choose a variant" }, ...variants.map((v) => ({ value: v.id, label: `${variantName(v, currency)}${v.isControl ? " (control)" : ""}` }))];
  return (
    <form method="post" action={`${base}/promote`} novalidate>
      <h3>Promote a winner</h3>
      <p class="hint">The promoted price becomes the price for every new visitor and the experiment stops. People already assigned keep their price.</p>
      <div class="grid">
        <SelectField id="promote-variant" name="variantId" label="Variant to promote" value={values?.variantId ?? ""} error={errors.variantId} options={options} />
        <TextField id="promote-reason" name="reason" label="Reason" value={values?.reason ?? ""} error={errors.reason} maxlength={500} hint="For the audit log." />
      </div>
      <FieldError id="promote" message={errors.form} />
      <button type="submit" class="btn ok">
        Promote
      </button>
    </form>
  );
}

function Setup({ experiment: e, variants, currency }: { experiment: Experiment; variants: ExperimentVariant[]; currency: string }) {
  return (
    <section class="card" aria-labelledby="setup-h">
      <h2 id="setup-h">Setup</h2>
      <dl class="answers">
        <dt>Price points (share of new visitors now)</dt>
        <dd>
          {variants.map((v, i) => (
            <>
              {i ? "; " : ""}
              <Swatch position={v.position} />
              {variantName(v, currency)} ({percent(v.weight, 0)}){v.isControl ? " control" : ""}
            </>
          ))}
        </dd>
        <dt>Traffic split</dt>
        <dd>{e.mode === "bandit" ? "Bandit: weights follow the chance to be best, updated daily, at least 1% each" : "Fixed"}</dd>
        <dt>Conversion window</dt>
        <dd>{e.conversionWindowDays} days</dd>
        <dt>Maximum duration</dt>
        <dd>{e.maxDurationDays} days</dd>
        <dt>Refund down to the lowest tested price</dt>
        <dd>{e.refundToLowest ? "Yes" : "No"}</dd>
        <dt>Promote the winner automatically</dt>
        <dd>{e.autoPromote ? "Yes" : "No"}</dd>
      </dl>
    </section>
  );
}

const HISTORY_LABELS: Record<string, string> = {
  "experiment.created": "Created",
  "experiment.started": "Started",
  "experiment.paused": "Paused",
  "experiment.resumed": "Resumed",
  "experiment.stopped": "Stopped",
  "experiment.promoted": "Promoted a winner",
  "experiment.bandit_weights": "Bandit moved the traffic split",
  "experiment.refund_to_lowest": "Refunded down to the lowest price",
};

/** The detail of an entry in words: the promoted variant, the new weights, the refund. */
function describeEntry(a: AuditEntry, currency: string): string {
  const d = a.detail as Record<string, unknown>;
  if (typeof d.variant === "string") return `${d.variant}${typeof d.price === "number" ? ` (${formatMoney(d.price, currency)})` : ""}`;
  if (d.weights && typeof d.weights === "object") {
    return Object.entries(d.weights as Record<string, unknown>)
      .map(([k, w]) => `${k} ${typeof w === "number" ? percent(w, 0) : ""}`)
      .join(", ");
  }
  if (typeof d.refunded === "number") return `${formatMoney(d.refunded, currency)} back`;
  if (Array.isArray(d.prices)) return d.prices.map((p) => (typeof p === "number" ? formatMoney(p, currency) : "")).join(" vs ");
  return "";
}

/** Who changed what, when: the audit entries about this experiment, newest first. */
function History({ entries, currency }: { entries: AuditEntry[]; currency: string }) {
  return (
    <section aria-labelledby="history-h">
      <h2 id="history-h">History</h2>
      {entries.length === 0 ? (
        <p class="muted">Nothing recorded yet.</p>
      ) : (
        <table>
          <caption class="visually-hidden">Changes to this experiment, newest first</caption>
          <thead>
            <tr>
              <th scope="col">When</th>
              <th scope="col">Who</th>
              <th scope="col">What</th>
              <th scope="col">Reason</th>
            </tr>
          </thead>
          <tbody>
            {entries.map((a) => (
              <tr>
                <td>{formatDateTime(a.createdAt)}</td>
                <td>{a.actor}</td>
                <td>
                  {HISTORY_LABELS[a.action] ?? a.action}
                  {describeEntry(a, currency) ? <span class="muted">: {describeEntry(a, currency)}</span> : null}
                </td>
                <td>{a.reason}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
