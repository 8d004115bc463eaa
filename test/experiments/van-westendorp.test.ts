import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { applications, questions, type Community, type PriceSensitivityAnswer, type Question } from "../../drizzle";
import { validateAnswers } from "../../src/applications/answers";
import { setStaffRole } from "../../src/communities/service";
import { vanWestendorp } from "../../src/experiments/stats";
import { suggestPrices } from "../../src/experiments/van-westendorp-data";
import { newId, newSecretToken } from "../../src/lib/ids";
import { api, json } from "../api/helpers";
import { call, makeCommunity, postForm, signIn, tools } from "../helpers";

const LABEL = "What would you pay for membership?";

async function priceCommunity(required = true) {
  const { community, questionIds } = await makeCommunity({ feeAmount: 0 }, [{ kind: "van_westendorp", label: LABEL, required }]);
  return { community, qid: questionIds[0]! };
}

async function questionRow(id: string): Promise<Question> {
  return (await tools().deps.db.query.questions.findFirst({ where: eq(questions.id, id) }))!;
}

const applicant = () => ({ name: "Ada Lovelace", email: `ada-${crypto.randomUUID().slice(0, 8)}@example.com`, accept_rules: "yes" });

/** Applications written directly with a price answer each, as `submitApplication` stores them. */
async function seedAnswers(community: Community, qid: string, answers: PriceSensitivityAnswer[]) {
  const { deps } = tools();
  const now = deps.now();
  const rows = answers.map((a, i) => ({
    id: newId("app"),
    communityId: community.id,
    email: `vw-${i}-${crypto.randomUUID().slice(0, 6)}@example.com`,
    name: `Respondent ${i}`,
    status: "under_review" as const,
    answers: { [qid]: a },
    rulesAcceptedAt: now,
    feeAmount: 0,
    currency: "usd",
    feePolicy: "non_refundable" as const,
    paymentStatus: "none" as const,
    statusToken: newSecretToken(),
    createdAt: new Date(now.getTime() - i * 1000),
    updatedAt: now,
  }));
  // One statement per row: D1 caps a statement at 100 bound values.
  const [first, ...rest] = rows.map((row) => deps.db.insert(applications).values(row));
  await deps.db.batch([first!, ...rest]);
}

