import { beforeAll, describe, expect, it } from "vitest";
import { setStaffRole } from "../../src/communities/service";
import { devClock } from "../../src/dev/clock";
import type { QuestionInput } from "../../src/communities/schemas";
import { makeCommunity, tools } from "../helpers";
import { api, expectError, json, rowCount, session } from "./helpers";

const MODERATOR = "mod@example.com";
let owner: string, moderator: string, operator: string, outsider: string;
beforeAll(async () => {
  [owner, moderator, operator, outsider] = await Promise.all(
    ["owner@example.com", MODERATOR, "operator@example.com", "outsider@example.com"].map(session),
  );
});

const QUESTIONS: Partial<QuestionInput>[] = [
  { kind: "short_text", label: "Role", required: true },
  { kind: "multi_choice", label: "Wants", required: false, options: ["Advice", "Cofounder"], knockout: { Cofounder: "flag" } },
];

/** A free community with applications submitted through the API (so they are under review). */
async function communityWith(applicants: { name: string; wants?: string[] }[]) {
  const { community, questionIds } = await makeCommunity({ feeAmount: 0 }, QUESTIONS);
  await setStaffRole(tools().deps, community.id, MODERATOR, "moderator");
  const ids: string[] = [];
  for (const a of applicants) {
    const res = await api(`/communities/${community.slug}/applications`, {
      method: "POST",
      body: {
        name: a.name,
        email: `${a.name.toLowerCase()}-${crypto.randomUUID().slice(0, 6)}@example.com`,
        acceptRules: true,
        answers: { [questionIds[0]]: `${a.name}'s role`, ...(a.wants ? { [questionIds[1]]: a.wants } : {}) },
      },
    });
    expect(res.status).toBe(201);
    ids.push((await json(res)).application.id);
    // The queue is newest first; a second between applicants keeps that order unambiguous.
    devClock.advance(1000);
  }
  return { community, questionIds, ids, slug: community.slug };
}

describe("staff endpoints refuse callers without access", () => {
  it("401 signed out and 403 for outsiders on every staff endpoint, before looking at the input", async () => {
    const { slug, ids } = await communityWith([{ name: "Ada" }]);
    const [id] = ids;
    const endpoints: [string, string, unknown?][] = [
      ["GET", `/communities/${slug}/applications`],
      ["GET", `/communities/${slug}/applications?status=bogus`],
      ["GET", `/applications/${id}`],
      ["POST", `/applications/${id}/decision`, { decision: "approve" }],
      ["POST", `/applications/${id}/decision`, { decision: "maybe" }],
      ["POST", `/communities/${slug}/applications/bulk-decision`, { ids: [id], decision: "approve" }],
      ["POST", `/applications/${id}/notes`, { body: "Looks good" }],
    ];
    for (const [method, path, body] of endpoints) {
      await expectError(await api(path, { method, body }), 401, "unauthenticated");
      await expectError(await api(path, { method, body, auth: outsider }), 403, "forbidden");
    }
    // Still under review: nothing above changed anything.
    expect((await json(await api(`/applications/${id}`, { auth: owner }))).application.status).toBe("under_review");
    expect(await rowCount("application_notes")).toBe(0);
  });

  it("staff of one community cannot reach another community's applications", async () => {
    const a = await communityWith([{ name: "Ada" }]);
    const other = await makeCommunity({ feeAmount: 0, owners: ["someone-else@example.com"] }, QUESTIONS);
    const res = await api(`/communities/${other.community.slug}/applications`, { auth: owner });
    await expectError(res, 403, "forbidden");
    await expectError(await api(`/applications/app_doesnotexist0000000`, { auth: owner }), 404, "not_found");
    expect((await api(`/applications/${a.ids[0]}`, { auth: moderator })).status).toBe(200);
  });
});

