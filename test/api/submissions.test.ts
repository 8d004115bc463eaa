import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { makeCommunity } from "../helpers";
import { api, expectError, json, rowCount } from "./helpers";

const QUESTIONS = [
  { kind: "short_text", label: "Role", required: true, maxLength: 50 },
  { kind: "number", label: "Years", required: true, minValue: 0, maxValue: 60 },
  { kind: "multi_choice", label: "Wants", required: true, options: ["Advice", "Hiring", "Cofounder"], knockout: { Cofounder: "flag" } },
  { kind: "single_choice", label: "Industry", required: false, options: ["SaaS", "Spam"], knockout: { Spam: "reject" } },
  { kind: "url", label: "Site", required: false },
] as const;

async function setup(feeAmount: number) {
  const { community, questionIds } = await makeCommunity(
    { feeAmount },
    QUESTIONS.map((q) => ({ ...q, options: "options" in q ? [...q.options] : [] })),
  );
  const [role, years, wants, industry, site] = questionIds;
  const valid = {
    name: "Ada Lovelace",
    email: `ada-${crypto.randomUUID().slice(0, 8)}@example.com`,
    acceptRules: true,
    answers: { [role]: "Engineer", [years]: 12, [wants]: ["Advice"], [site]: "https://ada.example.com" } as Record<string, unknown>,
  };
  return { community, ids: { role, years, wants, industry, site }, valid, path: `/communities/${community.slug}/applications` };
}

const applicationsOf = (communityId: string) => rowCount("applications", "community_id = ?", communityId);
/** Everything a submission writes: the application, its timeline, the applicant's email. */
const writes = async () => [await rowCount("applications"), await rowCount("application_events"), await rowCount("emails")];