describe("the Van Westendorp answer", () => {
  it("checks four prices: present, numbers of 0 or more, in order; each problem named by its part", async () => {
    const { qid } = await priceCommunity();
    const q = await questionRow(qid);
    const check = (value: unknown) => validateAnswers([q], { [qid]: value });

    expect(check(["10", "20", "40", "60"])).toEqual({ answers: { [qid]: { tooCheap: 10, cheap: 20, expensive: 40, tooExpensive: 60 } }, issues: [] });
    expect(check({ tooCheap: 5, cheap: 5, expensive: 19.99, tooExpensive: "30" }).answers[qid]).toEqual({ tooCheap: 5, cheap: 5, expensive: 19.99, tooExpensive: 30 });

    // Order: each price at least the one before it.
    expect(check(["10", "8", "40", "30"]).issues).toEqual([
      { field: `answers.${qid}.cheap`, message: "Must be at least your “too cheap” price (10)" },
      { field: `answers.${qid}.tooExpensive`, message: "Must be at least your “getting expensive” price (40)" },
    ]);
    // Negative, not a number, missing.
    expect(check(["-1", "abc", "", "60"]).issues).toEqual([
      { field: `answers.${qid}.tooCheap`, message: "Enter a price of 0 or more" },
      { field: `answers.${qid}.cheap`, message: "Enter a price as a number, like 25 or 19.99" },
      { field: `answers.${qid}.expensive`, message: "Enter a price" },
    ]);
    expect(check({ tooCheap: -5, cheap: 1, expensive: 2, tooExpensive: 3 }).issues.map((i) => i.field)).toEqual([`answers.${qid}.tooCheap`]);
    expect(check({ tooCheap: 1, cheap: 2, expensive: 3, tooExpensive: 4, bribe: 0 }).issues).toEqual([{ field: `answers.${qid}.bribe`, message: "Unknown field" }]);
    // All missing: the question is required; a single value is not an answer to four questions.
    expect(check(["", "", "", ""]).issues).toEqual([{ field: `answers.${qid}`, message: "This question is required" }]);
    expect(check(undefined).issues).toEqual([{ field: `answers.${qid}`, message: "This question is required" }]);
    expect(check("25").issues).toEqual([{ field: `answers.${qid}`, message: "Answer the four price questions" }]);
    expect(check(["1", "2"]).issues).toEqual([{ field: `answers.${qid}`, message: "Answer the four price questions" }]);

    // Optional and left blank: no answer stored.
    const optional = { ...q, required: false };
    expect(validateAnswers([optional], { [qid]: ["", " ", "", ""] })).toEqual({ answers: {}, issues: [] });
  });

  it("the landing form asks the four prices with labels, refuses bad ones by name keeping them, and stores an object", async () => {
    const { community, qid } = await priceCommunity();
    const landing = await (await call(`/c/${community.slug}`)).text();
    expect(landing).toContain(`<legend>${LABEL}</legend>`);
    for (const [part, label] of [
      ["tooCheap", "At what price would it be so cheap you&#39;d doubt its quality?"],
      ["cheap", "At what price would it be a bargain?"],
      ["expensive", "At what price would it be getting expensive, but still worth considering?"],
      ["tooExpensive", "At what price would it be too expensive to consider?"],
    ]) {
      expect(landing).toMatch(new RegExp(`<label for="q_${qid}-${part}">${label!.replace(/[?]/g, "\\?")}</label>`));
    }
    expect(landing).toContain("Amounts in USD.");

    const bad = await postForm(`/c/${community.slug}/apply`, { ...applicant(), [`q_${qid}`]: ["30", "20", "-4", ""] });
    expect(bad.status).toBe(400);
    const html = await bad.text();
    for (const part of ["cheap", "expensive", "tooExpensive"]) expect(html).toContain(`id="q_${qid}-${part}-error"`);
    expect(html).not.toContain(`id="q_${qid}-tooCheap-error"`);
    expect(html).toContain(`<a href="#q_${qid}-cheap">${LABEL} (a bargain)</a>: Must be at least your “too cheap” price (30)`);
    expect(html).toContain("Enter a price of 0 or more");
    expect(html).toMatch(new RegExp(`id="q_${qid}-tooCheap" name="q_${qid}" value="30"`));
    expect(html).toMatch(new RegExp(`id="q_${qid}-expensive" name="q_${qid}" value="-4"`));
    expect(await tools().deps.db.select().from(applications).where(eq(applications.communityId, community.id))).toEqual([]);

    const ok = await postForm(`/c/${community.slug}/apply`, { ...applicant(), [`q_${qid}`]: ["10", "25", "45", "80.50"] });
    expect(ok.status).toBe(303);
    const [stored] = await tools().deps.db.select().from(applications).where(eq(applications.communityId, community.id));
    expect(stored!.answers).toEqual({ [qid]: { tooCheap: 10, cheap: 25, expensive: 45, tooExpensive: 80.5 } });
    // The applicant's status page reads the four prices back.
    const status = await (await call(ok.headers.get("location")!)).text();
    expect(status).toContain("Too cheap: $10.00 · A bargain: $25.00 · Getting expensive: $45.00 · Too expensive: $80.50");
  });

  it("the API takes the object, names bad parts, and gives it back to staff", async () => {
    const { community, qid } = await priceCommunity();
    const path = `/communities/${community.slug}/applications`;
    const body = (answer: unknown) => ({ name: "Grace Hopper", email: `grace-${crypto.randomUUID().slice(0, 8)}@example.com`, acceptRules: true, answers: { [qid]: answer } });
    const bad = await api(path, { method: "POST", body: body({ tooCheap: 50, cheap: 10, expensive: 60, tooExpensive: 70 }) });
    expect(bad.status).toBe(400);
    expect((await json(bad)).error.details).toContainEqual({ field: `answers.${qid}.cheap`, message: "Must be at least your “too cheap” price (50)" });
    const created = await api(path, { method: "POST", body: body({ tooCheap: 5, cheap: 10, expensive: 60, tooExpensive: 70 }) });
    expect(created.status).toBe(201);
    const id = (await json(created)).application.id;
    const owner = await signIn("owner@example.com");
    const detail = await api(`/applications/${id}`, { auth: owner });
    expect(detail.status).toBe(200);
    expect((await json(detail)).answers).toContainEqual(expect.objectContaining({ questionId: qid, kind: "van_westendorp", value: { tooCheap: 5, cheap: 10, expensive: 60, tooExpensive: 70 } }));
    // The reviewer's page lists the four prices.
    const review = await (await call(`/c/${community.slug}/admin/applications/${id}`, { cookie: owner })).text();
    expect(review).toContain("<li>A bargain: $10.00</li>");
    expect(review).toContain("<li>Too expensive: $70.00</li>");
  });

  it("owners add the question like any other, through the questionnaire editor", async () => {
    const { community } = await makeCommunity({ feeAmount: 0 }, []);
    const owner = await signIn("owner@example.com");
    const url = `/c/${community.slug}/admin/questions`;
    const editor = await (await call(url, { cookie: owner })).text();
    expect(editor).toMatch(/<option value="van_westendorp"[^>]*>Willingness to pay \(4 prices\)<\/option>/);
    const res = await postForm(url, { kind: "van_westendorp", label: LABEL, help: "", required: "on", options: "", minLength: "", maxLength: "", minValue: "", maxValue: "", knockoutRules: "" }, owner);
    expect(res.status).toBe(303);
    const [q] = await tools().deps.db.select().from(questions).where(eq(questions.communityId, community.id));
    expect(q).toMatchObject({ kind: "van_westendorp", label: LABEL, required: true });
    expect(await (await call(url, { cookie: owner })).text()).toContain(`/admin/experiments/willingness?question=${q!.id}`);
  });
});