describe("GET /communities/{slug}/applications", () => {
  it("lists newest first with filters and cursor pages; staff see the status URL, never the token", async () => {
    const { slug } = await communityWith([{ name: "Ada" }, { name: "Grace", wants: ["Cofounder"] }, { name: "Linus" }]);
    const all = await json(await api(`/communities/${slug}/applications`, { auth: moderator }));
    expect(all.items.map((a: { name: string }) => a.name)).toEqual(["Linus", "Grace", "Ada"]);
    expect(all.nextCursor).toBeNull();
    expect(all.items[0].statusUrl).toMatch(/\/a\/[0-9a-z]{32}$/);
    expect(JSON.stringify(all)).not.toContain("statusToken");
    expect(all.items[0]).not.toHaveProperty("answers");

    const flagged = await json(await api(`/communities/${slug}/applications?flagged=true`, { auth: owner }));
    expect(flagged.items.map((a: { name: string }) => a.name)).toEqual(["Grace"]);
    expect(flagged.items[0].flagReasons).toEqual(["Wants: Cofounder"]);
    const searched = await json(await api(`/communities/${slug}/applications?q=lin`, { auth: owner }));
    expect(searched.items.map((a: { name: string }) => a.name)).toEqual(["Linus"]);
    const today = devClock.now().toISOString().slice(0, 10);
    const dated = await json(await api(`/communities/${slug}/applications?from=${today}&to=${today}&status=under_review`, { auth: owner }));
    expect(dated.items).toHaveLength(3);
    const old = await json(await api(`/communities/${slug}/applications?to=2000-01-01`, { auth: owner }));
    expect(old.items).toHaveLength(0);

    const first = await json(await api(`/communities/${slug}/applications?limit=2`, { auth: owner }));
    expect(first.items).toHaveLength(2);
    const second = await json(await api(`/communities/${slug}/applications?limit=2&cursor=${encodeURIComponent(first.nextCursor)}`, { auth: owner }));
    expect(second.items.map((a: { name: string }) => a.name)).toEqual(["Ada"]);
    expect(second.nextCursor).toBeNull();
  });

  it("400 naming each bad query parameter", async () => {
    const { slug } = await communityWith([]);
    const res = await api(`/communities/${slug}/applications?status=done&from=2026-13-01&to=yesterday&flagged=yes&limit=0&sort=name`, {
      auth: owner,
    });
    expect((await expectError(res, 400, "validation_failed")).sort()).toEqual(["flagged", "from", "limit", "sort", "status", "to"]);
  });
});

describe("GET /applications/{id}", () => {
  it("shows answers with their questions, notes and the timeline", async () => {
    const { ids, questionIds } = await communityWith([{ name: "Grace", wants: ["Advice"] }]);
    const note = await api(`/applications/${ids[0]}/notes`, { method: "POST", auth: moderator, body: { body: "  Strong answers  " } });
    expect(note.status).toBe(201);
    expect(await json(note)).toMatchObject({ authorEmail: MODERATOR, body: "Strong answers" });

    const detail = await json(await api(`/applications/${ids[0]}`, { auth: owner }));
    expect(detail.application).toMatchObject({ id: ids[0], name: "Grace", status: "under_review", decidedAt: null });
    expect(detail.answers).toEqual([
      { questionId: questionIds[0], label: "Role", kind: "short_text", archived: false, value: "Grace's role" },
      { questionId: questionIds[1], label: "Wants", kind: "multi_choice", archived: false, value: ["Advice"] },
    ]);
    expect(detail.notes.map((n: { body: string }) => n.body)).toEqual(["Strong answers"]);
    expect(detail.timeline.map((e: { kind: string }) => e.kind)).toContain("submitted");
    expect(new Date(detail.timeline[0].createdAt).toISOString()).toBe(detail.timeline[0].createdAt);
  });

  it("notes must have a body; unknown fields are named", async () => {
    const { ids } = await communityWith([{ name: "Ada" }]);
    const path = `/applications/${ids[0]}/notes`;
    expect(await expectError(await api(path, { method: "POST", auth: owner, body: { body: "   " } }), 400, "validation_failed")).toEqual(["body"]);
    expect(await expectError(await api(path, { method: "POST", auth: owner, body: { text: "x" } }), 400, "validation_failed")).toEqual(
      expect.arrayContaining(["body", "text"]),
    );
  });
});

