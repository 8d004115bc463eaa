import { beforeAll, describe, expect, it } from "vitest";
import { setStaffRole } from "../../src/communities/service";
import type { QuestionInput } from "../../src/communities/schemas";
import { makeCommunity, tools } from "../helpers";
import { api, bearerTokenFrom, expectError, json, session } from "./helpers";

const OWNER = "owner@example.com";
const MODERATOR = "mod@example.com";
const OPERATOR = "operator@example.com";
const OUTSIDER = "outsider@example.com";

const QUESTIONS: Partial<QuestionInput>[] = [
  { kind: "short_text", label: "Role", required: true },
  { kind: "single_choice", label: "Industry", required: true, options: ["SaaS", "Spam"], knockout: { Spam: "reject" } },
];

let owner: string, moderator: string, operator: string, outsider: string;
beforeAll(async () => {
  [owner, moderator, operator, outsider] = await Promise.all([OWNER, MODERATOR, OPERATOR, OUTSIDER].map(session));
});

async function community(fee = 2500) {
  const made = await makeCommunity({ feeAmount: fee, feePolicy: "refund_on_rejection" }, QUESTIONS);
  await setStaffRole(tools().deps, made.community.id, MODERATOR, "moderator");
  return made;
}

describe("GET /communities/{slug} (public)", () => {
  it("shows what the landing page shows, with no secrets", async () => {
    const { community: c, questionIds } = await community();
    const res = await api(`/communities/${c.slug}`);
    expect(res.status).toBe(200);
    const body = await json(res);
    expect(body).toMatchObject({
      slug: c.slug,
      name: "Test Circle",
      description: "A community for tests.",
      rules: "Be kind.",
      fee: { amount: 2500, currency: "usd", policy: "refund_on_rejection" },
    });
    expect(body.questions.map((q: { id: string }) => q.id)).toEqual(questionIds);
    expect(body.questions[0]).toMatchObject({ kind: "short_text", label: "Role", required: true, maxLength: 200 });
    expect(body.questions[1].options).toEqual(["SaaS", "Spam"]);
    // Knockout rules would tell applicants which answers to avoid.
    expect(JSON.stringify(body)).not.toContain("knockout");
    expect(body).not.toHaveProperty("id");
  });

  it("answers 404 with the error body for an unknown slug", async () => {
    await expectError(await api("/communities/no-such-community"), 404, "not_found");
    await expectError(await api("/communities/no-such-community/questions"), 404, "not_found");
  });
});

describe("GET /communities", () => {
  it("answers 401 signed out", async () => {
    await expectError(await api("/communities"), 401, "unauthenticated");
  });

  it("lists the caller's communities with their role; operators see all; others none", async () => {
    const { community: c } = await community();
    const mine = await json(await api("/communities", { auth: owner }));
    expect(mine.communities.find((x: { slug: string }) => x.slug === c.slug)).toMatchObject({ role: "owner", fee: { amount: 2500 } });
    const modded = await json(await api("/communities", { auth: moderator }));
    expect(modded.communities.find((x: { slug: string }) => x.slug === c.slug)?.role).toBe("moderator");
    const all = await json(await api("/communities", { auth: operator }));
    expect(all.communities.find((x: { slug: string }) => x.slug === c.slug)?.role).toBe("operator");
    expect(all.communities.length).toBeGreaterThanOrEqual(mine.communities.length);
    expect((await json(await api("/communities", { auth: outsider }))).communities).toEqual([]);
  });

  it("accepts the session token as a bearer token, as API clients send it", async () => {
    const res = await api("/communities", { auth: { bearer: bearerTokenFrom(owner) } });
    expect(res.status).toBe(200);
    await expectError(await api("/communities", { auth: { bearer: "not-a-session" } }), 401, "unauthenticated");
  });
});

describe("POST /communities (operators)", () => {
  const input = () => ({ slug: `made-${crypto.randomUUID().slice(0, 8)}`, name: "Made by API", owners: ["new-owner@example.com"] });

  it("creates with defaults and names the owners", async () => {
    const body = input();
    const res = await api("/communities", { method: "POST", auth: operator, body });
    expect(res.status).toBe(201);
    const created = await json(res);
    expect(created).toMatchObject({ slug: body.slug, name: "Made by API", fee: { amount: 0, currency: "usd", policy: "non_refundable" } });
    expect(created.id).toMatch(/^com_/);
    expect(new Date(created.createdAt).toISOString()).toBe(created.createdAt);
    const again = await api("/communities", { method: "POST", auth: operator, body });
    expect(await expectError(again, 409, "conflict")).toEqual(["slug"]);
  });

  it("401 signed out and 403 for owners, even with a bad body", async () => {
    await expectError(await api("/communities", { method: "POST", body: input() }), 401, "unauthenticated");
    await expectError(await api("/communities", { method: "POST", auth: owner, body: input() }), 403, "forbidden");
    await expectError(await api("/communities", { method: "POST", auth: owner, body: { nonsense: true } }), 403, "forbidden");
  });

  it("400 naming each bad field, unknown ones included", async () => {
    const res = await api("/communities", {
      method: "POST",
      auth: operator,
      body: { ...input(), slug: "Bad Slug", feeAmount: -1, currency: "xyz", owners: [], price: 5 },
    });
    expect((await expectError(res, 400, "validation_failed")).sort()).toEqual(["currency", "feeAmount", "owners", "price", "slug"]);
  });
});