describe("POST /communities/{slug}/applications", () => {
  it("a free community: 201, straight to review, a status URL and no checkout", async () => {
    const { community, valid, path } = await setup(0);
    const res = await api(path, { method: "POST", body: valid });
    expect(res.status).toBe(201);
    const body = await json(res);
    expect(body.checkoutUrl).toBeNull();
    expect(body.application).toMatchObject({
      name: "Ada Lovelace",
      email: valid.email,
      status: "under_review",
      paymentStatus: "none",
      fee: { amount: 0, currency: "usd", policy: "non_refundable" },
    });
    expect(body.application.statusUrl).toMatch(/^http:\/\/localhost:8787\/a\/[0-9a-z]{32}$/);
    expect(new Date(body.application.createdAt).toISOString()).toBe(body.application.createdAt);
    expect(JSON.stringify(body)).not.toContain("statusToken");
    expect(body.application).not.toHaveProperty("answers");
    expect(await applicationsOf(community.id)).toBe(1);
  });

  it("a paid community: 201 with a Checkout URL for the server's fee, awaiting payment", async () => {
    const { community, valid, path } = await setup(2500);
    const res = await api(path, { method: "POST", body: valid });
    const body = await json(res);
    expect(res.status, JSON.stringify(body)).toBe(201);
    expect(body.application).toMatchObject({ status: "awaiting_payment", paymentStatus: "unpaid", fee: { amount: 2500, currency: "usd" } });
    expect(body.checkoutUrl).toMatch(/^https?:\/\//);
    const row = await env.DB.prepare("select checkout_session_id, fee_amount from applications where community_id = ?")
      .bind(community.id)
      .first<{ checkout_session_id: string | null; fee_amount: number }>();
    expect(row).toMatchObject({ fee_amount: 2500 });
    expect(row?.checkout_session_id).toMatch(/^cs_/);
  });

  it("a knockout answer closes the application at once, asking for no money", async () => {
    const { ids, valid, path } = await setup(2500);
    const res = await api(path, { method: "POST", body: { ...valid, answers: { ...valid.answers, [ids.industry]: "Spam" } } });
    expect(res.status).toBe(201);
    const body = await json(res);
    expect(body.application.status).toBe("rejected");
    expect(body.checkoutUrl).toBeNull();
  });

  it("takes emails case-insensitively and answers 409 naming email for a second open application", async () => {
    const { community, valid, path } = await setup(0);
    expect((await api(path, { method: "POST", body: valid })).status).toBe(201);
    const again = await api(path, { method: "POST", body: { ...valid, email: valid.email.toUpperCase() } });
    expect(await expectError(again, 409, "conflict")).toEqual(["email"]);
    expect(await applicationsOf(community.id)).toBe(1);
  });

  it("answers 404 for an unknown community, whatever the body", async () => {
    const { valid } = await setup(0);
    await expectError(await api("/communities/no-such-community/applications", { method: "POST", body: valid }), 404, "not_found");
    await expectError(
      await api("/communities/no-such-community/applications", { method: "POST", body: { ...valid, feeAmount: 1 } }),
      404,
      "not_found",
    );
  });
});

describe("rejected submissions name each bad field and write nothing", () => {
  type Case = [string, (s: Awaited<ReturnType<typeof setup>>) => unknown, (ids: Awaited<ReturnType<typeof setup>>["ids"]) => string[]];
  const cases: Case[] = [
    ["missing required answers", ({ valid }) => ({ ...valid, answers: {} }), (ids) => [`answers.${ids.role}`, `answers.${ids.years}`, `answers.${ids.wants}`]],
    [
      "wrong types: a number given text, a multi-choice given a non-option",
      ({ valid, ids }) => ({ ...valid, answers: { ...valid.answers, [ids.years]: "abc", [ids.wants]: ["Advice", "Yachts"] } }),
      (ids) => [`answers.${ids.years}`, `answers.${ids.wants}`],
    ],
    ["a number out of range", ({ valid, ids }) => ({ ...valid, answers: { ...valid.answers, [ids.years]: 61 } }), (ids) => [`answers.${ids.years}`]],
    ["oversized text", ({ valid, ids }) => ({ ...valid, answers: { ...valid.answers, [ids.role]: "x".repeat(51) } }), (ids) => [`answers.${ids.role}`]],
    ["a text question given an object", ({ valid, ids }) => ({ ...valid, answers: { ...valid.answers, [ids.role]: { a: 1 } } }), (ids) => [`answers.${ids.role}`]],
    ["an unknown question id", ({ valid }) => ({ ...valid, answers: { ...valid.answers, q_nope: "hi" } }), () => ["answers.q_nope"]],
    ["missing acceptRules", ({ valid }) => ({ ...valid, acceptRules: undefined }), () => ["acceptRules"]],
    ["acceptRules false", ({ valid }) => ({ ...valid, acceptRules: false }), () => ["acceptRules"]],
    ["acceptRules as a string", ({ valid }) => ({ ...valid, acceptRules: "yes" }), () => ["acceptRules"]],
    ["a bad email and an empty name", ({ valid }) => ({ ...valid, name: " ", email: "not-an-email" }), () => ["name", "email"]],
    ["answers that are not an object", ({ valid }) => ({ ...valid, answers: ["Engineer"] }), () => ["answers"]],
    ["a tampered feeAmount", ({ valid }) => ({ ...valid, feeAmount: 0 }), () => ["feeAmount"]],
    ["tampered amount and price", ({ valid }) => ({ ...valid, amount: 1, price: 1 }), () => ["amount", "price"]],
    [
      "a tampered fee together with bad answers",
      ({ valid, ids }) => ({ ...valid, feeAmount: 0, answers: { ...valid.answers, [ids.years]: "abc" } }),
      (ids) => ["feeAmount", `answers.${ids.years}`],
    ],
  ];

  it.each(cases)("%s", async (_name, makeBody, expected) => {
    const s = await setup(2500);
    const before = await writes();
    const res = await api(s.path, { method: "POST", body: makeBody(s) });
    const fields = await expectError(res, 400, "validation_failed");
    expect(fields.sort()).toEqual(expected(s.ids).sort());
    expect(await applicationsOf(s.community.id)).toBe(0);
    expect(await writes()).toEqual(before);
  });

  it("a body that is not JSON is a 400, a form post a 415, no body names the required fields", async () => {
    const { path } = await setup(0);
    await expectError(await api(path, { method: "POST", body: "{not json", headers: { "content-type": "application/json" } }), 400, "bad_request");
    const form = await api(path, { method: "POST", body: "name=x", headers: { "content-type": "application/x-www-form-urlencoded" } });
    await expectError(form, 415, "bad_request");
    const none = await api(path, { method: "POST" });
    expect((await expectError(none, 400, "validation_failed")).sort()).toEqual(["acceptRules", "email", "name"]);
  });
});