describe("POST /applications/{id}/decision", () => {
  it("approves once; approving again changes nothing", async () => {
    const { ids } = await communityWith([{ name: "Ada" }]);
    const path = `/applications/${ids[0]}/decision`;
    const first = await api(path, { method: "POST", auth: moderator, body: { decision: "approve", reason: "Welcome!" } });
    expect(first.status).toBe(200);
    const decided = await json(first);
    expect(decided.changed).toBe(true);
    expect(decided.application).toMatchObject({ status: "approved", decisionReason: "Welcome!", decidedBy: MODERATOR });
    expect(new Date(decided.application.decidedAt).toISOString()).toBe(decided.application.decidedAt);

    const again = await api(path, { method: "POST", auth: owner, body: { decision: "approve" } });
    expect(again.status).toBe(200);
    const repeated = await json(again);
    expect(repeated.changed).toBe(false);
    expect(repeated.application.decidedBy).toBe(MODERATOR);
    expect(await rowCount("application_events", "application_id = ? and kind = 'approved'", ids[0])).toBe(1);

    // An approved application cannot be waitlisted any more.
    await expectError(await api(path, { method: "POST", auth: owner, body: { decision: "waitlist" } }), 409, "conflict");
  });

  it("400 naming the field for an invalid decision, a missing one, or extra fields", async () => {
    const { ids } = await communityWith([{ name: "Ada" }]);
    const path = `/applications/${ids[0]}/decision`;
    expect(await expectError(await api(path, { method: "POST", auth: owner, body: { decision: "maybe" } }), 400, "validation_failed")).toEqual(["decision"]);
    expect(await expectError(await api(path, { method: "POST", auth: owner, body: {} }), 400, "validation_failed")).toEqual(["decision"]);
    const extra = await api(path, { method: "POST", auth: owner, body: { decision: "approve", refund: 2500 } });
    expect(await expectError(extra, 400, "validation_failed")).toEqual(["refund"]);
    expect((await json(await api(`/applications/${ids[0]}`, { auth: owner }))).application.status).toBe("under_review");
  });
});

describe("POST /communities/{slug}/applications/bulk-decision", () => {
  it("decides each application on its own and reports each", async () => {
    const { slug, ids } = await communityWith([{ name: "Ada" }, { name: "Grace" }]);
    const other = await communityWith([{ name: "Linus" }]);
    const res = await api(`/communities/${slug}/applications/bulk-decision`, {
      method: "POST",
      auth: owner,
      body: { ids: [...ids, ids[0], other.ids[0]], decision: "waitlist", reason: "Full for now" },
    });
    expect(res.status).toBe(200);
    const { results } = await json(res);
    expect(results).toEqual([
      { id: ids[0], ok: true, status: "waitlisted", changed: true },
      { id: ids[1], ok: true, status: "waitlisted", changed: true },
      { id: other.ids[0], ok: false, error: expect.stringContaining("not found") },
    ]);
    expect((await json(await api(`/applications/${other.ids[0]}`, { auth: owner }))).application.status).toBe("under_review");
  });

  it("400 for an empty list, more than 100 ids, or a bad decision", async () => {
    const { slug } = await communityWith([]);
    const path = `/communities/${slug}/applications/bulk-decision`;
    expect(await expectError(await api(path, { method: "POST", auth: owner, body: { ids: [], decision: "approve" } }), 400, "validation_failed")).toEqual(["ids"]);
    const many = Array.from({ length: 101 }, (_, i) => `app_${i}`);
    expect(await expectError(await api(path, { method: "POST", auth: owner, body: { ids: many, decision: "approve" } }), 400, "validation_failed")).toEqual(["ids"]);
    expect(await expectError(await api(path, { method: "POST", auth: owner, body: { ids: ["app_1"], decision: "ban" } }), 400, "validation_failed")).toEqual(["decision"]);
  });
});
