import { and, eq, ne } from "drizzle-orm";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { profileFacets } from "../../drizzle";
import { namePrefixes } from "../../src/profiles/answers";
import { api, json } from "../api/helpers";
import { signIn, tools } from "../helpers";
import { peopleCommunity, save } from "./people-helpers";

/**
 * The directory's name search reads one facet row per prefix of each name word, so a search word is
 * an equality on the facet index (test/profiles/plans.test.ts shows the plan). Profiles saved
 * before that kept whole words only; the migration that brought prefix rows adds theirs.
 */
describe("name search by word prefixes", { timeout: 120_000 }, () => {
  it("indexes each prefix of each word once, by character, labelled with its word", () => {
    expect(namePrefixes("Anna Andersen-Zoë")).toEqual([
      ...["a", "an", "ann", "anna"].map((key) => ({ key, label: "anna" })),
      ...["and", "ande", "ander", "anders", "anderse", "andersen"].map((key) => ({ key, label: "andersen" })),
      ...["z", "zo", "zoë"].map((key) => ({ key, label: "zoë" })),
    ]);
    expect(namePrefixes("  ")).toEqual([]);
    expect(namePrefixes("😀x").map((p) => p.key)).toEqual(["😀", "😀x"]);
  });

  it("finds people saved before prefix rows once the migration has added theirs", async () => {
    const { community, member } = await peopleCommunity({ members: 3 });
    const { deps } = tools();
    await save(community, member(1), { displayName: "Anna Andersen" });
    await save(community, member(2), { displayName: "Bo Lindqvist" });
    const cookie = await signIn(member(3));
    const search = async (q: string) => (await json(await api(`/communities/${community.slug}/people?q=${encodeURIComponent(q)}`, { auth: cookie }))).people.map((p: { displayName: string }) => p.displayName);
    expect(await search("and")).toEqual(["Anna Andersen"]);
    expect(await search("a")).toEqual(["Anna Andersen"]);

    // As saved before: one row per whole word.
    const nameRows = () => deps.db.select({ key: profileFacets.valueKey, label: profileFacets.label }).from(profileFacets).where(and(eq(profileFacets.communityId, community.id), eq(profileFacets.questionId, "name")));
    const saved = await nameRows();
    await deps.db.delete(profileFacets).where(and(eq(profileFacets.communityId, community.id), eq(profileFacets.questionId, "name"), ne(profileFacets.valueKey, profileFacets.label)));
    expect((await nameRows()).map((r) => r.key).sort()).toEqual(["andersen", "anna", "bo", "lindqvist"]);
    expect(await search("and")).toEqual([]);

    const migration = env.TEST_MIGRATIONS.find((m) => m.name.includes("name_search_prefixes"));
    expect(migration).toBeDefined();
    for (const query of migration!.queries) await env.DB.prepare(query).run();
    // The same keys as a save writes, each labelled with a word it begins (which one, when two words share it, is not read).
    const migrated = await nameRows();
    expect(migrated.map((r) => r.key).sort()).toEqual(saved.map((r) => r.key).sort());
    for (const r of migrated) expect(["anna", "andersen", "bo", "lindqvist"].filter((w) => w.startsWith(r.key))).toContain(r.label);
    expect(await search("and")).toEqual(["Anna Andersen"]);
    expect(await search("lind")).toEqual(["Bo Lindqvist"]);
    expect(await search("a")).toEqual(["Anna Andersen"]);
  });
});
