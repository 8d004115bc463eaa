import type { AuditEntry, Community, Experiment, ExperimentVariant, Tier } from "../../drizzle";
import type { StaffAccess } from "../auth/roles";
import { AdminLayout } from "../communities/admin-layout";
import type { FieldErrors } from "../communities/forms";
import { formatDate, formatMoney } from "../ui/format";
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
import { Controls, History } from "./pages-controls";
import { Realised, TestCost } from "./pages-money";
import { ResultPlots } from "./pages-plots";
import type { ExperimentResults, VariantResults } from "./results-types";
import { canManage } from "../communities/admin-context";

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
              Revenue per visitor is the measure that decides: conversion alone always favours the cheapest price. "Observed" is revenue divided by
              visitors; "model" is the estimate of the price-response model, which fits all prices together and favours none, with its 95% credible
              interval. Expected loss is what choosing a price would cost per visitor if another one is in fact better.
            </p>
            <TestCost results={results} currency={currency} bandit={e.mode === "bandit"} />
            {e.target === "tier_price" ? <Realised results={results} currency={currency} /> : null}
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
  if (!results || !e.startedAt) {
    return (
      <div class="verdict draft" role="status" data-testid="verdict">
        <strong class="headline">{e.status === "stopped" ? "Stopped before it started" : "Not started"}</strong>
        <p>{e.status === "stopped" ? "No visitor ever saw these prices." : "Nobody sees a test price until you press Start. Until then every visitor sees today's price."}</p>
      </div>
    );
  }
  const { decision } = results;
  // With nobody exposed yet, every "chance to be best" is the model's prior, not evidence: say so
  // instead of naming a leader.
  if (!winner && results.variants.every((v) => v.exposures === 0)) {
    return (
      <div class="verdict keep_running" role="status" data-testid="verdict" data-verdict="no_data">
        <strong class="headline">No data yet</strong>
        <p>Nobody has seen a test price since the test started, so there is nothing to compare. Results appear here as visitors arrive.</p>
        <StatusNote status={e.status} />
      </div>
    );
  }
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
          <StatusNote status={e.status} />
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

function StatusNote({ status }: { status: Experiment["status"] }) {
  if (status === "paused") return <p>Paused: new visitors see the control price; people already assigned keep theirs.</p>;
  if (status === "stopped") return <p>Stopped: every new visitor sees today's price again. This is how the results stood at the stop.</p>;
  return null;
}

function ResultsTable({ results, currency, winnerId }: { results: ExperimentResults; currency: string; winnerId: string | null }) {
  const money = (x: number) => formatRate(x, currency);
  return (
    <div class="table-scroll">
      <table data-testid="results-table" class="results">
        <caption class="visually-hidden">Results by variant</caption>
        <thead>
          <tr>
            <th scope="col">Variant</th>
            <th scope="col" class="num">
              Exposures
            </th>
            <th scope="col" class="num">
              Conversions (rate)
            </th>
            <th scope="col" class="num">
              Revenue
            </th>
            <th scope="col" class="num">
              Revenue per visitor, observed
            </th>
            <th scope="col" class="num">
              Revenue per visitor, model estimate (95% interval)
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
            <ResultRow v={v} currency={currency} money={money} winner={v.variant.id === winnerId} noData={!results.analysis.hasData} />
          ))}
        </tbody>
      </table>
    </div>
  );
}

function ResultRow({ v, currency, money, winner, noData }: { v: VariantResults; currency: string; money: (x: number) => string; winner: boolean; noData: boolean }) {
  return (
    <tr data-variant={v.variant.key}>
      <th scope="row">
        <Swatch position={v.variant.position} />
        {variantName(v.variant, currency)}
        {v.variant.isControl ? <span class="sub">control</span> : null}
        {winner ? <span class="badge approved">Promoted</span> : null}
      </th>
      <td class="num" data-col="exposures">
        {v.exposures.toLocaleString("en-US")}
      </td>
      <td class="num" data-col="conversions">
        {v.conversions.toLocaleString("en-US")}
        <span class="sub">{percent(v.conversionRate, 2)}</span>
      </td>
      <td class="num">{formatMoney(v.revenue, currency)}</td>
      <td class="num" data-col="rpv-observed">
        {v.exposures > 0 ? money(v.rpv) : <span class="muted">no visitors yet</span>}
      </td>
      <td class="num" data-col="rpv-model">
        {money(v.rpvMean)}
        <span class="sub">
          {money(v.rpvInterval.lower)} to {money(v.rpvInterval.upper)}
        </span>
      </td>
      <td class="num">{noData ? <span class="muted">no data yet</span> : percent(v.chanceToBeBest)}</td>
      <td class="num">{money(v.expectedLoss)}</td>
      <td class="num">
        {v.variant.isControl ? (
          <span class="muted">—</span>
        ) : v.lift ? (
          <>
            {signedPercent(v.lift.median)}
            <span class="sub">
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

