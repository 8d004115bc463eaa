import type { Community, Question } from "../../drizzle";
import type { StaffAccess } from "../auth/roles";
import { AdminLayout } from "../communities/admin-layout";
import { formatMajorAmount } from "../communities/forms";
import { formatMoney, minorUnitFactor } from "../ui/format";
import { SelectField } from "../communities/fields";
import { feeTargetValue, type TargetOption } from "./forms";
import { experimentsBase, ExperimentStyles, percent } from "./pages-common";
import { Figure } from "./plots/chart";
import { LinesChart, type LineSeriesData } from "./plots/line-charts";
import type { SeriesStyle } from "./plots/theme";
import type { VanWestendorpConvention, VanWestendorpResult } from "./stats";
import type { PriceSuggestion } from "./van-westendorp-data";

export interface WillingnessPageProps {
  community: Community;
  role: StaffAccess;
  questions: Question[];
  /** What an experiment could test, for the "start an experiment" form. */
  targets: TargetOption[];
  /** The question charted, with its analysis; null when the community has none. */
  current: { question: Question; result: VanWestendorpResult; suggestion: PriceSuggestion | null } | null;
}

/** The four curves: "cheap" ones descend (blue), "expensive" ones ascend (orange); dashed for the extremes. */
const CURVES: { key: "tooCheap" | "cheap" | "expensive" | "tooExpensive"; label: string; style: SeriesStyle }[] = [
  { key: "tooCheap", label: "Too cheap", style: { color: "#56B4E9", dash: "7 4", marker: "triangle" } },
  { key: "cheap", label: "A bargain", style: { color: "#0072B2", dash: "", marker: "circle" } },
  { key: "expensive", label: "Getting expensive", style: { color: "#E69F00", dash: "", marker: "square" } },
  { key: "tooExpensive", label: "Too expensive", style: { color: "#D55E00", dash: "7 4", marker: "diamond" } },
];

const POINTS = [
  { key: "lowerBound", label: "Lower bound", meaning: "Below it, more people think the price too cheap to trust than think it expensive." },
  { key: "optimalPrice", label: "Optimal price", meaning: "As many find it too cheap as find it too expensive: the fewest people put off." },
  { key: "indifferencePrice", label: "Indifference price", meaning: "As many call it a bargain as call it expensive: the price people see as normal." },
  { key: "upperBound", label: "Upper bound", meaning: "Above it, more people find it too expensive to consider than find it a bargain." },
] as const;

/** The range bounds' meaning in each convention (the optimal and indifference prices agree). */
const CONVENTIONS: Record<VanWestendorpConvention, { name: string; pairs: string; lower: string; upper: string }> = {
  threshold: {
    name: "Threshold's convention",
    pairs: "too cheap × getting expensive, and too expensive × a bargain",
    lower: "Below it, more people think the price too cheap to trust than think it expensive.",
    upper: "Above it, more people find it too expensive to consider than find it a bargain.",
  },
  psm: {
    name: "the pricesensitivitymeter convention",
    pairs: "too cheap × not a bargain, and too expensive × not getting expensive",
    lower: "Below it, more people think the price too cheap to trust than think it is not a bargain.",
    upper: "Above it, more people find it too expensive than find it not yet expensive.",
  },
};

/** What applicants said they would pay, as Van Westendorp curves, and prices worth testing. */
export function WillingnessPage({ community, role, questions, targets, current }: WillingnessPageProps) {
  const base = experimentsBase(community);
  return (
    <AdminLayout community={community} role={role} title="Willingness to pay" current="experiments">
      <ExperimentStyles />
      <p>
        <a href={base}>← All experiments</a>
      </p>
      <h1>Willingness to pay</h1>
      <p class="lead">
        Applicants' answers to a price question (Van Westendorp): at what price it would be too cheap to trust, a bargain, getting expensive, and too
        expensive. Where the curves cross marks the range of acceptable prices: test prices inside it.
      </p>
      {questions.length === 0 ? (
        <p class="notice">
          No price question yet. <a href={`/c/${community.slug}/admin/questions`}>Add a question</a> of the kind “Willingness to pay”, such as “What would you pay
          for membership?”.
        </p>
      ) : null}
      {questions.length > 1 ? (
        <nav aria-label="Price questions" class="actions">
          {questions.map((q) => (
            <a href={`${base}/willingness?question=${q.id}`} class={q.id === current?.question.id ? "btn small" : "btn small secondary"} aria-current={q.id === current?.question.id ? "page" : undefined}>
              {q.label}
            </a>
          ))}
        </nav>
      ) : null}
      {current ? <QuestionChart community={community} targets={targets} {...current} /> : null}
    </AdminLayout>
  );
}

