import { count, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { events } from "../../drizzle";
import { call, postForm, postJson, signIn, tools } from "../helpers";
import { eventInput, html, makeEvent, OWNER, spaceCommunity } from "./helpers";

type ErrorBody = { error: { code: string; message: string; details?: { field: string; message: string }[] } };

async function eventCount(communityId: string) {
  const { deps } = tools();
  return (await deps.db.select({ n: count() }).from(events).where(eq(events.communityId, communityId)))[0]!.n;
}

function formOf(input: ReturnType<typeof eventInput>, overrides: Record<string, string> = {}) {
  return { title: input.title, description: input.description, kind: input.kind, city: input.city, address: input.address, link: input.link, timeZone: input.timeZone, start: input.start, end: input.end, capacity: String(input.capacity ?? ""), waitlist: "on", gate: "", price: "0", ...overrides };
}

describe("bad event input is a clear 4xx naming the field, and writes nothing", () => {
  it("API: end before start, capacity 0 or negative, unknown time zone, negative price, missing address, unknown keys", async () => {
    const s = await spaceCommunity();
    const cookie = await signIn(OWNER);
    const url = `/api/v1/communities/${s.community.slug}/events`;
    const good = eventInput();
    const cases: [Record<string, unknown>, string][] = [
      [{ ...good, end: good.start }, "end"],
      [{ ...good, end: "2020-01-01T10:00" }, "end"],
      [{ ...good, capacity: 0 }, "capacity"],
      [{ ...good, capacity: -3 }, "capacity"],
      [{ ...good, capacity: 2.5 }, "capacity"],
      [{ ...good, timeZone: "Mars/Olympus_Mons" }, "timeZone"],
      [{ ...good, timeZone: "europe/berlin" }, "timeZone"],
      [{ ...good, priceAmount: -100 }, "priceAmount"],
      [{ ...good, address: "" }, "address"],
      [{ ...good, kind: "online", link: "javascript:alert(1)" }, "link"],
      [{ ...good, start: "2026-02-31T10:00", end: "2026-03-01T10:00" }, "start"],
      [{ ...good, title: "x".repeat(500) }, "title"],
      [{ ...good, description: "y".repeat(6000) }, "description"],
      [{ ...good, hostEmail: "someone@else.com" }, "hostEmail"],
    ];
    for (const [body, field] of cases) {
      const res = await postJson(url, body, cookie);
      expect(res.status, field).toBe(400);
      const err = (await res.json()) as ErrorBody;
      expect(err.error.details?.map((d) => d.field), JSON.stringify(err)).toContain(field);
    }
    const past = await postJson(url, eventInput({ inHours: -5 }), cookie);
    expect(past.status).toBe(400);
    const foreignTier = await postJson(url, { ...good, tierId: "tier_not_here" }, cookie);
    expect(foreignTier.status).toBe(400);
    expect(await eventCount(s.community.id)).toBe(0);
    const ok = await postJson(url, good, cookie);
    expect(ok.status).toBe(201);
    expect(await eventCount(s.community.id)).toBe(1);
  });

  it("form: refused fields come back named with the host's values; hostile Markdown is defused on the page", async () => {
    const s = await spaceCommunity();
    const cookie = await signIn(OWNER);
    const input = eventInput();
    const res = await postForm(`/c/${s.community.slug}/events`, formOf(input, { end: input.start, capacity: "0", timeZone: "Nowhere/Town", title: "Kept title" }), cookie);
    expect(res.status).toBe(400);
    const page = await res.text();
    expect(page).toContain("Kept title");
    expect(page).toContain("Capacity must be at least 1");
    expect(page).toContain("Choose a time zone from the list");
    expect(await eventCount(s.community.id)).toBe(0);
    const negative = await postForm(`/c/${s.community.slug}/events`, formOf(input, { capacity: "-4", price: "-2" }), cookie);
    expect(negative.status).toBe(400);
    expect(await negative.text()).toContain("cannot be negative");

    const hostile = "<script>alert(1)</script> [click](javascript:alert(1)) <img src=x onerror=alert(1)>";
    const created = await postForm(`/c/${s.community.slug}/events`, formOf(input, { description: hostile }), cookie);
    expect(created.status).toBe(303);
    const shown = await (await call(created.headers.get("location")!, { cookie, headers: html })).text();
    expect(shown).not.toContain("<script>alert");
    expect(shown).not.toMatch(/href="javascript:/i);
    expect(shown).not.toContain("<img");
    expect(shown).toContain("&lt;script&gt;");
  });

  it("members create events only when the owner allows it; only the host and staff edit", async () => {
    const s = await spaceCommunity({ members: 2 });
    const member = await signIn(s.member1);
    const input = eventInput();
    expect((await postForm(`/c/${s.community.slug}/events`, formOf(input), member)).status).toBe(403);
    const owner = await signIn(OWNER);
    expect((await postForm(`/c/${s.community.slug}/admin/events`, { membersCreate: "yes" }, owner)).status).toBe(303);
    const made = await postForm(`/c/${s.community.slug}/events`, formOf(input, { title: "Member meetup" }), member);
    expect(made.status).toBe(303);
    const id = made.headers.get("location")!.split("/").pop()!.split("?")[0]!;
    const other = await signIn(s.member(2));
    expect((await postForm(`/c/${s.community.slug}/events/${id}/edit`, formOf(input, { title: "Hijacked" }), other)).status).toBe(403);
    expect((await postForm(`/c/${s.community.slug}/events/${id}/edit`, formOf(input, { title: "Renamed" }), member)).status).toBe(303);
    const { deps } = tools();
    expect((await deps.db.select().from(events).where(eq(events.id, id)).get())!.title).toBe("Renamed");
    // The host sees their own event's address without a seat.
    expect(await (await call(`/c/${s.community.slug}/events/${id}`, { cookie: member, headers: html })).text()).toContain("Torstraße 1");
    void makeEvent;
  });
});
