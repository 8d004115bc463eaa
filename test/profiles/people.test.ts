import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { communityStaff, memberProfiles, memberships, profileAnswers, profileFacets } from "../../drizzle";
import { banMember } from "../../src/members/service";
import { savePeopleSettings } from "../../src/profiles/visibility";
import { api, expectError, json } from "../api/helpers";
import { call, signIn, tools } from "../helpers";
import { post, OWNER } from "../spaces/helpers";
import { html } from "./helpers";
import { applied, peopleCommunity, save } from "./people-helpers";

const page = async (path: string, cookie: string) => {
  const res = await call(path, { cookie, headers: html });
  return { status: res.status, text: await res.text() };
};
const publicIdOf = async (communityId: string, email: string) =>
  (await tools().deps.db.select({ id: memberProfiles.publicId }).from(memberProfiles).where(and(eq(memberProfiles.communityId, communityId), eq(memberProfiles.email, email))).get())!.id!;

describe("member profiles, directory and introductions", { timeout: 120_000 }, () => {
  it("shows only what each member chose, to every role, and hides removed and banned members everywhere", async () => {
    const { community, q, member, coreMember, spaces, tiers } = await peopleCommunity();
    const { deps } = tools();
    const [ana, ben, cleo, dan] = [member(1), member(2), member(3), member(4)];
    await applied(community, ana, { [q.hobbies.id]: "REJECTED-HOBBY" }, "rejected");
    await applied(community, ana, { [q.hobbies.id]: "Climbing, chess", [q.needs.id]: "UNSHOWN-NEED", [q.salary.id]: "SECRET-SALARY", [q.industry.id]: "Fintech" }, "approved", "Ana Alvarez");
    await applied(community, cleo, { [q.hobbies.id]: "Climbing" }, "approved", "Cleo Banned");
    await applied(community, dan, { [q.hobbies.id]: "Climbing" }, "approved", "Dan Removed");
    await save(community, ana, { displayName: "Ana Alvarez", city: "Berlin", bio: "Builds payment rails.", shownQuestions: [q.hobbies.id, q.industry.id] });
    await save(community, ben, { displayName: "Ben Brook", city: "Berlin" });
    await save(community, cleo, { displayName: "Cleo Banned", city: "Berlin" });
    await save(community, dan, { displayName: "Dan Removed", city: "Berlin" });
    await post(community, spaces.ask, ana, { title: "Open thread by Ana", body: "Hello **all**" });
    await post(community, spaces.lounge, coreMember(1), { title: "Lounge only", body: "core" });
    await banMember(deps, community, cleo, OWNER, "Spam");
    await deps.db.update(memberships).set({ status: "removed" }).where(eq(memberships.email, dan));
    await deps.db.insert(communityStaff).values({ communityId: community.id, email: "mod@example.com", role: "moderator", createdAt: deps.now() });

    const anaId = await publicIdOf(community.id, ana);
    const [cleoId, danId] = [await publicIdOf(community.id, cleo), await publicIdOf(community.id, dan)];
    const secrets = [ana, "SECRET-SALARY", "UNSHOWN-NEED", "REJECTED-HOBBY", "OWNER-NOTE-REJECTED", "43.21", "4321"];
    const slug = community.slug;
    const viewers = { member: await signIn(ben), core: await signIn(coreMember(1)), owner: await signIn(OWNER), moderator: await signIn("mod@example.com") };
    for (const [role, cookie] of Object.entries(viewers)) {
      const outputs = [
        (await page(`/c/${slug}/people`, cookie)).text,
        (await page(`/c/${slug}/people/${anaId}`, cookie)).text,
        (await page(`/c/${slug}/people?city=berlin`, cookie)).text,
        (await page(`/c/${slug}/search?q=Ana`, cookie)).text,
        JSON.stringify(await json(await api(`/communities/${slug}/people`, { auth: cookie }))),
        JSON.stringify(await json(await api(`/communities/${slug}/people/${anaId}`, { auth: cookie }))),
        JSON.stringify(await json(await api(`/communities/${slug}/introductions`, { auth: cookie }))),
      ];
      const all = outputs.join("\n");
      expect(all, role).toContain("Ana Alvarez");
      expect(outputs[1], role).toContain("Climbing, chess");
      expect(outputs[1], role).toContain("Fintech");
      expect(outputs[1], role).toContain("Open thread by Ana");
      for (const secret of secrets) expect(all.includes(secret), `${role} saw ${secret}`).toBe(false);
      for (const gone of ["Cleo Banned", "Dan Removed"]) expect(all.includes(gone), `${role} saw ${gone}`).toBe(false);
      for (const id of [cleoId, danId]) {
        expect((await page(`/c/${slug}/people/${id}`, cookie)).status, role).toBe(404);
        expect((await api(`/communities/${slug}/people/${id}`, { auth: cookie })).status, role).toBe(404);
      }
    }
    // Recent posts only from spaces the viewer reads: the lounge post shows to Core, not to a member.
    const coreId = await (async () => {
      await save(community, coreMember(1), { displayName: "Cora Core" });
      return publicIdOf(community.id, coreMember(1));
    })();
    expect((await page(`/c/${slug}/people/${coreId}`, viewers.member)).text).not.toContain("Lounge only");
    expect((await page(`/c/${slug}/people/${coreId}`, viewers.core)).text).toContain("Lounge only");

    // The banned and the removed cannot see the directory at all; nor can outsiders.
    for (const email of [cleo, dan, "outsider@example.com"]) {
      const cookie = await signIn(email);
      expect((await page(`/c/${slug}/people`, cookie)).status).toBe(403);
      expect((await api(`/communities/${slug}/people/${anaId}`, { auth: cookie })).status).toBe(403);
    }
    expect((await call(`/c/${slug}/people`)).status).toBe(303);

    // The owner's minimum tier: members below it are refused, Core and staff see people.
    await savePeopleSettings(deps, community.id, { minRank: tiers.core.rank, introSpaceId: null });
    expect((await page(`/c/${slug}/people`, viewers.member)).status).toBe(403);
    expect((await api(`/communities/${slug}/introductions`, { auth: viewers.member })).status).toBe(403);
    expect((await page(`/c/${slug}/people`, viewers.core)).status).toBe(200);
    expect((await page(`/c/${slug}/people`, viewers.moderator)).status).toBe(200);
  });

  it("introduces people on shared city and interests and offers meeting needs, with the reason in words", async () => {
    const { community, q, member } = await peopleCommunity();
    const [ana, ben, cy, dee] = [member(1), member(2), member(3), member(4)];
    await applied(community, ana, { [q.hobbies.id]: "Climbing, Chess", [q.needs.id]: "Hiring" });
    await applied(community, ben, { [q.hobbies.id]: "climbing", [q.offers.id]: "hiring, pricing" });
    await applied(community, cy, { [q.hobbies.id]: "Knitting", [q.offers.id]: "Hiring" });
    await applied(community, dee, { [q.hobbies.id]: "Chess" });
    await save(community, ana, { displayName: "Ana A", city: "Berlin", shownQuestions: [q.hobbies.id, q.needs.id] });
    await save(community, ben, { displayName: "Ben B", city: "berlin", shownQuestions: [q.hobbies.id, q.offers.id] });
    // Cy offers hiring but keeps it unshown: no introduction may come from it.
    await save(community, cy, { displayName: "Cy C", city: "Paris", shownQuestions: [q.hobbies.id] });
    await save(community, dee, { displayName: "Dee D", city: "Lisbon", shownQuestions: [q.hobbies.id] });

    const forAna = (await json(await api(`/communities/${community.slug}/introductions`, { auth: await signIn(ana) }))).people;
    expect(forAna.map((p: { displayName: string }) => p.displayName)).toEqual(["Ben B", "Dee D"]);
    expect(forAna[0].reason).toBe("both in Berlin; you both like climbing; they can help with hiring");
    expect(forAna[1].reason).toBe("you both like chess");
    const forBen = (await json(await api(`/communities/${community.slug}/introductions`, { auth: await signIn(ben) }))).people;
    expect(forBen[0]).toMatchObject({ displayName: "Ana A", reason: "both in Berlin; you both like climbing; you can help them with hiring" });
    expect(forBen.some((p: { displayName: string }) => p.displayName === "Cy C")).toBe(false);
    // The directory page shows the same list with the reason.
    const text = (await page(`/c/${community.slug}/people`, await signIn(ana))).text;
    expect(text).toContain("People you should meet");
    expect(text).toContain("both in Berlin; you both like climbing; they can help with hiring");
  });

  it("filters by city, answer, tier, newness and name, a keyset page at a time", async () => {
    const { community, q, member, coreMember, tiers } = await peopleCommunity({ members: 30 });
    const { deps } = tools();
    for (let i = 1; i <= 30; i++) {
      await applied(community, member(i), { [q.industry.id]: i % 3 === 0 ? "Health" : "Fintech", [q.hobbies.id]: i % 2 ? "Sailing" : "Running" });
      await save(community, member(i), { displayName: `Person ${String(i).padStart(2, "0")}`, city: i <= 5 ? "Oslo" : "Rome", shownQuestions: [q.industry.id, q.hobbies.id] });
    }
    await save(community, coreMember(1), { displayName: "Zed Core", city: "Oslo" });
    await deps.db.update(memberships).set({ createdAt: deps.now() }).where(eq(memberships.email, member(7)));
    const cookie = await signIn(member(1));
    const get = async (query: string) => json(await api(`/communities/${community.slug}/people?${query}`, { auth: cookie }));
    const names = (r: { people: { displayName: string }[] }) => r.people.map((p) => p.displayName).sort();

    const first = await get("");
    expect(first.people).toHaveLength(24);
    const second = await get(`cursor=${encodeURIComponent(first.next)}`);
    expect(second.next).toBeNull();
    expect(new Set([...first.people, ...second.people].map((p: { id: string }) => p.id)).size).toBe(31);
    expect(names(await get("city=OSLO"))).toEqual(["Person 01", "Person 02", "Person 03", "Person 04", "Person 05", "Zed Core"]);
    expect(names(await get(`city=Oslo&answer=${q.industry.id}:health`))).toEqual(["Person 03"]);
    expect((await get(`answer=${q.hobbies.id}:sailing&answer=${q.industry.id}:Health`)).people).toHaveLength(5);
    expect(names(await get(`city=oslo&tier=${tiers.core.id}`))).toEqual(["Zed Core"]);
    expect(names(await get("new=1"))).toEqual(["Person 07"]);
    expect(names(await get("q=zed"))).toEqual(["Zed Core"]);
    expect(names(await get("q=person 0&city=oslo"))).toEqual(["Person 01", "Person 02", "Person 03", "Person 04", "Person 05"]);
    // A search word matches the start of any word of the name, each person once, in directory order, a page at a time.
    const ids = (...pages: { people: { id: string; displayName: string }[] }[]) => pages.flatMap((p) => p.people.map((x) => x.id));
    const everyone = [...first.people, ...second.people];
    const byName = await get("q=pers");
    expect(byName.people).toHaveLength(24);
    const byNameRest = await get(`q=pers&cursor=${encodeURIComponent(byName.next)}`);
    expect(byNameRest.next).toBeNull();
    expect(ids(byName, byNameRest)).toEqual(everyone.filter((p: { displayName: string }) => p.displayName !== "Zed Core").map((p: { id: string }) => p.id));
    expect(names(await get("q=c"))).toEqual(["Zed Core"]);
    expect(names(await get("q=ZE co"))).toEqual(["Zed Core"]);
    expect(names(await get("q=2 pers"))).toEqual(["Person 20", "Person 21", "Person 22", "Person 23", "Person 24", "Person 25", "Person 26", "Person 27", "Person 28", "Person 29"]);
    expect((await get("q=persona")).people).toEqual([]);
    // The page's form fields name answers as a.<question id>.
    const text = (await page(`/c/${community.slug}/people?a.${q.industry.id}=Health&city=Oslo`, cookie)).text;
    expect(text).toContain("Person 03");
    expect(text).not.toContain("Person 01");

    // Bad filters are 400s naming the field.
    expect(await expectError(await api(`/communities/${community.slug}/people?answer=q_nope:x`, { auth: cookie }), 400, "validation_failed")).toContain("answer");
    expect(await expectError(await api(`/communities/${community.slug}/people?cursor=abc`, { auth: cookie }), 400, "validation_failed")).toContain("cursor");
    expect(await expectError(await api(`/communities/${community.slug}/people?tier=nope`, { auth: cookie }), 400, "validation_failed")).toContain("tier");
    expect(await expectError(await api(`/communities/${community.slug}/people?q=${"x".repeat(61)}`, { auth: cookie }), 400, "validation_failed")).toContain("q");
    expect((await page(`/c/${community.slug}/people?cursor=zz`, cookie)).status).toBe(400);
  });

  it("refuses bad input with a clear 4xx and writes nothing", async () => {
    const { community, q, member } = await peopleCommunity();
    const ana = member(1);
    await applied(community, ana, { [q.hobbies.id]: "Chess", [q.salary.id]: "SECRET" });
    await save(community, ana, { displayName: "Ana A", city: "Berlin", bio: "Before", links: ["https://example.com/ana"], shownQuestions: [q.hobbies.id] });
    const cookie = await signIn(ana);
    const path = `/communities/${community.slug}/profile`;
    const patch = (body: unknown) => api(path, { method: "PATCH", body, auth: cookie });
    const cases: [unknown, string][] = [
      [{ bio: "x".repeat(281) }, "bio"],
      [{ links: ["http://example.com"] }, "links.0"],
      [{ links: ["javascript:alert(1)"] }, "links.0"],
      [{ links: ["https://user:pw@example.com"] }, "links.0"],
      [{ links: Array(6).fill("https://example.com") }, "links"],
      [{ city: "x".repeat(61) }, "city"],
      [{ shownQuestions: ["q_unknown"] }, "shownQuestions"],
      [{ shownQuestions: [q.salary.id] }, "shownQuestions"],
      [{ shownQuestions: [q.needs.id] }, "shownQuestions"],
      [{ bio: "Changed", shownQuestions: [q.salary.id] }, "shownQuestions"],
      [{ email: "x@example.com" }, "email"],
    ];
    for (const [body, field] of cases) expect(await expectError(await patch(body), 400, "validation_failed"), JSON.stringify(body)).toContain(field);
    const row = (await tools().deps.db.select().from(memberProfiles).where(eq(memberProfiles.email, ana)).get())!;
    expect(row).toMatchObject({ bio: "Before", city: "Berlin", links: ["https://example.com/ana"] });
    const shown = await tools().deps.db.select().from(profileAnswers).where(eq(profileAnswers.email, ana));
    expect(shown.map((s) => s.questionId)).toEqual([q.hobbies.id]);

    // Hostile Markdown and HTML in a bio are shown as text, never as markup.
    const hostile = '<script>alert(1)</script> [x](javascript:alert(1)) <img src=x onerror=alert(1)>';
    expect((await patch({ bio: hostile, links: ["https://example.com/a?b=<i>"] })).status).toBe(200);
    const id = await publicIdOf(community.id, ana);
    const text = (await page(`/c/${community.slug}/people/${id}`, cookie)).text;
    expect(text).toContain("&lt;script&gt;");
    expect(text).not.toContain("<script>alert");
    expect(text).not.toMatch(/href="javascript:/);
    expect(text).not.toContain("<img src=x");
    expect(text).toContain('href="https://example.com/a?b=%3Ci%3E"');

    // The page's form re-shows problems next to the fields, with status 400.
    const body = new FormData();
    body.set("displayName", "Ana A");
    body.set("links", "ftp://example.com");
    body.set("avatar", new File([], ""));
    const res = await call(`/c/${community.slug}/profile`, { method: "POST", body, cookie, headers: html });
    expect(res.status).toBe(400);
    expect(await res.text()).toContain("starting with https://");
    // Facets still name the old, saved profile only.
    const facets = await tools().deps.db.select().from(profileFacets).where(eq(profileFacets.email, ana));
    expect(facets.map((f) => `${f.questionId}:${f.valueKey}`).sort()).toEqual([`${q.hobbies.id}:chess`, "city:berlin", "name:a", "name:an", "name:ana"].sort());
  });

  it("lets owners flag profile questions, and drafts a welcome post on the introductions space", async () => {
    const { community, q, member, spaces } = await peopleCommunity();
    const owner = await signIn(OWNER);
    const edit = (qid: string, fields: Record<string, string>) => call(`/c/${community.slug}/admin/questions/${qid}`, { method: "POST", body: new URLSearchParams(fields), cookie: owner, headers: html });
    expect((await edit(q.salary.id, { kind: "short_text", label: "Salary expectations", profileRole: "shown" })).status).toBe(303);
    const saved = await json(await api(`/communities/${community.slug}/questions`, { auth: owner }));
    expect(saved.questions.length).toBeGreaterThan(0);
    expect((await edit(q.salary.id, { kind: "email", label: "Salary expectations", profileRole: "shown" })).status).toBe(400);
    const created = await api(`/communities/${community.slug}/questions`, { method: "POST", body: { kind: "email", label: "Work email", profileRole: "shown" }, auth: owner });
    expect(await expectError(created, 400, "validation_failed")).toContain("profileRole");

    // Owner settings page: choose the introductions space.
    const settings = await call(`/c/${community.slug}/admin/people`, { method: "POST", body: new URLSearchParams({ minRank: "", introSpaceId: spaces.ask.id }), cookie: owner, headers: html });
    expect(settings.status).toBe(303);
    const bad = await call(`/c/${community.slug}/admin/people`, { method: "POST", body: new URLSearchParams({ minRank: "", introSpaceId: "spc_other" }), cookie: owner, headers: html });
    expect(bad.status).toBe(400);
    const empty = await call(`/c/${community.slug}/admin/people`, { method: "POST", body: new URLSearchParams({}), cookie: owner, headers: html });
    expect(empty.status).toBe(400);
    expect(await empty.text()).toContain("Choose a tier");

    const ana = member(1);
    await applied(community, ana, { [q.hobbies.id]: "Chess", [q.offers.id]: "SECRET-OFFER" });
    await save(community, ana, { displayName: "Ana Alvarez", city: "Berlin", bio: "I *build* things", shownQuestions: [q.hobbies.id] });
    const cookie = await signIn(ana);
    const space = (await page(`/c/${community.slug}/s/ask`, cookie)).text;
    expect(space).toContain('value="Hello from Ana Alvarez"');
    expect(space).toContain("based in Berlin");
    expect(space).toContain("I \\*build\\* things");
    expect(space).toContain("Hobbies Chess");
    expect(space).not.toContain("SECRET-OFFER");
    // Other spaces, and the same space once she has posted there, start empty.
    expect((await page(`/c/${community.slug}/s/news`, cookie)).text).not.toContain("Hello from Ana");
    await post(community, spaces.ask, ana, { title: "Hello from Ana Alvarez", body: "Hi!" });
    expect((await page(`/c/${community.slug}/s/ask`, cookie)).text).not.toContain('value="Hello from Ana Alvarez"');
  });
});
