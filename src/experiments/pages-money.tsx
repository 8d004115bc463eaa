/** The results page's money figures: what testing cost, and for tier tests the first 30 days. */
import { formatMoney } from "../ui/format";
import { percent, variantName } from "./pages-common";
import type { ExperimentResults } from "./results-types";

/**
 * What testing has cost so far against showing every visitor the best price: Σ exposures_k ·
 * expected loss_k from the model, the figure a bandit exists to keep small.
 */
export function TestCost({ results, currency, bandit }: { results: ExperimentResults; currency: string; bandit: boolean }) {
  const { analysis } = results;
  const visitors = results.variants.reduce((s, v) => s + v.exposures, 0);
  if (!analysis.hasData || visitors === 0) return null;
  const bestOnly = visitors * analysis.bestRpvMean;
  const kept = bestOnly > 0 ? 1 - analysis.testCost / bestOnly : 1;
  return (
    <p data-testid="test-cost">
      <strong>What testing cost:</strong> about {formatMoney(Math.round(analysis.testCost), currency)} so far. Showing all{" "}
      {visitors.toLocaleString("en-US")} visitors the best price would have brought about {formatMoney(Math.round(bestOnly), currency)} (model estimate);{" "}
      {bandit ? "the bandit's split" : "the test's split"} kept about {percent(kept, 0)} of that.
    </p>
  );
}

/** Tier tests: money each payer brought in their first 30 days, once those 30 days have passed. */
export function Realised({ results, currency }: { results: ExperimentResults; currency: string }) {
  return (
    <div class="table-scroll">
      <table data-testid="realised-30" class="results">
        <caption>Realised revenue in each payer's first 30 days (payers who paid at least 30 days ago; refunds subtracted)</caption>
        <thead>
          <tr>
            <th scope="col">Variant</th>
            <th scope="col" class="num">
              Payers
            </th>
            <th scope="col" class="num">
              Revenue in 30 days
            </th>
            <th scope="col" class="num">
              Per payer
            </th>
          </tr>
        </thead>
        <tbody>
          {results.variants.map((v) => (
            <tr>
              <th scope="row">{variantName(v.variant, currency)}</th>
              <td class="num">{(v.realised30?.payers ?? 0).toLocaleString("en-US")}</td>
              <td class="num">{formatMoney(v.realised30?.revenue ?? 0, currency)}</td>
              <td class="num">{v.realised30?.payers ? formatMoney(Math.round(v.realised30.revenue / v.realised30.payers), currency) : <span class="muted">none yet</span>}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