describe("PATCH /communities/{slug} (owners)", () => {
  it("updates the page and fee for owners and operators", async () => {
    const { community: c } = await community();
    const res = await api(`/communities/${c.slug}`, { method: "PATCH", auth: owner, body: { tagline: "New", feeAmount: 5000 } });
    expect(res.status).toBe(200);
    expect(await json(res)).toMatchObject({ tagline: "New", fee: { amount: 5000 } });
    const byOperator = await api(`/communities/${c.slug}`, { method: "PATCH", auth: operator, body: { name: "Renamed" } });
    expect((await json(byOperator)).name).toBe("Renamed");
    expect((await json(await api(`/communities/${c.slug}`))).fee.amount).toBe(5000);
  });

  it("401 signed out, 403 for moderators and outsiders, 404 for an unknown slug", async () => {
    const { community: c } = await community();
    const path = `/communities/${c.slug}`;
    await expectError(await api(path, { method: "PATCH", body: { feeAmount: "x" } }), 401, "unauthenticated");
    await expectError(await api(path, { method: "PATCH", auth: moderator, body: { name: "Mine now" } }), 403, "forbidden");
    await expectError(await api(path, { method: "PATCH", auth: outsider, body: { name: "Mine now" } }), 403, "forbidden");
    await expectError(await api("/communities/no-such-community", { method: "PATCH", auth: operator, body: {} }), 404, "not_found");
  });

  it("400 naming each bad field", async () => {
    const { community: c } = await community();
    const res = await api(`/communities/${c.slug}`, { method: "PATCH", auth: owner, body: { feeAmount: "10", feePolicy: "free", slug: "x" } });
    expect((await expectError(res, 400, "validation_failed")).sort()).toEqual(["feeAmount", "feePolicy", "slug"]);
  });
});

describe("questions", () => {
  const choice = { kind: "multi_choice", label: "Wants", required: true, options: ["Advice", "Hiring"], knockout: { Hiring: "flag" } };

  it("owners add (201), replace and archive (204) questions; the public list follows", async () => {
    const { community: c, questionIds } = await community();
    const base = `/communities/${c.slug}/questions`;
    const added = await api(base, { method: "POST", auth: owner, body: choice });
    expect(added.status).toBe(201);
    const q = await json(added);
    expect(q).toMatchObject({ ...choice, position: 2, help: "", maxLength: null });
    expect(q.id).toMatch(/^q_/);

    const replaced = await api(`${base}/${q.id}`, { method: "PUT", auth: owner, body: { ...choice, label: "What do you want?" } });
    expect(replaced.status).toBe(200);
    expect((await json(replaced)).label).toBe("What do you want?");

    const archived = await api(`${base}/${questionIds[0]}`, { method: "DELETE", auth: owner });
    expect(archived.status).toBe(204);
    expect(await archived.text()).toBe("");
    const publicList = await json(await api(base));
    expect(publicList.questions.map((x: { id: string }) => x.id)).toEqual([questionIds[1], q.id]);
    expect(publicList.questions[1].label).toBe("What do you want?");
    expect(JSON.stringify(publicList)).not.toContain("knockout");

    await expectError(await api(`${base}/${questionIds[0]}`, { method: "DELETE", auth: owner }), 404, "not_found");
    await expectError(await api(`${base}/q_unknown`, { method: "PUT", auth: owner, body: choice }), 404, "not_found");
  });

  it("400 naming the fields of an invalid question", async () => {
    const { community: c } = await community();
    const res = await api(`/communities/${c.slug}/questions`, {
      method: "POST",
      auth: owner,
      body: { kind: "single_choice", label: "", options: ["Only one"], knockout: { Other: "reject" }, weight: 3 },
    });
    expect((await expectError(res, 400, "validation_failed")).sort()).toEqual(["knockout", "label", "options", "weight"]);
  });

  it("401 signed out and 403 for moderators", async () => {
    const { community: c, questionIds } = await community();
    const base = `/communities/${c.slug}/questions`;
    await expectError(await api(base, { method: "POST", body: choice }), 401, "unauthenticated");
    await expectError(await api(base, { method: "POST", auth: moderator, body: choice }), 403, "forbidden");
    await expectError(await api(`${base}/${questionIds[0]}`, { method: "DELETE", auth: moderator }), 403, "forbidden");
    await expectError(await api(`${base}/${questionIds[0]}`, { method: "PUT", auth: outsider, body: choice }), 403, "forbidden");
  });
});
