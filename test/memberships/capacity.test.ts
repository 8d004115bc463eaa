import { describe, expect, it } from "vitest";
import { and, eq } from "drizzle-orm";
import { memberships, tierWaitlist } from "../../drizzle";
import { joinRights, startJoin } from "../../src/memberships/join";
import { seatsTaken } from "../../src/tiers/seats";
import { call, latestEmail, postForm, signIn, tools } from "../helpers";
import { approve, communityWithTiers } from "./helpers";
import { runCron } from "../jobs";

describe("capacity and waitlist", () => {
  it("concurrent joins for the last seat admit exactly one; the others are waitlisted in order", async () => {
    const { deps } = tools();
    const { community, member } = await communityWithTiers({ capacity: 1 });
    const people = ["a@example.com", "b@example.com", "c@example.com", "d@example.com"];
    for (const p of people) await approve(community, p);
    const outcomes = await Promise.all(
      people.map(async (email) => startJoin(deps, community, { email, tier: member, interval: "month", rights: await joinRights(deps, community, email) })),
    );
    expect(outcomes.filter((o) => o.kind === "checkout")).toHaveLength(1);
    const positions = outcomes.flatMap((o) => (o.kind === "waitlisted" ? [o.position] : [])).sort();
    expect(positions).toEqual([1, 2, 3]);
    expect(await seatsTaken(deps.db, member.id, deps.now())).toBe(1);
    const holds = await deps.db.select().from(memberships).where(and(eq(memberships.tierId, member.id), eq(memberships.status, "incomplete")));
    expect(holds).toHaveLength(1);
  });

  it("a lapsed seat hold goes to the first in line with an offer that expires", async () => {
    const { deps } = tools();
    const { community, member } = await communityWithTiers({ capacity: 1 });
    for (const p of ["first@example.com", "second@example.com", "third@example.com"]) await approve(community, p);
    const first = await startJoin(deps, community, { email: "first@example.com", tier: member, interval: "month", rights: await joinRights(deps, community, "first@example.com") });
    expect(first.kind).toBe("checkout");
    for (const p of ["second@example.com", "third@example.com"]) {
      const o = await startJoin(deps, community, { email: p, tier: member, interval: "month", rights: await joinRights(deps, community, p) });
      expect(o.kind).toBe("waitlisted");
    }
    // The first person never pays: Stripe expires the session.
    const hold = (await deps.db.query.memberships.findFirst({ where: eq(memberships.email, "first@example.com") }))!;
    await deps.stripe.checkout.sessions.expire(hold.checkoutSessionId!);
    await tools().emulator.deliverPending();
    expect((await deps.db.query.memberships.findFirst({ where: eq(memberships.id, hold.id) }))!.status).toBe("expired");
    const offer = await deps.db.query.tierWaitlist.findFirst({ where: eq(tierWaitlist.email, "second@example.com") });
    expect(offer!.status).toBe("offered");
    expect((await latestEmail("second@example.com", "membership_seat_offered"))?.text).toContain(`/c/${community.slug}/join`);
    const third = await deps.db.query.tierWaitlist.findFirst({ where: eq(tierWaitlist.email, "third@example.com") });
    expect(third!.status).toBe("waiting");
    // The offer holds the seat: a newcomer is waitlisted, the offered person gets in.
    await approve(community, "newcomer@example.com");
    const newcomer = await startJoin(deps, community, { email: "newcomer@example.com", tier: member, interval: "month", rights: await joinRights(deps, community, "newcomer@example.com") });
    expect(newcomer.kind).toBe("waitlisted");
    // Offer lapses after 48h: the cron passes it on to the next in line.
    const later = new Date(deps.now().getTime() + 49 * 3_600_000);
    const report = await runCron(later);
    expect(report.offersExpired).toBe(1);
    expect((await deps.db.query.tierWaitlist.findFirst({ where: eq(tierWaitlist.email, "third@example.com") }))!.status).toBe("offered");
  });

  it("the offered person joins through the page; invite-only tiers need an invite; non-approved people are refused", async () => {
    const { community, member, core } = await communityWithTiers();
    await approve(community, "pat@example.com");
    const cookie = await signIn("pat@example.com");
    const page = await call(`/c/${community.slug}/join`, { cookie });
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain("Join Member");
    expect(html).not.toContain("Join Core");
    const sneaky = await postForm(`/c/${community.slug}/join`, { tier_id: core.id, interval: "month" }, cookie);
    expect(sneaky.status).toBe(403);
    const tampered = await postForm(`/c/${community.slug}/join`, { tier_id: member.id, interval: "month", price: "1" }, cookie);
    expect(tampered.status).toBe(400);
    const ok = await postForm(`/c/${community.slug}/join`, { tier_id: member.id, interval: "year" }, cookie);
    expect(ok.status).toBe(303);
    const { deps } = tools();
    const session = await deps.stripe.checkout.sessions.retrieve(new URL(ok.headers.get("location")!).pathname.split("/").pop()!, { expand: ["line_items"] });
    expect(session.amount_total).toBe(29000);

    const stranger = await signIn("stranger@example.com");
    const refused = await call(`/c/${community.slug}/join`, { cookie: stranger, headers: { accept: "text/html" } });
    expect(refused.status).toBe(403);
    const visitor = await call(`/c/${community.slug}/home`, { cookie: stranger });
    expect(visitor.status).toBe(303);
    expect(visitor.headers.get("location")).toBe(`/c/${community.slug}`);
    const signedOut = await call(`/c/${community.slug}/home`);
    expect(signedOut.headers.get("location")).toMatch(/^\/signin\?next=/);
  });
});
