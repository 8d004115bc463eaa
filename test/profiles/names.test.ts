import { env } from "cloudflare:workers";
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { applications } from "../../drizzle";
import { submitApplication } from "../../src/applications/service";
import { mentionCandidates, resolveMentions } from "../../src/profiles/mentions";
import { defaultName, displayNames, displayNamesFrom, displayNamesQuery } from "../../src/profiles/names";
import { saveProfile } from "../../src/profiles/service";
import { createDb } from "../../src/lib/db";
import { countingD1 } from "../d1-counter";
import { makeCommunity, tools } from "../helpers";

const unique = (name: string) => `${name}-${crypto.randomUUID().slice(0, 8)}@example.com`;

async function applicant(community: Awaited<ReturnType<typeof makeCommunity>>["community"], email: string, name: string) {
  return submitApplication(tools().deps, community, { name, email, acceptRules: true, answers: {} });
}

async function named(community: { id: string; slug: string }, email: string, displayName: string) {
  return saveProfile(tools().deps, env.FILES, community, email, { displayName });
}

describe("display names", () => {
  it("chosen name first, else the application's name, else Member and a stable code; never the email", async () => {
    const { community } = await makeCommunity({ feeAmount: 0 }, []);
    const { community: other } = await makeCommunity({ feeAmount: 0 }, []);
    const [chose, applied, typedEmail, typedLocal, nobody] = ["chose", "applied", "typed", "jo.smith", "nobody"].map(unique);
    await applicant(community, chose!, "Original Name");
    await named(community, chose!, "Maya  Okafor ");
    await applicant(community, applied!, "  Jonas Berg ");
    await applicant(community, typedEmail!, typedEmail!.toUpperCase());
    await applicant(community, typedLocal!, typedLocal!.split("@")[0]!);
    await applicant(other, nobody!, "Known Elsewhere");

    const names = await displayNames(tools().deps.db, community, [chose!, applied!.toUpperCase(), typedEmail!, typedLocal!, nobody!]);
    expect(names.get(chose!)).toEqual({ name: "Maya Okafor", avatarUrl: null, chosen: true, level: 1, badges: [] });
    expect(names.get(applied!)).toEqual({ name: "Jonas Berg", avatarUrl: null, chosen: false, level: 1, badges: [] });
    // A name that is the address or its local part, and a person who never applied here, get the default.
    for (const email of [typedEmail!, typedLocal!, nobody!]) {
      const shown = names.get(email)!.name;
      expect(shown).toMatch(/^Member [0-9A-Z]{4}$/);
      expect(shown).toBe(defaultName(community.id, email));
      expect(shown.toLowerCase()).not.toContain(email.split("@")[0]!.toLowerCase());
    }
    expect(defaultName(community.id, nobody!)).toBe(defaultName(community.id, nobody!.toUpperCase()));
    expect(defaultName(community.id, nobody!)).not.toBe(defaultName(other.id, nobody!));
  });

  it("the newest application's name wins; the query joins a caller's batch; a page is bounded", async () => {
    const { deps } = tools();
    const { community } = await makeCommunity({ feeAmount: 0 }, []);
    const email = unique("twice");
    const first = await applicant(community, email, "First Try");
    await deps.db.update(applications).set({ status: "rejected" }).where(eq(applications.id, first.id));
    await applicant(community, email, "Second Try");
    const [rows, apps] = await deps.db.batch([displayNamesQuery(deps.db, community.id, [email]), deps.db.select({ id: applications.id }).from(applications).where(eq(applications.email, email))]);
    expect(apps).toHaveLength(2);
    expect(displayNamesFrom(rows, community, [email]).get(email)?.name).toBe("Second Try");
    // 150 emails are one bound parameter (D1 allows 100 per statement).
    const many = Array.from({ length: 150 }, (_, i) => `p${i}@example.com`).concat(email);
    expect((await displayNames(deps.db, community, many)).get(email)?.name).toBe("Second Try");
    await expect(displayNames(deps.db, community, Array.from({ length: 501 }, (_, i) => `p${i}@example.com`))).rejects.toThrow(/at most 500/);
  });
});