describe("the willingness-to-pay chart", () => {
  let owner: string;
  beforeAll(async () => {
    owner = await signIn("owner@example.com");
  });

  // 40 respondents: prices spread so that every crossing falls between answers.
  const dataset: PriceSensitivityAnswer[] = Array.from({ length: 40 }, (_, i) => {
    const base = 10 + i; // 10 … 49
    return { tooCheap: Math.round(base * 0.5), cheap: Math.round(base * 0.8), expensive: Math.round(base * 1.3), tooExpensive: Math.round(base * 1.9) };
  });

  it("draws the four curves and the price points vanWestendorp computes, with prices to test inside the range", async () => {
    const { community, qid } = await priceCommunity();
    await seedAnswers(community, qid, [...dataset, { tooCheap: 50, cheap: 10, expensive: 5, tooExpensive: 1 }]);
    const expected = vanWestendorp(dataset);
    expect(expected).toMatchObject({ respondents: 40, ignored: 0 });
    for (const point of [expected.lowerBound, expected.upperBound, expected.optimalPrice, expected.indifferencePrice]) expect(point).not.toBeNull();

    const res = await call(`/c/${community.slug}/admin/experiments/willingness`, { cookie: owner });
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain(`<title id="plot-willingness-title">Willingness to pay: ${LABEL}</title>`);
    expect(html).toMatch(/<desc id="plot-willingness-desc">/);
    for (const curve of ["Too cheap", "A bargain", "Getting expensive", "Too expensive"]) expect(html).toContain(`>${curve}</text>`);
    const money = (n: number) => `$${n.toFixed(2)}`;
    for (const key of ["lowerBound", "optimalPrice", "indifferencePrice", "upperBound"] as const) {
      const row = new RegExp(`<tr data-point="${key}">[\\s\\S]*?</tr>`).exec(html)![0];
      expect(row).toContain(money(Math.round(expected[key]! * 100) / 100));
    }
    // The inconsistent answer is left out, and said so.
    expect(html).toContain("1 answer(s) left out");
    // Suggested prices sit inside the acceptable range and prefill the new form.
    const suggestion = suggestPrices(expected)!;
    expect(suggestion.prices.length).toBeGreaterThan(0);
    for (const p of suggestion.prices) {
      expect(p).toBeGreaterThanOrEqual(expected.lowerBound!);
      expect(p).toBeLessThanOrEqual(expected.upperBound!);
    }
    expect(html).toContain(`Most applicants accept a price between <strong>${money(expected.lowerBound!)}</strong>`);
    const hidden = [...html.matchAll(/<input type="hidden" name="price" value="([0-9.]+)"/g)].map((m) => Number(m[1]));
    expect(hidden).toEqual(suggestion.prices);

    // The chart says which convention its range uses, shows the other's range, and links to it.
    expect(html).toContain("Range bounds by Threshold&#39;s convention: too cheap × getting expensive, and too expensive × a bargain.");
    const psm = vanWestendorp(dataset, "psm");
    expect(html).toContain(`By the pricesensitivitymeter convention (too cheap × not a bargain, and too expensive × not getting expensive) the range is ${money(psm.lowerBound!)} to ${money(psm.upperBound!)}.`);
    expect(html).toContain(`willingness?question=${qid}&amp;convention=psm`);
    const switched = await (await call(`/c/${community.slug}/admin/experiments/willingness?question=${qid}&convention=psm`, { cookie: owner })).text();
    expect(switched).toContain("Range bounds by the pricesensitivitymeter convention");
    expect(switched).toContain(`Most applicants accept a price between <strong>${money(psm.lowerBound!)}</strong> and <strong>${money(psm.upperBound!)}</strong>`);
    expect(switched).toContain("convention=threshold");

    const query = new URLSearchParams([["target", "application_fee"], ...suggestion.prices.map((p): [string, string] => ["price", p.toFixed(2)])]);
    const form = await (await call(`/c/${community.slug}/admin/experiments/new?${query}`, { cookie: owner })).text();
    // The control is today's fee (free here), the suggestions follow as B, C, D.
    expect(form).toContain('id="exp-priceA" name="priceA" type="text" value="0.00"');
    expect(form).toContain(`id="exp-priceB" name="priceB" type="text" value="${suggestion.prices[0]!.toFixed(2)}"`);
  });

  it("explains what to do without a price question or without answers, and is for owners", async () => {
    const { community } = await makeCommunity({ feeAmount: 0 }, []);
    const none = await (await call(`/c/${community.slug}/admin/experiments/willingness`, { cookie: owner })).text();
    expect(none).toContain("No price question yet");
    const { community: other } = await priceCommunity();
    const empty = await (await call(`/c/${other.slug}/admin/experiments/willingness`, { cookie: owner })).text();
    expect(empty).toContain("No answers yet");
    await setStaffRole(tools().deps, other.id, "vw-mod@example.com", "moderator");
    expect((await call(`/c/${other.slug}/admin/experiments/willingness`, { cookie: await signIn("vw-mod@example.com") })).status).toBe(403);
  });

  it("escapes the owner's question label inside the SVG", async () => {
    const { community, questionIds } = await makeCommunity({ feeAmount: 0 }, [{ kind: "van_westendorp", label: `<script>alert(1)</script> & "pay"`, required: true }]);
    await seedAnswers(community, questionIds[0]!, dataset.slice(0, 10));
    const html = await (await call(`/c/${community.slug}/admin/experiments/willingness`, { cookie: owner })).text();
    expect(html).not.toContain("<script>alert(1)");
    expect(html).toContain("<title id=\"plot-willingness-title\">Willingness to pay: &lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;pay&quot;</title>");
  });
});
