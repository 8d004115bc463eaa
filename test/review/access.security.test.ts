import { beforeAll, describe, expect, it } from "vitest";
import { call, makeCommunity, postForm, signIn } from "../helpers";
import { apply, MODERATOR, OUTSIDER, OWNER, readApplication, reviewCommunity } from "./helpers";

describe("review pages: who may see and decide", () => {
  let ctx: Awaited<ReturnType<typeof reviewCommunity>>;
  let owner: string;
  let moderator: string;
  let outsider: string;

  beforeAll(async () => {
    ctx = await reviewCommunity();
    [owner, moderator, outsider] = [await signIn(OWNER), await signIn(MODERATOR), await signIn(OUTSIDER)];
  });

  it("sends signed-out visitors to sign in and back", async () => {
    const res = await call(`${ctx.admin}/applications?status=under_review`);
    expect(res.status).toBe(303);
    const location = res.headers.get("location")!;
    expect(location).toMatch(/^\/signin\?next=/);
    expect(decodeURIComponent(location)).toContain(`${ctx.admin}/applications?status=under_review`);
  });

  it("changes nothing for a signed-out decision post", async () => {
    const app = await apply(ctx.community, ctx.q);
    const res = await postForm(`${ctx.admin}/applications/${app.id}/decision`, { decision: "approve" });
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toMatch(/^\/signin/);
    expect((await readApplication(app.id)).status).toBe("under_review");
  });

  it("forbids signed-in people who are not staff of this community", async () => {
    const app = await apply(ctx.community, ctx.q);
    const base = `${ctx.admin}/applications`;
    expect((await call(base, { cookie: outsider })).status).toBe(403);
    expect((await call(`${base}/${app.id}`, { cookie: outsider })).status).toBe(403);
    expect((await postForm(`${base}/${app.id}/decision`, { decision: "approve" }, outsider)).status).toBe(403);
    expect((await postForm(`${base}/${app.id}/notes`, { body: "hi" }, outsider)).status).toBe(403);
    expect((await postForm(`${base}/bulk`, { ids: app.id, action: "reject" }, outsider)).status).toBe(403);
    expect((await readApplication(app.id)).status).toBe("under_review");
  });

  it("forbids the owner of another community", async () => {
    const { community: other } = await makeCommunity({ feeAmount: 0, owners: ["someone-else@example.com"] });
    expect((await call(`/c/${other.slug}/admin/applications`, { cookie: owner })).status).toBe(403);
  });

  it("does not show another community's application under this one", async () => {
    const { community: other } = await makeCommunity({ feeAmount: 0 });
    const foreign = await apply(other, ctx.q, { name: "Foreign" });
    expect((await call(`${ctx.admin}/applications/${foreign.id}`, { cookie: owner })).status).toBe(404);
    expect((await postForm(`${ctx.admin}/applications/${foreign.id}/decision`, { decision: "reject" }, owner)).status).toBe(404);
    expect((await readApplication(foreign.id)).status).toBe("under_review");
  });

  it("lets a moderator read, note and decide", async () => {
    const app = await apply(ctx.community, ctx.q, { name: "Mo Derated" });
    const queue = await call(`${ctx.admin}/applications`, { cookie: moderator });
    expect(queue.status).toBe(200);
    const html = await queue.text();
    expect(html).toContain("Mo Derated");
    // Moderators review; the owner-only sections are not offered to them.
    expect(html).not.toContain(`href="${ctx.admin}/settings"`);
    expect((await call(`${ctx.admin}/applications/${app.id}`, { cookie: moderator })).status).toBe(200);
    expect((await postForm(`${ctx.admin}/applications/${app.id}/notes`, { body: "Seems fine" }, moderator)).status).toBe(303);
    const decided = await postForm(`${ctx.admin}/applications/${app.id}/decision`, { decision: "waitlist" }, moderator);
    expect(decided.status).toBe(303);
    expect((await readApplication(app.id)).status).toBe("waitlisted");
  });

  it("shows owners the whole admin nav, and /admin leads to the queue", async () => {
    const html = await (await call(`${ctx.admin}/applications`, { cookie: owner })).text();
    for (const link of ["applications", "questions", "settings", "staff"]) expect(html).toContain(`href="${ctx.admin}/${link}"`);
    expect(html).toContain(`href="/c/${ctx.community.slug}"`);
    const res = await call(ctx.admin, { cookie: owner });
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toBe(`${ctx.admin}/applications`);
  });

  it("refuses a cross-site decision post", async () => {
    const app = await apply(ctx.community, ctx.q);
    const res = await postForm(`${ctx.admin}/applications/${app.id}/decision`, { decision: "approve" }, owner).then(() =>
      call(`${ctx.admin}/applications/${app.id}/decision`, {
        method: "POST",
        cookie: owner,
        body: new URLSearchParams({ decision: "reject" }),
        headers: { "content-type": "application/x-www-form-urlencoded", origin: "https://evil.example" },
      }),
    );
    expect(res.status).toBe(403);
    expect((await readApplication(app.id)).status).toBe("approved");
  });
});