function QuestionChart(props: { community: Community; targets: TargetOption[]; question: Question; result: VanWestendorpResult; suggestion: PriceSuggestion | null }) {
  const { community, targets, question, result, suggestion } = props;
  const money = (major: number) => formatMoney(Math.round(major * minorUnitFactor(community.currency)), community.currency);
  if (result.respondents === 0) {
    return (
      <section aria-labelledby="vw-h">
        <h2 id="vw-h">{question.label}</h2>
        <p class="notice">No answers yet{result.ignored ? ` (${result.ignored} left out: the four prices were not in order)` : ""}. The chart appears with the first applications.</p>
      </section>
    );
  }
  const series: LineSeriesData[] = CURVES.map((c) => ({ label: c.label, style: c.style, points: result.curves.map((p) => ({ x: p.price, y: p[c.key] })) }));
  const rules = ruleLines(result, money);
  const used = CONVENTIONS[result.convention];
  const range = suggestion
    ? `Acceptable range: ${money(suggestion.range.lower)} to ${money(suggestion.range.upper)}, from ${result.respondents} answer${result.respondents === 1 ? "" : "s"}.`
    : `The curves do not cross inside the prices given yet (${result.respondents} answer${result.respondents === 1 ? "" : "s"}).`;
  const caption = `${range} Range bounds by ${used.name}: ${used.pairs}.`;
  return (
    <section aria-labelledby="vw-h">
      <h2 id="vw-h">{question.label}</h2>
      <Figure caption={caption} table={<CurveTable result={result} money={money} />}>
        <LinesChart
          id="plot-willingness"
          title={`Willingness to pay: ${question.label}`}
          desc={`Share of respondents who find each price too cheap or a bargain (falling curves) and getting expensive or too expensive (rising curves). ${caption}`}
          yLabel="Share of respondents"
          xLabel={`Price (${community.currency.toUpperCase()})`}
          x={{ kind: "number", format: (v) => money(v) }}
          series={series}
          yDomain={[0, 1]}
          yTicks={[0, 0.25, 0.5, 0.75, 1]}
          formatY={(y) => percent(y, 0)}
          rulesX={rules}
          height={340}
        />
      </Figure>
      <Convention community={community} question={question} result={result} money={money} />
      <PricePoints result={result} money={money} />
      <Suggestion community={community} targets={targets} suggestion={suggestion} money={money} respondents={result.respondents} />
      {result.ignored ? <p class="hint">{result.ignored} answer(s) left out because the four prices were not in order.</p> : null}
    </section>
  );
}

/** Which curves the range's bounds pair, and a link to the other convention with its bounds. */
function Convention({ community, question, result, money }: { community: Community; question: Question; result: VanWestendorpResult; money: (n: number) => string }) {
  const other: VanWestendorpConvention = result.convention === "threshold" ? "psm" : "threshold";
  const { lower, upper } = result.bounds[other];
  const range = lower != null && upper != null ? `${money(lower)} to ${money(upper)}` : "no range inside the prices given";
  return (
    <p class="hint" data-testid="vw-convention">
      The range's bounds use {CONVENTIONS[result.convention].name} ({CONVENTIONS[result.convention].pairs}). By {CONVENTIONS[other].name} (
      {CONVENTIONS[other].pairs}) the range is {range}.{" "}
      <a href={`${experimentsBase(community)}/willingness?question=${question.id}&convention=${other}`}>Use {CONVENTIONS[other].name}</a>.
    </p>
  );
}

