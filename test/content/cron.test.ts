import { afterEach, describe, expect, it } from "vitest";
import { createDrop } from "../../src/content/drops";
import { getPrefs, setNotifyMode } from "../../src/content/prefs";
import { devClock } from "../../src/dev/clock";
import { call, linksIn, tools } from "../helpers";
import { contentCommunity, DAY, dropEmailsTo, HOUR, memberOf, OWNER, staggeredDrop, unique } from "./helpers";
import { runCron } from "../jobs";

const cron = () => runCron();

describe("cron: publishing and drop emails", { timeout: 120_000 }, () => {
  afterEach(() => devClock.reset());

  it("publishing twice publishes once and sends each email once; each member is emailed when the drop opens for them", async () => {
    const tiers = await contentCommunity();
    const core = unique("core");
    const member = unique("member");
    await memberOf(tiers.community, tiers.core, core);
    await memberOf(tiers.community, tiers.member, member);
    const { drop } = await staggeredDrop(tiers.community, tiers, { title: "Pricing teardown", body: "Why the middle plan sells." });

    const first = await cron();
    const second = await cron();
    expect(first).toMatchObject({ dropsPublished: 1, dropEmails: 1 });
    expect(second).toMatchObject({ dropsPublished: 0, dropEmails: 0 });
    const [mail] = await dropEmailsTo(core);
    expect(await dropEmailsTo(core)).toHaveLength(1);
    expect(mail).toMatchObject({ kind: "drop_published", subject: `${tiers.community.name}: Pricing teardown` });
    expect(mail!.text).toContain(`/c/${tiers.community.slug}/drops/${drop.id}`);
    expect(mail!.text).toContain("Why the middle plan sells.");
    expect(mail!.text).toMatch(new RegExp(`/c/${tiers.community.slug}/unsubscribe/[0-9a-z]{32}`));
    expect(await dropEmailsTo(member)).toHaveLength(0);

    devClock.advance(2 * DAY);
    await cron();
    expect(await dropEmailsTo(member)).toHaveLength(0);
    devClock.advance(DAY);
    await Promise.all([cron(), cron()]);
    expect(await dropEmailsTo(member)).toHaveLength(1);
    expect(await dropEmailsTo(core)).toHaveLength(1);
  });

  it("a missed run catches up: a drop due yesterday is published and emailed on the next run", async () => {
    const tiers = await contentCommunity();
    const core = unique("core");
    await memberOf(tiers.community, tiers.core, core);
    const { deps } = tools();
    const { drop } = await staggeredDrop(tiers.community, tiers, { publishAt: new Date(deps.now().getTime() + DAY) });
    expect(await cron()).toMatchObject({ dropsPublished: 0 });
    devClock.advance(2 * DAY); // the run at +1 day never happened
    expect(await cron()).toMatchObject({ dropsPublished: 1, dropEmails: 1 });
    const row = await deps.db.query.drops.findFirst({ where: (d, { eq }) => eq(d.id, drop.id) });
    expect(row).toMatchObject({ status: "published" });
    expect(row!.publishedAt!.getTime()).toBeGreaterThan(row!.publishAt!.getTime());
    expect(await dropEmailsTo(core)).toHaveLength(1);
  });

  it("weekly digest: a week of drops arrives as one email, once", async () => {
    const tiers = await contentCommunity();
    const core = unique("digest");
    await memberOf(tiers.community, tiers.core, core);
    const { deps } = tools();
    await setNotifyMode(deps, tiers.community.id, core, "weekly");
    for (let day = 1; day <= 7; day++) {
      devClock.advance(DAY);
      if (day <= 3) await staggeredDrop(tiers.community, tiers, { title: `Drop of day ${day}`, publishAt: new Date(tools().deps.now().getTime() - HOUR) });
      await cron();
    }
    await cron();
    const mails = await dropEmailsTo(core);
    expect(mails).toHaveLength(1);
    expect(mails[0]).toMatchObject({ kind: "drop_digest", subject: `${tiers.community.name}: your weekly digest (3)` });
    for (const day of [1, 2, 3]) expect(mails[0]!.text).toContain(`Drop of day ${day}`);
    // A drop in the next week waits for the next digest.
    await staggeredDrop(tiers.community, tiers, { title: "Next week" });
    devClock.advance(DAY);
    await cron();
    expect(await dropEmailsTo(core)).toHaveLength(1);
    devClock.advance(7 * DAY);
    await cron();
    expect((await dropEmailsTo(core)).map((m) => m.subject)).toEqual([mails[0]!.subject, `${tiers.community.name}: your weekly digest (1)`]);
  });

  it("one-click unsubscribe: GET only asks, POST (as a mail provider sends it, from elsewhere) turns emails off", async () => {
    const tiers = await contentCommunity();
    const core = unique("leaver");
    await memberOf(tiers.community, tiers.core, core);
    await staggeredDrop(tiers.community, tiers, { title: "First" });
    await cron();
    const [mail] = await dropEmailsTo(core);
    const link = linksIn(mail!.text).find((l) => l.includes("/unsubscribe/"))!;
    const path = new URL(link).pathname;
    const page = await call(path, { headers: { accept: "text/html" } });
    expect(page.status).toBe(200);
    expect(await page.text()).toContain(">Unsubscribe</button>");
    const { deps } = tools();
    expect((await getPrefs(deps.db, tiers.community.id, core))!.mode).toBe("each");
    const res = await call(path, { method: "POST", body: "List-Unsubscribe=One-Click", headers: { "content-type": "application/x-www-form-urlencoded", origin: "https://mail.example.net" } });
    expect(res.status).toBe(200);
    expect((await getPrefs(deps.db, tiers.community.id, core))!.mode).toBe("off");
    await staggeredDrop(tiers.community, tiers, { title: "Second" });
    await cron();
    expect(await dropEmailsTo(core)).toHaveLength(1);
    expect((await call(path.replace(/[0-9a-z]{32}$/, "0".repeat(32)), { method: "POST" })).status).toBe(404);
    expect((await call(path.replace(tiers.community.slug, "demo"), { method: "POST" })).status).toBe(404);
  });

  it("a member who joins later is not emailed the back catalogue, only what opens after they joined", async () => {
    const tiers = await contentCommunity();
    await staggeredDrop(tiers.community, tiers, { title: "Old news" });
    await cron();
    devClock.advance(5 * DAY);
    const late = unique("late");
    await memberOf(tiers.community, tiers.member, late);
    await cron();
    expect(await dropEmailsTo(late)).toHaveLength(0);
    const { deps } = tools();
    await createDrop(deps, tiers.community, { title: "Drip welcome", body: "Welcome!", status: "scheduled", publishAt: deps.now().toISOString(), dripDays: 2, targets: [{ tierId: tiers.member.id, offsetHours: 0 }] }, OWNER);
    await cron();
    expect(await dropEmailsTo(late)).toHaveLength(0);
    devClock.advance(2 * DAY);
    await cron();
    expect((await dropEmailsTo(late)).map((m) => m.subject)).toEqual([`${tiers.community.name}: Drip welcome`]);
  });
});
