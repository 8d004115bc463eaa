import { eq } from "drizzle-orm";
import { afterEach, describe, expect, it } from "vitest";
import { devClock } from "../../src/dev/clock";
import { eventReminders, events } from "../../drizzle";
import { respond } from "../../src/events/rsvp";
import { tools } from "../helpers";
import { runCron } from "../jobs";
import { emailsTo, makeEvent, spaceCommunity } from "./helpers";

const HOUR = 3_600_000;

/** The cron and its consumer both read the dev clock: move it, then run. */
async function cronAt(at: number, opts: { deliveries?: number } = {}) {
  devClock.advance(at - devClock.now().getTime());
  return runCron(devClock.now(), opts);
}

afterEach(() => devClock.reset());

describe("reminders 24 hours and 1 hour before", { timeout: 30_000 }, () => {
  it("sends each once to each attendee, even when the cron runs twice and the queue redelivers", async () => {
    const s = await spaceCommunity({ members: 3 });
    const { deps } = tools();
    const event = await makeEvent(s.community, { inHours: 30, capacity: 2 });
    for (const i of [1, 2, 3]) await respond(deps, s.community, event, s.member(i), "going"); // member 3 waits
    const t0 = deps.now().getTime();

    // 25 h before: nothing due yet.
    expect((await cronAt(t0 + 5 * HOUR)).eventReminders).toBe(0);
    // 23 h before, twice, with every message delivered twice.
    const first = await cronAt(t0 + 7 * HOUR, { deliveries: 2 });
    const again = await cronAt(t0 + 7 * HOUR + 60_000, { deliveries: 2 });
    expect(first.eventReminders).toBe(1);
    expect(again.eventReminders).toBe(0);
    for (const i of [1, 2]) expect(await emailsTo(s.member(i), "event_reminder_day")).toHaveLength(1);
    expect(await emailsTo(s.member(3), "event_reminder_day")).toHaveLength(0);

    // 40 minutes before: the hour reminder, once.
    await cronAt(t0 + 29 * HOUR + 20 * 60_000, { deliveries: 2 });
    await cronAt(t0 + 29 * HOUR + 35 * 60_000);
    for (const i of [1, 2]) expect(await emailsTo(s.member(i), "event_reminder_hour")).toHaveLength(1);
    const claims = await deps.db.select().from(eventReminders).where(eq(eventReminders.eventId, event.id));
    expect(claims).toHaveLength(4);
  });

  it("a late cron sends nothing stale: after the start nothing, within the last hour only the hour reminder", async () => {
    const s = await spaceCommunity({ members: 1 });
    const { deps } = tools();
    const missed = await makeEvent(s.community, { inHours: 2 });
    const close = await makeEvent(s.community, { inHours: 5, title: "Close call" });
    await respond(deps, s.community, missed, s.member1, "going");
    await respond(deps, s.community, close, s.member1, "going");
    const t0 = deps.now().getTime();
    // The cron was down until after the first event started and 30 minutes before the second.
    const late = await cronAt(t0 + 4.5 * HOUR);
    expect(late.eventReminders).toBe(1);
    const hour = await emailsTo(s.member1, "event_reminder_hour");
    expect(hour).toHaveLength(1);
    expect(hour[0]!.subject).toContain("Close call");
    expect(await emailsTo(s.member1, "event_reminder_day")).toHaveLength(0);
    const row = await deps.db.select().from(events).where(eq(events.id, missed.id)).get();
    expect(row!.hourReminderQueuedAt).toBeNull();
  });

  it("a queued reminder whose event moved later sends nothing stale", async () => {
    const s = await spaceCommunity({ members: 1 });
    const { deps } = tools();
    const event = await makeEvent(s.community, { inHours: 20 });
    await respond(deps, s.community, event, s.member1, "going");
    const { captureQueue, drainJobs } = await import("../jobs");
    const { runScheduled } = await import("../../src/scheduled");
    const { env } = await import("cloudflare:workers");
    const { devPlatform } = await import("../../src/dev");
    const queue = captureQueue();
    await runScheduled({ ...env, JOBS: queue } as never, devPlatform, deps.now());
    expect(queue.pending.filter((j) => j.kind === "event-reminders" && j.eventId === event.id)).toHaveLength(1);
    // The host moves it a week later before the job runs.
    await deps.db.update(events).set({ startsAt: new Date(deps.now().getTime() + 200 * HOUR), endsAt: new Date(deps.now().getTime() + 202 * HOUR) }).where(eq(events.id, event.id));
    await drainJobs(queue);
    expect(await emailsTo(s.member1, "event_reminder_day")).toHaveLength(0);
  });
});