describe("resolveMentions", () => {
  it("longest name wins, case-insensitively, with punctuation, once per person, not in code or emails", async () => {
    const { community } = await makeCommunity({ feeAmount: 0 }, []);
    const [maya, mayaO, ann, jr] = ["maya", "mayao", "ann", "jr"].map(unique);
    await named(community, maya!, "Maya");
    await named(community, mayaO!, "Maya Okafor");
    await named(community, ann!, "Ann Lee Smith Jones");
    await named(community, jr!, "J.R.");
    const db = tools().deps.db;
    const body = [
      "Thanks @maya okafor, and @Maya too!",
      "Ping @ann lee smith jones: see `@Maya` and",
      "```\n@J.R.\n```",
      "mail ann@example.com or @nobody here; @J.R. agrees. Again @MAYA OKAFOR.",
    ].join("\n");
    expect(await resolveMentions(db, community.id, body)).toEqual([
      { email: mayaO, displayName: "Maya Okafor" },
      { email: maya, displayName: "Maya" },
      { email: ann, displayName: "Ann Lee Smith Jones" },
      { email: jr, displayName: "J.R." },
    ]);
    expect(await resolveMentions(db, community.id, "no mentions at all")).toEqual([]);
    const { community: other } = await makeCommunity({ feeAmount: 0 }, []);
    expect(await resolveMentions(db, other.id, "@Maya Okafor")).toEqual([]);
  });

  it("stops at 20 mentions and looks at a bounded number of @ signs", async () => {
    const { community } = await makeCommunity({ feeAmount: 0 }, []);
    const people = Array.from({ length: 25 }, (_, i) => ({ email: unique(`p${i}`), name: `Person ${String.fromCharCode(65 + i)}` }));
    for (const p of people) await named(community, p.email, p.name);
    const found = await resolveMentions(tools().deps.db, community.id, people.map((p) => `@${p.name}`).join(" "));
    expect(found).toHaveLength(20);
    expect(found.map((m) => m.displayName)).toEqual(people.slice(0, 20).map((p) => p.name));
    expect(mentionCandidates("@a ".repeat(500))).toHaveLength(50);
    expect(mentionCandidates("@Maya Okafor, thanks a lot")[0]).toEqual(["maya okafor, thanks a", "maya okafor, thanks", "maya okafor,", "maya okafor", "maya"]);
  });
});

describe("cost", () => {
  it("names of a comment page and mentions are one round trip each and read only through indexes", async () => {
    const { community } = await makeCommunity({ feeAmount: 0 }, []);
    const emails = Array.from({ length: 30 }, (_, i) => unique(`c${i}`));
    for (const [i, email] of emails.entries()) await applicant(community, email, `Person ${i}`);
    await named(community, emails[0]!, "Olive Oak");
    const counter = countingD1(env.DB);
    const db = createDb(counter.db);
    const names = await displayNames(db, community, emails);
    expect(names.get(emails[0]!)?.name).toBe("Olive Oak");
    expect(names.get(emails[29]!)?.name).toBe("Person 29");
    expect(await resolveMentions(db, community.id, "Hi @Olive Oak and @Person 3")).toEqual([{ email: emails[0], displayName: "Olive Oak" }]);
    expect(counter.stats.roundTrips).toBe(2);
    // Saving a profile: own profile and defaults (one batch), is the name in use (one batch), the write.
    await saveProfile({ db, now: () => new Date() }, env.FILES, community, emails[1]!, { displayName: "Brand New", bio: "Hello" });
    expect(counter.stats.roundTrips).toBe(5);
    // Mentions look up members without a chosen name by their application's name; saving checks it is not taken.
    expect(counter.log.filter((q) => q.sql.includes('lower("applications"."name")'))).toHaveLength(2);
    for (const q of counter.log) {
      const { results } = await env.DB.prepare(`EXPLAIN QUERY PLAN ${q.sql}`).bind(...q.params).all<{ detail: string }>();
      const plan = results.map((r) => r.detail);
      expect(plan.filter((p) => /^SCAN (applications|member_profiles)\b/.test(p)), `${q.sql}\n${plan.join("\n")}`).toEqual([]);
      if (q.sql.includes('lower("applications"."name")')) expect(plan.join("\n")).toContain("applications_community_name_idx");
    }
  });
});
