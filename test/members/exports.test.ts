import { createExecutionContext, waitOnExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { eq } from "drizzle-orm";
import { afterEach, describe, expect, it } from "vitest";
import { memberExports, type Community } from "../../drizzle";
import worker from "../../src/dev";
import { devClock } from "../../src/dev/clock";
import type { Env } from "../../src/env";
import { setStaffRole } from "../../src/communities/service";
import { EXPORT_CHUNK_ROWS, EXPORT_INLINE_MAX, EXPORT_TTL_MS } from "../../src/members/exports";
import { api, expectError, json } from "../api/helpers";
import { bulkMembers } from "../bulk";
import { countingD1, type D1Stats } from "../d1-counter";
import { BASE, call, form, makeCommunity, postForm, signIn, tools } from "../helpers";
import { captureQueue, drainJobs, runCron, type CapturedQueue } from "../jobs";
import { expectedCsvLines, membersForCsv, OWNER } from "./helpers";

const DAY = 86_400_000;

/** The members page's export form, sent with the test's JOBS swapped for a queue the test drains. */
/** The owner signs in once per file: sign-in links are rate limited per address (10 in 10 minutes). */
let ownerSession: Promise<string> | undefined;
const ownerCookie = (): Promise<string> => (ownerSession ??= signIn(OWNER));

async function requestExport(slug: string, cookie: string, queue: CapturedQueue, fields: Record<string, string> = { tierId: "", status: "" }): Promise<Response> {
  const headers = { cookie, origin: BASE, "content-type": "application/x-www-form-urlencoded" };
  const request = new Request(`${BASE}/c/${slug}/admin/members/exports`, { method: "POST", headers, body: form(fields), redirect: "manual" });
  const ctx = createExecutionContext();
  const res = await worker.fetch(request, { ...env, JOBS: queue } as unknown as Env, ctx);
  await waitOnExecutionContext(ctx);
  return res;
}

/** The large case: the two CSV members of `membersForCsv` and `extra` older ones in bulk (more than one request may write). */
async function largeCommunity(extra: number) {
  const made = await membersForCsv();
  const prefix = `exp${crypto.randomUUID().slice(0, 4)}-`;
  await bulkMembers(env.DB, { communityId: made.community.id, tierId: made.basic.id, count: extra, prefix, joinedAt: new Date(made.now.getTime() - 30 * DAY) });
  return { ...made, prefix, total: extra + 2 };
}

const exportOf = async (id: string) => (await tools().deps.db.select().from(memberExports).where(eq(memberExports.id, id)))[0];
const objectsOf = async (id: string) => (await env.FILES.list({ prefix: `member-exports/${id}/` })).objects.map((o) => o.key);
const idIn = (location: string) => /(mexp_[a-z0-9]+)/.exec(location)![1]!;

/** Every email of a CSV, in order (the first cell; the hostile one is quoted and holds a comma, so it is skipped). */
const emailsOf = (csv: string) => csv.trimEnd().split("\r\n").slice(1).map((l) => l.split(",")[0]);

afterEach(() => devClock.reset());

describe("a small export", () => {
  it("is written during the request: the owner's click downloads today's CSV, and the exports page keeps the link", async () => {
    const m = await membersForCsv();
    const owner = await ownerCookie();
    const queue = captureQueue();
    const res = await requestExport(m.community.slug, owner, queue);
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toMatch(new RegExp(`^/c/${m.community.slug}/admin/members/exports/mexp_[a-z0-9]+/download$`));
    expect(queue.pending).toEqual([]);

    const file = await call(res.headers.get("location")!, { cookie: owner });
    expect(file.status).toBe(200);
    expect(file.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    expect(file.headers.get("content-disposition")).toBe(`attachment; filename="${m.community.slug}-members.csv"`);
    expect(file.headers.get("cache-control")).toBe("no-store");
    expect((await file.text()).split("\r\n")).toEqual(expectedCsvLines(m));

    const page = await (await call(`/c/${m.community.slug}/admin/members/exports`, { cookie: owner })).text();
    expect(page).toContain("Ready: 2 members");
    expect(page).toContain(res.headers.get("location")!);
    expect(page).not.toContain('http-equiv="refresh"');
  });

  it("through the API: 201 ready with its download URL, and the same file", async () => {
    const m = await membersForCsv();
    const owner = await ownerCookie();
    const created = await api(`/communities/${m.community.slug}/members/exports`, { method: "POST", auth: owner, body: {} });
    expect(created.status).toBe(201);
    const body = await json(created);
    expect(body).toMatchObject({ status: "ready", rows: 2, requestedBy: OWNER, filters: { tierId: null, status: null }, completedAt: expect.any(String) });
    expect(new Date(body.expiresAt).getTime() - new Date(body.createdAt).getTime()).toBe(EXPORT_TTL_MS);
    const path = new URL(body.downloadUrl).pathname;
    expect(path).toBe(`/api/v1/communities/${m.community.slug}/members/exports/${body.id}/download`);
    const file = await call(path, { cookie: owner });
    expect(file.status).toBe(200);
    expect((await file.text()).split("\r\n")).toEqual(expectedCsvLines(m));
    expect(await json(await api(`/communities/${m.community.slug}/members/exports/${body.id}`, { auth: owner }))).toEqual(body);
  });

  it("keeps the list's filters: one tier, one status", async () => {
    const m = await membersForCsv();
    const owner = await ownerCookie();
    const byTier = await requestExport(m.community.slug, owner, captureQueue(), { tierId: m.core.id, status: "" });
    expect(emailsOf(await (await call(byTier.headers.get("location")!, { cookie: owner })).text())).toHaveLength(1);
    const none = await api(`/communities/${m.community.slug}/members/exports`, { method: "POST", auth: owner, body: { status: "canceled" } });
    const body = await json(none);
    expect(body).toMatchObject({ status: "ready", rows: 0, filters: { status: "canceled" } });
    expect(await (await call(new URL(body.downloadUrl).pathname, { cookie: owner })).text()).toBe(`${expectedCsvLines(m)[0]}\r\n`);
  });
});

describe("a large export, through the queue", { timeout: 120_000 }, () => {
  it("is written a chunk per message, shows its progress, then downloads every member once, in today's CSV", async () => {
    const m = await largeCommunity(2 * EXPORT_CHUNK_ROWS + 498);
    const owner = await ownerCookie();
    const queue = captureQueue();
    const res = await requestExport(m.community.slug, owner, queue);
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toBe(`/c/${m.community.slug}/admin/members/exports`);
    expect(queue.pending).toHaveLength(1);
    const id = (queue.pending[0] as { exportId: string }).exportId;

    const waiting = await (await call(res.headers.get("location")!, { cookie: owner })).text();
    expect(waiting).toContain("Writing: 0 members so far");
    expect(waiting).toContain('<meta http-equiv="refresh" content="3"/>');
    expect(waiting).toContain("Check again");
    expect(waiting).not.toContain(`/exports/${id}/download`);
    await expectError(await api(`/communities/${m.community.slug}/members/exports/${id}/download`, { auth: owner }), 409, "conflict");

    // Each consumer invocation reads one bounded chunk, whatever the community's size.
    const counter = countingD1(env.DB);
    const invocations: D1Stats[] = [];
    const drained = await drainJobs(queue, { env: { DB: counter.db }, batchSize: 1, afterBatch: () => invocations.push(counter.reset()) });
    expect(drained.messages).toBe(3);
    for (const s of invocations) {
      expect(s.statements).toBeLessThanOrEqual(4);
      expect(s.rowsRead).toBeLessThan(4 * EXPORT_CHUNK_ROWS);
    }
    expect(await exportOf(id)).toMatchObject({ status: "ready", chunks: 3, rows: m.total });

    const ready = await (await call(res.headers.get("location")!, { cookie: owner })).text();
    expect(ready).toContain(`Ready: ${m.total.toLocaleString("en")} members`);
    expect(ready).not.toContain('http-equiv="refresh"');
    const csv = await (await call(`/c/${m.community.slug}/admin/members/exports/${id}/download`, { cookie: owner })).text();
    const lines = csv.split("\r\n");
    expect(lines.slice(0, 3)).toEqual(expectedCsvLines(m).slice(0, 3));
    expect(lines.slice(3, 4)).toEqual([`${m.prefix}${String(m.total - 2).padStart(6, "0")}@example.com,Members,${m.basic.rank},active,true,,,,${new Date(m.now.getTime() - 30 * DAY).toISOString()},,false`]);
    const emails = emailsOf(csv);
    expect(emails).toHaveLength(m.total);
    expect(new Set(emails).size).toBe(m.total);
    expect(emails.at(-1)).toBe(`${m.prefix}000001@example.com`);
    expect(await objectsOf(id)).toHaveLength(3);
  });

  it("a redelivered chunk adds nothing, and a chunk whose invocation died after writing it is written and counted once", async () => {
    const m = await largeCommunity(EXPORT_CHUNK_ROWS + EXPORT_INLINE_MAX);
    const queue = captureQueue();
    const res = await requestExport(m.community.slug, await ownerCookie(), queue);
    const id = idIn(JSON.stringify(queue.pending));
    expect(res.status).toBe(303);
    // The first delivery's invocation dies right after its R2 write: the message is retried.
    let failed = 0;
    const dying = new Proxy(env.FILES, {
      get(target, prop) {
        if (prop !== "put") return Reflect.get(target, prop).bind(target);
        return async (...args: Parameters<R2Bucket["put"]>) => {
          const written = await target.put(...args);
          if (failed++ === 0) throw new Error("invocation ended");
          return written;
        };
      },
    });
    // Every message is delivered twice as well.
    const drained = await drainJobs(queue, { env: { FILES: dying }, deliveries: 2, batchSize: 1 });
    expect(failed).toBeGreaterThan(1);
    expect(drained.retried).toBeGreaterThanOrEqual(1);
    expect(await exportOf(id)).toMatchObject({ status: "ready", chunks: 2, rows: m.total });
    const csv = await (await call(`/c/${m.community.slug}/admin/members/exports/${id}/download`, { cookie: await ownerCookie() })).text();
    expect(emailsOf(csv)).toHaveLength(m.total);
    expect(new Set(emailsOf(csv)).size).toBe(m.total);
  });

  it("a filtered export reads every chunk of the community and writes only the members that match", async () => {
    const m = await largeCommunity(EXPORT_CHUNK_ROWS + EXPORT_INLINE_MAX);
    const owner = await ownerCookie();
    const queue = captureQueue();
    expect((await requestExport(m.community.slug, owner, queue, { tierId: m.core.id, status: "active" })).status).toBe(303);
    const id = idIn(JSON.stringify(queue.pending));
    await drainJobs(queue);
    expect(await exportOf(id)).toMatchObject({ status: "ready", chunks: 2, rows: 1, tierId: m.core.id, memberStatus: "active" });
    const csv = await (await call(`/c/${m.community.slug}/admin/members/exports/${id}/download`, { cookie: owner })).text();
    expect(csv.split("\r\n")).toEqual([expectedCsvLines(m)[0], expectedCsvLines(m)[1], ""]);
    const page = await (await call(`/c/${m.community.slug}/admin/members/exports`, { cookie: owner })).text();
    expect(page).toContain("Tier: Inner circle, Status: Active");
  });

  it("an export whose next message was lost is picked up again by the cron", async () => {
    const m = await largeCommunity(EXPORT_CHUNK_ROWS + EXPORT_INLINE_MAX);
    const queue = captureQueue();
    await requestExport(m.community.slug, await ownerCookie(), queue);
    const id = idIn(JSON.stringify(queue.pending));
    // The first chunk is written and recorded, then the message for the next never arrives.
    await drainJobs(queue, { batchSize: 1, afterBatch: () => queue.pending.splice(0) });
    expect(await exportOf(id)).toMatchObject({ status: "running", chunks: 1 });
    const soon = await runCron(new Date(devClock.now().getTime() + 60_000));
    expect(soon.memberExportsResumed).toBe(0);
    const later = await runCron(new Date(devClock.now().getTime() + 11 * 60_000));
    expect(later.memberExportsResumed).toBe(1);
    expect(await exportOf(id)).toMatchObject({ status: "ready", chunks: 2, rows: m.total });
  });
});

describe("rights", { timeout: 60_000 }, () => {
  async function otherOwnersCommunity(): Promise<{ community: Community; cookie: string }> {
    const { community } = await makeCommunity({ feeAmount: 0 }, []);
    const email = `owner-${crypto.randomUUID().slice(0, 6)}@example.com`;
    await setStaffRole(tools().deps, community.id, email, "owner");
    return { community, cookie: await signIn(email) };
  }

  it("only the community's owners ask for, see and download its exports; signed out, members, moderators and other owners are refused", async () => {
    const m = await membersForCsv();
    const slug = m.community.slug;
    const owner = await ownerCookie();
    const created = await requestExport(slug, owner, captureQueue());
    const download = created.headers.get("location")!;
    const id = idIn(download);
    await setStaffRole(tools().deps, m.community.id, "exports-mod@example.com", "moderator");
    const moderator = await signIn("exports-mod@example.com");
    const member = await signIn(m.payer);
    const other = await otherOwnersCommunity();

    const pages = [`/c/${slug}/admin/members/exports`, download];
    for (const path of pages) {
      const out = await call(path);
      expect(out.status, path).toBe(303);
      expect(out.headers.get("location")).toContain("/signin");
      for (const cookie of [member, moderator, other.cookie]) expect((await call(path, { cookie })).status, path).toBe(403);
    }
    for (const cookie of [member, moderator, other.cookie]) expect((await requestExport(slug, cookie, captureQueue())).status).toBe(403);
    // The other community's owner, under their own slug, does not find this export either.
    expect((await call(`/c/${other.community.slug}/admin/members/exports/${id}/download`, { cookie: other.cookie })).status).toBe(404);
    expect((await call(`/c/${slug}/admin/members/exports/mexp_${"x".repeat(20)}/download`, { cookie: owner })).status).toBe(404);

    const apiPaths = [`/communities/${slug}/members/exports/${id}`, `/communities/${slug}/members/exports/${id}/download`];
    for (const path of apiPaths) {
      await expectError(await api(path), 401, "unauthenticated");
      for (const auth of [member, moderator, other.cookie]) await expectError(await api(path, { auth }), 403, "forbidden");
    }
    await expectError(await api(`/communities/${other.community.slug}/members/exports/${id}`, { auth: other.cookie }), 404, "not_found");
    await expectError(await api(`/communities/${slug}/members/exports`, { method: "POST", body: {} }), 401, "unauthenticated");
    await expectError(await api(`/communities/${slug}/members/exports`, { method: "POST", body: {}, auth: moderator }), 403, "forbidden");
    // Only the owner's own request made an export.
    expect(await tools().deps.db.select().from(memberExports).where(eq(memberExports.communityId, m.community.id))).toHaveLength(1);
  });
});

describe("bad input", () => {
  it("a status or tier that is not one of the community's is a 400 naming the field, and nothing is recorded", async () => {
    const m = await membersForCsv();
    const slug = m.community.slug;
    const owner = await ownerCookie();
    const other = await makeCommunity({ feeAmount: 0 }, []);
    const badStatus = await postForm(`/c/${slug}/admin/members/exports`, { tierId: "", status: "bogus" }, owner);
    expect(badStatus.status).toBe(400);
    expect(await badStatus.text()).toContain("Status: Choose one of");
    const badTier = await postForm(`/c/${slug}/admin/members/exports`, { tierId: other.community.id, status: "" }, owner);
    expect(badTier.status).toBe(400);
    expect(await badTier.text()).toContain("Choose one of the community&#39;s tiers");
    const path = `/communities/${slug}/members/exports`;
    expect(await expectError(await api(path, { method: "POST", auth: owner, body: { status: "bogus" } }), 400, "validation_failed")).toEqual(["status"]);
    expect(await expectError(await api(path, { method: "POST", auth: owner, body: { tierId: "tier_nope" } }), 400, "validation_failed")).toEqual(["tierId"]);
    expect(await expectError(await api(path, { method: "POST", auth: owner, body: { tierId: "x".repeat(65) } }), 400, "validation_failed")).toEqual(["tierId"]);
    expect(await expectError(await api(path, { method: "POST", auth: owner, body: { rows: 5 } }), 400, "validation_failed")).toEqual(["rows"]);
    await expectError(await api(path, { method: "POST", auth: owner, body: "{not json" }), 400, "bad_request");
    await expectError(await api(`/communities/${slug}/members/exports/${"x".repeat(65)}`, { auth: owner }), 400, "validation_failed");
    expect(await tools().deps.db.select().from(memberExports).where(eq(memberExports.communityId, m.community.id))).toHaveLength(0);
  });
});

describe("expiry", { timeout: 60_000 }, () => {
  it("the cron deletes an export and its objects after 7 days; its link then answers 404", async () => {
    const m = await largeCommunity(EXPORT_CHUNK_ROWS + EXPORT_INLINE_MAX);
    const owner = await ownerCookie();
    const queue = captureQueue();
    await requestExport(m.community.slug, owner, queue);
    const id = idIn(JSON.stringify(queue.pending));
    await drainJobs(queue);
    expect(await objectsOf(id)).toHaveLength(2);
    const download = `/c/${m.community.slug}/admin/members/exports/${id}/download`;

    const early = await runCron(new Date(devClock.now().getTime() + EXPORT_TTL_MS - 60_000));
    expect(early.memberExportsExpired).toBe(0);
    expect((await call(download, { cookie: owner })).status).toBe(200);

    devClock.advance(EXPORT_TTL_MS + 60_000);
    const due = await runCron(devClock.now());
    expect(due.memberExportsExpired).toBeGreaterThanOrEqual(1);
    expect(await exportOf(id)).toBeUndefined();
    expect(await objectsOf(id)).toEqual([]);
    expect((await call(download, { cookie: await ownerCookie() })).status).toBe(404);
  });
});
