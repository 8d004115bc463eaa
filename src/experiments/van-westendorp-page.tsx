import type { Community, Question } from "../../drizzle";
import type { StaffAccess } from "../auth/roles";
import { AdminLayout } from "../communities/admin-layout";
import { formatMajorAmount } from "../communities/forms";
import { formatMoney, minorUnitFactor } from "../ui/format";
import { feeTargetValue } from "./forms";
import { experimentsBase, ExperimentStyles, percent } from "./pages-common";
import { Figure } from "./plots/chart";
import { LinesChart, type LineSeriesData } from "./plots/line-charts";
import type { SeriesStyle } from "./plots/theme";
import type { VanWestendorpResult } from "./stats";
import type { PriceSuggestion } from "./van-westendorp-data";

export interface WillingnessPageProps {
  community: Community;
  role: StaffAccess;
  questions: Question[];
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

/** What applicants said they would pay, as Van Westendorp curves, and prices worth testing. */
export function WillingnessPage({ community, role, questions, current }: WillingnessPageProps) {
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
      {current ? <QuestionChart community={community} {...current} /> : null}
    </AdminLayout>
  );
}

function QuestionChart({ community, question, result, suggestion }: { community: Community; question: Question; result: VanWestendorpResult; suggestion: PriceSuggestion | null }) {
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
  const found = POINTS.filter((p) => result[p.key] != null).sort((a, b) => result[a.key]! - result[b.key]!);
  const rules = found.map((p) => ({ value: result[p.key]!, label: `${p.label.replace(" price", "").replace(" bound", "")} ${money(result[p.key]!)}` }));
  const caption = suggestion
    ? `Acceptable range: ${money(suggestion.range.lower)} to ${money(suggestion.range.upper)}, from ${result.respondents} answer${result.respondents === 1 ? "" : "s"}.`
    : `The curves do not cross inside the prices given yet (${result.respondents} answer${result.respondents === 1 ? "" : "s"}).`;
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
      <PricePoints result={result} money={money} />
      <Suggestion community={community} suggestion={suggestion} money={money} respondents={result.respondents} />
      {result.ignored ? <p class="hint">{result.ignored} answer(s) left out because the four prices were not in order.</p> : null}
    </section>
  );
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
            <td>{p.meaning}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function Suggestion({ community, suggestion, money, respondents }: { community: Community; suggestion: PriceSuggestion | null; money: (n: number) => string; respondents: number }) {
  if (!suggestion) return <p class="notice">Not enough spread in the answers to suggest prices yet.</p>;
  const factor = minorUnitFactor(community.currency);
  const current = community.feeAmount / factor;
  const tests = suggestion.prices.filter((p) => Math.abs(p - current) > 1e-9).slice(0, 3);
  const params = new URLSearchParams({ target: feeTargetValue });
  params.append("price", formatMajorAmount(community.feeAmount, community.currency));
  for (const p of tests) params.append("price", formatMajorAmount(Math.round(p * factor), community.currency));
  const list = tests.map(money);
  const joined = list.length > 1 ? `${list.slice(0, -1).join(", ")} and ${list[list.length - 1]}` : (list[0] ?? "");
  return (
    <div class="notice ok" data-testid="suggestion">
      <p>
        Most applicants accept a price between <strong>{money(suggestion.range.lower)}</strong> and <strong>{money(suggestion.range.upper)}</strong>.{" "}
        {tests.length ? (
          <>
            Test {joined} against today's {money(current)} fee to see which earns most per visitor.
          </>
        ) : (
          <>Today's fee sits where the answers point; test a price either side of it to check.</>
        )}
        {respondents < 30 ? " With fewer than 30 answers, treat these points as a rough guide." : ""}
      </p>
      <p>
        <a class="btn small" href={`${experimentsBase(community)}/new?${params.toString()}`}>
          Start an experiment with these prices
        </a>
      </p>
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
