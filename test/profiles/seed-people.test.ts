import { count, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { memberProfiles, profileFacets } from "../../drizzle";
import { seedDemo } from "../../src/communities/seed";
import { findCommunityBySlug } from "../../src/communities/service";
import { api, json } from "../api/helpers";
import { call, signIn, tools } from "../helpers";

/** The demo's directory: `npm run dev` opens on profiles, filters and introductions that work. */
describe("the demo community's people", () => {
  it("has profiles with shown answers and introductions, seeded once", async () => {
    const { deps } = tools();
    await seedDemo(deps);
    const demo = (await findCommunityBySlug(deps.db, "demo"))!;
    const facets = async () => (await deps.db.select({ n: count() }).from(profileFacets).where(eq(profileFacets.communityId, demo.id)))[0]!.n;
    const before = await facets();
    expect((await deps.db.select({ n: count() }).from(memberProfiles).where(eq(memberProfiles.communityId, demo.id)))[0]!.n).toBe(13);
    await seedDemo(deps);
    expect(await facets()).toBe(before);

    const maya = await signIn("maya@example.com");
    const people = await json(await api("/communities/demo/people", { auth: maya }));
    expect(people.people).toHaveLength(13);
    expect(JSON.stringify(people)).not.toContain("@example.com");
    const meet = (await json(await api("/communities/demo/introductions", { auth: maya }))).people;
    expect(meet.length).toBeGreaterThan(2);
    expect(meet.map((p: { reason: string }) => p.reason).join("\n")).toMatch(/they can help with (hiring|pricing)/);
    const kenji = await json(await api("/communities/demo/introductions", { auth: await signIn("kenji.ito@example.com") }));
    expect(kenji.people.find((p: { displayName: string }) => p.displayName === "Lukas Meyer")?.reason).toMatch(/^both in Berlin; .*you can help them with legacy systems/);
    // The list under the filters (above it, Maya's own introductions may name anyone).
    const page = (await (await call("/c/demo/people?city=berlin", { cookie: maya, headers: { accept: "text/html" } })).text()).split('id="list-h"')[1]!;
    for (const name of ["Kenji Ito", "Lukas Meyer", "Maya Okafor"]) expect(page).toContain(name);
    expect(page).not.toContain("Sofía Ramos");
  });
});