/** One dashed line per price point; points at the same price share a line and a label. */
function ruleLines(result: VanWestendorpResult, money: (n: number) => string): { value: number; label: string }[] {
  const byPrice = new Map<number, string[]>();
  for (const p of POINTS) {
    const value = result[p.key];
    if (value == null) continue;
    const key = Math.round(value * 100) / 100;
    byPrice.set(key, [...(byPrice.get(key) ?? []), p.label.replace(" price", "").replace(" bound", "")]);
  }
  return [...byPrice.entries()].sort((a, b) => a[0] - b[0]).map(([value, names]) => ({ value, label: `${names.join(" & ")} ${money(value)}` }));
}

function PricePoints({ result, money }: { result: VanWestendorpResult; money: (n: number) => string }) {
  return (
    <table data-testid="price-points">
      <caption class="visually-hidden">Price points</caption>
      <thead>
        <tr>
          <th scope="col">Price point</th>
          <th scope="col">Price</th>
          <th scope="col">What it means</th>
        </tr>
      </thead>
      <tbody>
        {POINTS.map((p) => (
          <tr data-point={p.key}>
            <th scope="row">{p.label}</th>
            <td class="num">{result[p.key] == null ? "—" : money(result[p.key]!)}</td>
            <td>{p.key === "lowerBound" ? CONVENTIONS[result.convention].lower : p.key === "upperBound" ? CONVENTIONS[result.convention].upper : p.meaning}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/**
 * The prices worth testing, in a sentence, and a GET form that opens the new-experiment form
 * with them filled in against today's price of whatever the owner picks to test.
 */
function Suggestion(props: { community: Community; targets: TargetOption[]; suggestion: PriceSuggestion | null; money: (n: number) => string; respondents: number }) {
  const { community, targets, suggestion, money, respondents } = props;
  if (!suggestion) return <p class="notice">Not enough spread in the answers to suggest prices yet.</p>;
  const list = suggestion.prices.map(money);
  const joined = list.length > 1 ? `${list.slice(0, -1).join(", ")} and ${list[list.length - 1]}` : list[0]!;
  const options = targets.map((t) => ({ value: t.value, label: `${t.label} (now ${formatMoney(t.current, t.currency)})` }));
  return (
    <div class="notice ok" data-testid="suggestion">
      <p>
        Most applicants accept a price between <strong>{money(suggestion.range.lower)}</strong> and <strong>{money(suggestion.range.upper)}</strong>. Test{" "}
        {joined} against today's price to see which earns most per visitor.
        {respondents < 30 ? " With fewer than 30 answers, treat these points as a rough guide." : ""}
      </p>
      <form method="get" action={`${experimentsBase(community)}/new`} class="filters">
        {suggestion.prices.map((p) => (
          <input type="hidden" name="price" value={formatMajorAmount(Math.round(p * minorUnitFactor(community.currency)), community.currency)} />
        ))}
        <SelectField id="suggest-target" name="target" label="Price to test" value={feeTargetValue} options={options} />
        <button type="submit" class="btn small">
          Start an experiment with these prices
        </button>
      </form>
    </div>
  );
}

/** The curves as numbers: every price given, or an even sample of them when there are many. */
function CurveTable({ result, money }: { result: VanWestendorpResult; money: (n: number) => string }) {
  const every = Math.max(1, Math.ceil(result.curves.length / 60));
  const rows = result.curves.filter((_, i) => i % every === 0 || i === result.curves.length - 1);
  return (
    <table>
      <caption>Share of respondents at each price</caption>
      <thead>
        <tr>
          <th scope="col">Price</th>
          {CURVES.map((c) => (
            <th scope="col">{c.label}</th>
          ))}
        </tr>
      </thead>
      <tbody>
        {rows.map((p) => (
          <tr>
            <th scope="row">{money(p.price)}</th>
            {CURVES.map((c) => (
              <td>{percent(p[c.key], 0)}</td>
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  );
}
