import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { eventRsvps, events, memberActivityDaily } from "../../drizzle";
import { seedDemo } from "../../src/communities/seed";
import { seedDemoEvents } from "../../src/communities/seed-events";
import { findCommunityBySlug } from "../../src/communities/service";
import { call, signIn, tools } from "../helpers";
import { html } from "./helpers";

describe("the demo community's events", () => {
  it("are seeded once: past meetups with who came, upcoming ones with answers, one full with a waitlist", async () => {
    const { deps } = tools();
    await seedDemo(deps);
    const demo = (await findCommunityBySlug(deps.db, "demo"))!;
    const rows = await deps.db.select().from(events).where(eq(events.communityId, demo.id));
    expect(rows).toHaveLength(6);
    const now = deps.now();
    expect(rows.filter((e) => e.startsAt < now)).toHaveLength(3);
    expect(rows.some((e) => e.kind === "online") && rows.some((e) => e.kind === "in_person")).toBe(true);
    const rsvps = await deps.db.select().from(eventRsvps).where(eq(eventRsvps.communityId, demo.id));
    expect(rsvps.filter((r) => r.attendedAt)).toHaveLength(10);
    expect(rsvps.filter((r) => r.status === "waitlisted")).toHaveLength(2);
    const attended = await deps.db.select().from(memberActivityDaily).where(eq(memberActivityDaily.communityId, demo.id));
    expect(attended.reduce((n, r) => n + r.eventsAttended, 0)).toBe(10);
    await seedDemoEvents(deps, demo.id);
    expect(await deps.db.select().from(events).where(eq(events.communityId, demo.id))).toHaveLength(6);

    // A member sees the calendar; the walk they hold a seat for shows its meeting point.
    const cookie = await signIn("sofia.ramos@example.com");
    const list = await (await call("/c/demo/events", { cookie, headers: html })).text();
    expect(list).toContain("Stockholm walk and talk");
    expect(list).not.toContain("Year-end Core dinner"); // Core only
    const walk = rows.find((e) => e.title === "Stockholm walk and talk")!;
    const page = await (await call(`/c/demo/events/${walk.id}`, { cookie, headers: html })).text();
    expect(page).toContain("Djurgårdsbron");
    expect(page).toContain("3 of 3 seats taken · 2 on the waitlist");
  });
});
