import { formatMoney, minorUnitFactor } from "../ui/format";
import { IntervalChart, TargetChart } from "./plots/band-charts";
import { Figure } from "./plots/chart";
import { LinesChart, type LineSeriesData } from "./plots/line-charts";
import { dayValue, shortDay } from "./plots/scale";
import { variantStyle } from "./plots/theme";
import { formatRate, percent } from "./pages-common";
import type { ExperimentResults, VariantResults } from "./results-types";

/**
 * The four plots of the results page, each an accessible SVG with a caption that says what it
 * shows and a hidden table of the numbers behind it. Variant colours match the results table.
 */
export function ResultPlots({ results, currency }: { results: ExperimentResults; currency: string }) {
  return (
    <div class="plots">
      <RpvPlot results={results} currency={currency} />
      <ChancePlot results={results} currency={currency} />
      <SplitPlot results={results} currency={currency} />
      <ConversionsPlot results={results} currency={currency} />
    </div>
  );
}

interface PlotProps {
  results: ExperimentResults;
  currency: string;
}

const label = (v: VariantResults, currency: string) => `${v.variant.key} · ${formatMoney(v.variant.price, currency)}`;
const styleOf = (v: VariantResults) => variantStyle(v.variant.position);

function RpvPlot({ results, currency }: PlotProps) {
  const money = (x: number) => formatRate(x, currency);
  const exposed = results.variants.some((v) => v.exposures > 0);
  const control = results.variants.find((v) => v.variant.isControl) ?? results.variants[0]!;
  const best = results.variants.reduce((a, b) => (b.rpvMean > a.rpvMean ? b : a));
  // Ticks in cents, unless every value is under ten cents (then tenths of a cent); whole yen.
  const factor = minorUnitFactor(currency);
  const axisDigits = factor === 1 ? 0 : Math.max(...results.variants.map((v) => v.rpvInterval.upper)) / factor < 0.1 ? 3 : 2;
  const caption = exposed
    ? `${best.variant.key} (${formatMoney(best.variant.price, currency)}) has the highest estimated revenue per visitor: ${money(best.rpvMean)}, 95% interval ${money(best.rpvInterval.lower)} to ${money(best.rpvInterval.upper)}. Overlapping intervals mean the prices are not told apart yet.`
    : "No visitor has seen a test price yet: the bars show what each price could earn before any data.";
  return (
    <Figure
      caption={caption}
      table={
        <table>
          <caption>Revenue per visitor by variant, with 95% intervals</caption>
          <thead>
            <tr>
              <th scope="col">Variant</th>
              <th scope="col">Estimated revenue per visitor</th>
              <th scope="col">95% interval, low</th>
              <th scope="col">95% interval, high</th>
            </tr>
          </thead>
          <tbody>
            {results.variants.map((v) => (
              <tr>
                <th scope="row">{label(v, currency)}</th>
                <td>{money(v.rpvMean)}</td>
                <td>{money(v.rpvInterval.lower)}</td>
                <td>{money(v.rpvInterval.upper)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      }
    >
      <IntervalChart
        id="plot-rpv"
        title="Revenue per visitor, by price"
        desc={`Bars: estimated revenue per exposed visitor for each variant; whiskers: its 95% credible interval. ${caption}`}
        yLabel="Revenue per visitor"
        xLabel="Variant and price"
        valueLabel="Estimated revenue per visitor"
        intervalLabel="95% interval"
        format={money}
        formatAxis={(x) => formatRate(x, currency, axisDigits)}
        items={results.variants.map((v) => ({
          main: v.variant.key,
          sub: formatMoney(v.variant.price, currency),
          style: styleOf(v),
          value: v.rpvMean,
          lower: v.rpvInterval.lower,
          upper: v.rpvInterval.upper,
        }))}
        reference={exposed ? { value: control.rpvMean, label: `Control (${control.variant.key}) estimate` } : undefined}
      />
    </Figure>
  );
}

/** Daily snapshots from the cron, plus today's live reading so the line reaches now. */
function chanceSeries(results: ExperimentResults): { day: string; chance: Record<string, number> }[] {
  const points = results.chanceOverTime.map((s) => ({ day: s.day, chance: s.chanceToBeBest }));
  const today = results.computedAt.toISOString().slice(0, 10);
  const live = Object.fromEntries(results.variants.map((v) => [v.variant.key, v.chanceToBeBest]));
  if (points.length && points[points.length - 1]!.day === today) points[points.length - 1] = { day: today, chance: live };
  else if (results.experiment.startedAt) points.push({ day: today, chance: live });
  return points;
}

function ChancePlot({ results, currency }: PlotProps) {
  const points = chanceSeries(results);
  const series: LineSeriesData[] = results.variants.map((v) => ({
    label: label(v, currency),
    style: styleOf(v),
    points: points.map((p) => ({ x: dayValue(p.day), y: p.chance[v.variant.key] ?? 0 })),
  }));
  const leader = results.variants.reduce((a, b) => (b.chanceToBeBest > a.chanceToBeBest ? b : a));
  // The rule decides on expected loss in money, not on this chance, so no line marks a threshold.
  const caption = !points.length
    ? "The chance to be best is tracked once the test starts."
    : !results.analysis.hasData
      ? "No data yet: with no sale in any variant every price is equally likely to be best."
      : `Now ${leader.variant.key} has a ${percent(leader.chanceToBeBest, 0)} chance to be the price that earns most per visitor. Lines that keep crossing mean the test has not settled.`;
  return (
    <Figure
      caption={caption}
      table={
        <table>
          <caption>Chance to be best, by day</caption>
          <thead>
            <tr>
              <th scope="col">Day</th>
              {results.variants.map((v) => (
                <th scope="col">{label(v, currency)}</th>
              ))}
            </tr>
          </thead>
          <tbody>
            {points.map((p) => (
              <tr>
                <th scope="row">{p.day}</th>
                {results.variants.map((v) => (
                  <td>{percent(p.chance[v.variant.key] ?? 0)}</td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      }
    >
      <LinesChart
        id="plot-chance"
        title="Chance to be best, over time"
        desc={`One line per variant: the probability, each day, that it earns the most per visitor. ${caption}`}
        yLabel="Chance to be best"
        xLabel="Day"
        x={{ kind: "days" }}
        series={series}
        yDomain={[0, 1]}
        yTicks={[0, 0.25, 0.5, 0.75, 1]}
        formatY={(y) => percent(y, 0)}
        empty={points.length ? undefined : "Not started yet"}
      />
    </Figure>
  );
}

function SplitPlot({ results, currency }: PlotProps) {
  const total = results.variants.reduce((s, v) => s + v.exposures, 0);
  const parts = results.variants.map((v) => `${v.variant.key} ${v.exposures.toLocaleString("en-US")} (expected ${Math.round(v.expectedExposures).toLocaleString("en-US")})`);
  const health = results.srm.flagged
    ? `Traffic split looks wrong (p = ${results.srm.pValue.toPrecision(2)}): something sends more visitors to one price than its weight says, such as caching, redirects or bots. No decision is taken until it is fixed.`
    : total > 0
      ? `The split is consistent with the weights (p = ${results.srm.pValue.toFixed(2)}).`
      : "No exposures yet.";
  const caption = total > 0 ? `Exposures: ${parts.join(", ")}. ${health}` : health;
  return (
    <Figure
      caption={caption}
      table={
        <table>
          <caption>Exposures against the expected split</caption>
          <thead>
            <tr>
              <th scope="col">Variant</th>
              <th scope="col">Exposures</th>
              <th scope="col">Expected from the weights</th>
            </tr>
          </thead>
          <tbody>
            {results.variants.map((v) => (
              <tr>
                <th scope="row">{label(v, currency)}</th>
                <td>{v.exposures}</td>
                <td>{v.expectedExposures.toFixed(1)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      }
    >
      <TargetChart
        id="plot-split"
        title="Exposures against the expected split"
        desc={`Bars: visitors who saw each price; markers: how many the weights in force would give. ${caption}`}
        yLabel="Visitors exposed"
        xLabel="Variant and price"
        valueLabel="Exposures"
        targetLabel="Expected from the weights"
        format={(n) => Math.round(n).toLocaleString("en-US")}
        items={results.variants.map((v) => ({ main: v.variant.key, sub: formatMoney(v.variant.price, currency), style: styleOf(v), value: v.exposures, target: v.expectedExposures }))}
        empty={total > 0 ? undefined : "No exposures yet"}
      />
    </Figure>
  );
}

function ConversionsPlot({ results, currency }: PlotProps) {
  const days = results.daily;
  const series: LineSeriesData[] = results.variants.map((v) => ({
    label: label(v, currency),
    style: styleOf(v),
    points: days.map((d) => ({ x: dayValue(d.day), y: d.conversions[v.variant.id] ?? 0 })),
  }));
  const total = results.variants.reduce((s, v) => s + v.conversions, 0);
  const caption = total
    ? `So far: ${results.variants.map((v) => `${v.variant.key} ${v.conversions.toLocaleString("en-US")} conversion${v.conversions === 1 ? "" : "s"}`).join(", ")}${days.length ? `, from ${shortDay(dayValue(days[0]!.day))} to ${shortDay(dayValue(days[days.length - 1]!.day))}` : ""}.`
    : "No conversions yet.";
  return (
    <Figure
      caption={caption}
      table={
        <table>
          <caption>Cumulative conversions, by day</caption>
          <thead>
            <tr>
              <th scope="col">Day</th>
              {results.variants.map((v) => (
                <th scope="col">{label(v, currency)}</th>
              ))}
            </tr>
          </thead>
          <tbody>
            {days.map((d) => (
              <tr>
                <th scope="row">{d.day}</th>
                {results.variants.map((v) => (
                  <td>{d.conversions[v.variant.id] ?? 0}</td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      }
    >
      <LinesChart
        id="plot-conversions"
        title="Cumulative conversions, over time"
        desc={`One line per variant: payments counted up to each day. ${caption}`}
        yLabel="Conversions (total)"
        xLabel="Day"
        x={{ kind: "days" }}
        series={series}
        formatY={(n) => Math.round(n).toLocaleString("en-US")}
        integer
        empty={total ? undefined : "No conversions yet"}
      />
    </Figure>
  );
}
