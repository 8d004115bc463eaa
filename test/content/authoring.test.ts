import { env } from "cloudflare:workers";
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { dropFiles, drops } from "../../drizzle";
import { setStaffRole } from "../../src/communities/service";
import { getDrop } from "../../src/content/drops";
import { MAX_FILE_BYTES } from "../../src/content/files";
import { call, postForm, signIn, tools } from "../helpers";
import { contentCommunity, HOUR, memberOf, OWNER, unique } from "./helpers";

const html = { accept: "text/html" };
const idFrom = (location: string | null) => /\/admin\/content\/(drop_[0-9a-z]+)/.exec(location ?? "")?.[1] ?? "";

function upload(path: string, cookie: string, file: File) {
  const body = new FormData();
  body.set("file", file);
  return call(path, { method: "POST", cookie, body });
}

describe("authoring drops on the owner pages", { timeout: 60_000 }, () => {
  it("owners write a draft, preview it as members will see it, then schedule it per tier", async () => {
    const tiers = await contentCommunity();
    const { slug } = tiers.community;
    const owner = await signIn(OWNER);
    const list = await call(`/c/${slug}/admin/content`, { cookie: owner, headers: html });
    expect(list.status).toBe(200);
    const listHtml = await list.text();
    expect(listHtml).toContain('aria-current="page">Content</a>');
    expect(listHtml).toContain("Nothing is scheduled in the next 7 days.");
    const form = await (await call(`/c/${slug}/admin/content/new`, { cookie: owner, headers: html })).text();
    for (const label of ["Title", "Body (Markdown)", "Topics", "Publish at (UTC)", "Core: delay in days", "Member: delay in days", "Drip: days after each member joins (optional)"]) expect(form).toContain(`>${label}</label>`);

    const draft = await postForm(`/c/${slug}/admin/content`, { title: "Career moves", body: "## Moves\n\nThe **body**.", topics: "Career, growth", publishAt: "", intent: "draft" }, owner);
    expect(draft.status).toBe(303);
    const id = idFrom(draft.headers.get("location"));
    const { deps } = tools();
    expect((await getDrop(deps.db, tiers.community.id, id)).drop).toMatchObject({ status: "draft", topics: ["career", "growth"], publishAt: null });

    const preview = await call(`/c/${slug}/admin/content/${id}/preview`, { cookie: owner, headers: html });
    const previewHtml = await preview.text();
    expect(previewHtml).toContain("Preview: this is the page members see.");
    expect(previewHtml).toContain("<h2>Moves</h2>");
    expect(preview.headers.get("cache-control")).toBe("private, no-store");

    const now = deps.now();
    const at = new Date(Math.floor(now.getTime() / 60_000) * 60_000).toISOString().slice(0, 16);
    const scheduled = await postForm(
      `/c/${slug}/admin/content/${id}`,
      { title: "Career moves", body: "The body.", topics: "career", publishAt: at, [`tier_${tiers.core.id}`]: "on", [`delay_${tiers.core.id}`]: "0", [`tier_${tiers.member.id}`]: "on", [`delay_${tiers.member.id}`]: "3", dripDays: "", intent: "schedule" },
      owner,
    );
    expect(scheduled.headers.get("location")).toContain("done=scheduled");
    const saved = await getDrop(deps.db, tiers.community.id, id);
    expect(saved.drop).toMatchObject({ status: "scheduled", publishAt: new Date(`${at}:00Z`) });
    expect(saved.targets.map((t) => [t.tierName, t.offsetHours])).toEqual([["Core", 0], ["Member", 72]]);
    const again = await (await call(`/c/${slug}/admin/content`, { cookie: owner, headers: html })).text();
    expect(again).toContain("Core, Member after 3 days");
  });

  it("refuses a schedule without tiers or time, names the fields, and keeps what was typed", async () => {
    const tiers = await contentCommunity();
    const owner = await signIn(OWNER);
    const res = await postForm(`/c/${tiers.community.slug}/admin/content`, { title: "Kept title", body: "b", topics: "", publishAt: "not a date", intent: "schedule" }, owner);
    expect(res.status).toBe(400);
    const page = await res.text();
    expect(page).toContain("Give the publish time as a date and time");
    const res2 = await postForm(`/c/${tiers.community.slug}/admin/content`, { title: "Kept title", body: "b", topics: "bad/topic", publishAt: "", intent: "schedule" }, owner);
    const page2 = await res2.text();
    expect(res2.status).toBe(400);
    for (const msg of ["A scheduled drop needs a publish time", "Choose at least one tier to receive it", "Topics are 1–32 letters"]) expect(page2).toContain(msg);
    expect(page2).toContain('value="Kept title"');
    expect(await tools().deps.db.$count(drops, eq(drops.communityId, tiers.community.id))).toBe(0);
  });

  it("moderators author too; members and visitors cannot reach the admin pages", async () => {
    const tiers = await contentCommunity();
    const { deps } = tools();
    const mod = unique("mod");
    await setStaffRole(deps, tiers.community.id, mod, "moderator");
    const member = unique("member");
    await memberOf(tiers.community, tiers.member, member);
    const modCookie = await signIn(mod);
    const created = await postForm(`/c/${tiers.community.slug}/admin/content`, { title: "By a moderator", body: "", topics: "", publishAt: "", intent: "draft" }, modCookie);
    expect(created.status).toBe(303);
    const memberCookie = await signIn(member);
    expect((await call(`/c/${tiers.community.slug}/admin/content`, { cookie: memberCookie, headers: html })).status).toBe(403);
    expect((await postForm(`/c/${tiers.community.slug}/admin/content`, { title: "x", intent: "draft" }, memberCookie)).status).toBe(403);
    expect((await call(`/c/${tiers.community.slug}/admin/content`, { headers: html })).status).toBe(303);
  });

  it("files: checked by size and content, stored under an unguessable key, gone from R2 with their drop", async () => {
    const tiers = await contentCommunity();
    const owner = await signIn(OWNER);
    const created = await postForm(`/c/${tiers.community.slug}/admin/content`, { title: "With files", body: "", topics: "", publishAt: "", intent: "draft" }, owner);
    const id = idFrom(created.headers.get("location"));
    const base = `/c/${tiers.community.slug}/admin/content/${id}/files`;
    const pdf = new File([new TextEncoder().encode("%PDF-1.7\nhello\n%%EOF")], "C:\\fakepath\\Plan Q3.pdf", { type: "application/pdf" });
    expect((await upload(base, owner, pdf)).status).toBe(303);
    const fake = new File([new TextEncoder().encode("<html><script>alert(1)</script>")], "x.pdf", { type: "application/pdf" });
    const refused = await upload(base, owner, fake);
    expect(refused.status).toBe(400);
    expect(await refused.text()).toContain("The file&#39;s content is not application/pdf");
    expect((await upload(base, owner, new File(["<h1>hi</h1>"], "x.html", { type: "text/html" }))).status).toBe(400);
    expect((await upload(base, owner, new File([new Uint8Array(MAX_FILE_BYTES + 1)], "big.txt", { type: "text/plain" }))).status).toBeGreaterThanOrEqual(400);

    const { deps } = tools();
    const rows = await deps.db.select().from(dropFiles).where(eq(dropFiles.dropId, id));
    expect(rows).toHaveLength(1);
    expect(rows[0]!.filename).toBe("Plan Q3.pdf");
    expect(rows[0]!.r2Key).toMatch(new RegExp(`^drops/${id}/[0-9a-z]{32}$`));
    expect(await env.FILES.head(rows[0]!.r2Key)).not.toBeNull();
    const download = await call(`/c/${tiers.community.slug}/drops/${id}/files/${rows[0]!.id}`, { cookie: owner });
    expect(download.status).toBe(200);
    expect(download.headers.get("content-disposition")).toBe(`attachment; filename="Plan Q3.pdf"; filename*=UTF-8''Plan%20Q3.pdf`);
    expect(download.headers.get("x-content-type-options")).toBe("nosniff");
    await download.arrayBuffer();

    // Deleting asks first: a post without the confirmation page's answer deletes nothing.
    const deletePath = `/c/${tiers.community.slug}/admin/content/${id}/delete`;
    const unconfirmed = await postForm(deletePath, {}, owner);
    expect(unconfirmed.headers.get("location")).toBe(deletePath);
    expect(await deps.db.$count(dropFiles, eq(dropFiles.dropId, id))).toBe(1);
    const confirm = await (await call(deletePath, { cookie: owner })).text();
    expect(confirm).toContain('<input type="hidden" name="confirm" value="yes"/>');
    expect(confirm).toContain("Yes, delete it");
    expect((await postForm(deletePath, { confirm: "yes" }, owner)).status).toBe(303);
    expect(await env.FILES.head(rows[0]!.r2Key)).toBeNull();
    expect(await deps.db.$count(dropFiles, eq(dropFiles.dropId, id))).toBe(0);
  });

  it("the cadence view shows past and planned drops by topic and warns when the rhythm breaks", async () => {
    const tiers = await contentCommunity();
    const owner = await signIn(OWNER);
    const { deps } = tools();
    const now = deps.now().getTime();
    const make = (title: string, topic: string, daysFromNow: number) =>
      postForm(
        `/c/${tiers.community.slug}/admin/content`,
        { title, body: "", topics: topic, publishAt: new Date(now + daysFromNow * 24 * HOUR).toISOString().slice(0, 16), [`tier_${tiers.member.id}`]: "on", [`delay_${tiers.member.id}`]: "0", intent: "schedule" },
        owner,
      );
    for (const [i, d] of [-9, -6, -3].entries()) expect((await make(`Past ${i}`, i % 2 ? "career" : "industry", d)).status).toBe(303);
    await make("Far future", "trends", 20);
    const page = await (await call(`/c/${tiers.community.slug}/admin/content`, { cookie: owner, headers: html })).text();
    expect(page).toContain('data-testid="calendar"');
    for (const title of ["Past 0", "Past 1", "Past 2"]) expect(page).toContain(title);
    expect(page).toContain("Nothing is scheduled in the next 7 days.");
    expect(page).toMatch(/A gap of 23 days between .* you usually publish every 3 days\./);
    expect(page).toContain(">career</span>");
  });
});
