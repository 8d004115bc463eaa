import { env } from "cloudflare:workers";
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { pollOptions, pollVotes } from "../../drizzle";
import { setActivityMode } from "../../src/content/prefs";
import { createDb } from "../../src/lib/db";
import { accessFor } from "../../src/memberships/access";
import { listNotifications, markAllRead, openNotification, unreadNotificationsQuery } from "../../src/notifications/queries";
import { countingD1, type Statement, queryPlans } from "../d1-counter";
import { tools } from "../helpers";
import { runCron } from "../jobs";
import { post, reply, spaceCommunity } from "../spaces/helpers";
import { named, written } from "./helpers";

/**
 * EXPLAIN QUERY PLAN over every statement the notification jobs, the cron's notification steps
 * and the list run: none may scan a table that grows with the community or its history.
 */

const GROWING = ["notifications", "notification_prefs", "posts", "thread_follows", "poll_votes", "polls", "memberships", "applications", "emails"];
const FULL_SCAN = new RegExp(`^SCAN (${GROWING.join("|")})\\b`);
const HOUR = 3_600_000;

const plansOf = (log: Statement[]) => queryPlans(env.DB, log);

describe("notification query plans", { timeout: 120_000 }, () => {
  it("jobs, cron steps and the list read by index only", async () => {
    const s = await spaceCommunity({ members: 60 });
    const { deps } = tools();
    await named(s.community, s.member(5), "Ada Lovelace");
    await setActivityMode(deps, s.community.id, s.member1, "daily");
    const closesAt = new Date(deps.now().getTime() + HOUR).toISOString();
    const thread = await post(s.community, s.spaces.ask, s.member1, { title: "Meetup", body: "Which day?", poll: { options: ["Fri", "Sat"], closesAt } });
    const [option] = await deps.db.select().from(pollOptions).where(eq(pollOptions.postId, thread.id));
    await deps.db.insert(pollVotes).values([2, 3, 4].map((i) => ({ postId: thread.id, optionId: option!.id, email: s.member(i), createdAt: deps.now() })));
    for (let i = 2; i <= 55; i++) await reply(s.community, s.spaces.ask, s.member(i), thread.id, `Count me in, ${i}`);
    const last = await reply(s.community, s.spaces.ask, s.member(56), thread.id, "Ask @Ada Lovelace too");

    const counter = countingD1(env.DB);
    await written(last.id, { env: { DB: counter.db } });
    await runCron(new Date(deps.now().getTime() + 25 * HOUR), { env: { DB: counter.db } });
    const db = createDb(counter.db);
    const access = await accessFor(deps, s.community, s.member1, deps.now());
    const list = await listNotifications({ db }, s.community, access, { limit: 1 });
    expect(list.items).toHaveLength(1);
    await listNotifications({ db }, s.community, access, { before: list.nextBefore, limit: 1 });
    await db.batch([unreadNotificationsQuery(db, s.community.id, access)]);
    await openNotification({ db, now: deps.now }, s.community, access, list.items[0]!.id);
    await markAllRead({ db, now: deps.now }, s.community.id, s.member1);

    const plans = await plansOf(counter.log);
    expect(plans.filter(({ sql }) => /"notifications"/.test(sql)).length).toBeGreaterThanOrEqual(6);
    // The steps ran: follower pages, mentions, the poll's voters, the daily digest's claims.
    for (const step of [/from "thread_follows"/, /lower\("applications"\."name"\) in/, /from "poll_votes"/, /update "polls"/, /update "notification_prefs" set "activity_digest_due_at" = \? where \(rowid in/, /update "notifications" set "emailed_at"/]) {
      expect(plans.some(({ sql }) => step.test(sql)), String(step)).toBe(true);
    }
    const scans = plans.flatMap(({ sql, plan }) => plan.filter((p) => FULL_SCAN.test(p)).map((p) => `${p}  <-  ${sql}`));
    expect(scans).toEqual([]);
  });
});
