import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { pollOptions, pollVotes, posts } from "../../drizzle";
import { getPrefs, setActivityMode } from "../../src/content/prefs";
import { banMember } from "../../src/members/bans";
import { call, linksIn, tools } from "../helpers";
import { runCron } from "../jobs";
import { OWNER, post, reply, spaceCommunity } from "../spaces/helpers";
import { activityEmailsTo, named, notificationsOf, written } from "./helpers";

const HOUR = 3_600_000;

describe("activity emails under the member's preference", { timeout: 60_000 }, () => {
  it("daily: no email at the time, one digest a day later even if the cron runs twice; off: none; the digest leaves out what was removed", async () => {
    const s = await spaceCommunity({ members: 4 });
    const { deps } = tools();
    await named(s.community, s.member(3), "Marie Curie");
    await setActivityMode(deps, s.community.id, s.member1, "daily");
    await setActivityMode(deps, s.community.id, s.member(2), "off");
    const thread = await post(s.community, s.spaces.ask, s.member1, { title: "Radium", body: "Thoughts?" });
    await reply(s.community, s.spaces.ask, s.member(2), thread.id, "I follow this");
    const a = await reply(s.community, s.spaces.ask, s.member(3), thread.id, "Glows nicely.");
    const b = await reply(s.community, s.spaces.ask, s.member(4), thread.id, "A second opinion.");
    const gone = await reply(s.community, s.spaces.ask, s.member(4), thread.id, "Something staff took down.");
    for (const r of [a, b, gone]) await written(r.id);
    expect(await notificationsOf(s.community, s.member1)).toHaveLength(3);
    expect(await notificationsOf(s.community, s.member(2))).toHaveLength(3);
    expect(await activityEmailsTo(s.member1)).toEqual([]);
    await deps.db.update(posts).set({ status: "removed" }).where(eq(posts.id, gone.id));

    const now = deps.now().getTime();
    await runCron(new Date(now + 2 * HOUR));
    expect(await activityEmailsTo(s.member1)).toEqual([]);
    await Promise.all([runCron(new Date(now + 25 * HOUR)), runCron(new Date(now + 25 * HOUR))]);
    await runCron(new Date(now + 26 * HOUR));
    const digests = await activityEmailsTo(s.member1);
    expect(digests.map((d) => d.kind)).toEqual(["notification_digest"]);
    const [digest] = digests;
    expect(digest!.subject).toContain("your daily notifications (2)");
    expect(digest!.text).toContain("Marie Curie · Level 1 replied to your post “Radium”");
    expect(digest!.text).toContain("Glows nicely.");
    expect(digest!.text).not.toContain("Something staff took down");
    expect(digest!.text).not.toMatch(/m00000\d/);
    expect(digest!.headers?.["List-Unsubscribe"]).toContain("?list=activity");
    expect(await activityEmailsTo(s.member(2))).toEqual([]);
  });

  it("a daily member banned before the digest is due gets no digest", async () => {
    const s = await spaceCommunity({ members: 2 });
    const { deps } = tools();
    await setActivityMode(deps, s.community.id, s.member1, "daily");
    const thread = await post(s.community, s.spaces.ask, s.member1, { body: "Question" });
    await written((await reply(s.community, s.spaces.ask, s.member(2), thread.id, "Answer")).id);
    expect(await notificationsOf(s.community, s.member1)).toHaveLength(1);
    await banMember(deps, s.community, s.member1, OWNER, "Spam");
    await runCron(new Date(deps.now().getTime() + 25 * HOUR));
    expect(await activityEmailsTo(s.member1)).toEqual([]);
  });

  it("one-click unsubscribe from an activity email stops activity emails and leaves drop emails as they were", async () => {
    const s = await spaceCommunity({ members: 2 });
    const { deps } = tools();
    const thread = await post(s.community, s.spaces.ask, s.member1, { body: "Question" });
    await written((await reply(s.community, s.spaces.ask, s.member(2), thread.id, "Answer")).id);
    const [mail] = await activityEmailsTo(s.member1);
    const link = linksIn(mail!.text).find((l) => l.includes("/unsubscribe/"))!;
    expect(mail!.headers?.["List-Unsubscribe"]).toBe(`<${link}>`);
    const path = new URL(link).pathname + new URL(link).search;
    const page = await call(path, { headers: { accept: "text/html" } });
    expect(page.status).toBe(200);
    expect(await page.text()).toContain("emails about replies, mentions and polls");
    expect((await getPrefs(deps.db, s.community.id, s.member1))!.activityMode).toBe("each");
    const res = await call(path, { method: "POST", body: "List-Unsubscribe=One-Click", headers: { "content-type": "application/x-www-form-urlencoded", origin: "https://mail.example.net" } });
    expect(res.status).toBe(200);
    const prefs = (await getPrefs(deps.db, s.community.id, s.member1))!;
    expect([prefs.activityMode, prefs.mode]).toEqual(["off", "each"]);
    await written((await reply(s.community, s.spaces.ask, s.member(2), thread.id, "Another")).id);
    expect(await notificationsOf(s.community, s.member1)).toHaveLength(2);
    expect(await activityEmailsTo(s.member1)).toHaveLength(1);
  });

  it("a closed poll tells its author and voters once, even when the cron runs twice", async () => {
    const s = await spaceCommunity({ members: 4 });
    const { deps } = tools();
    const closesAt = new Date(deps.now().getTime() + HOUR).toISOString();
    const p = await post(s.community, s.spaces.ask, s.member1, { title: "Meetup day", body: "Pick one", poll: { options: ["Friday", "Saturday"], closesAt } });
    const options = await deps.db.select().from(pollOptions).where(eq(pollOptions.postId, p.id));
    const vote = (email: string, i: number) => ({ postId: p.id, optionId: options[i]!.id, email, createdAt: deps.now() });
    await deps.db.insert(pollVotes).values([vote(s.member(2), 0), vote(s.member(3), 1), vote(s.member1, 0)]);
    await runCron(new Date(deps.now().getTime() + HOUR / 2));
    expect(await notificationsOf(s.community, s.member(2))).toEqual([]);
    const later = new Date(deps.now().getTime() + 2 * HOUR);
    await Promise.all([runCron(later), runCron(later)]);
    await runCron(later);
    for (const who of [s.member1, s.member(2), s.member(3)]) {
      expect((await notificationsOf(s.community, who)).map((n) => [n.kind, n.postId, n.actorEmail])).toEqual([["poll_closed", p.id, null]]);
      const mails = await activityEmailsTo(who);
      expect(mails).toHaveLength(1);
      expect(mails[0]!.subject).toContain("The poll in “Meetup day” has closed");
    }
    expect(await notificationsOf(s.community, s.member(4))).toEqual([]);
  });
});
