/**
 * The member directory of a benchmark community: three profile questions (hobbies, skills offered,
 * help needed), and for every member a profile, shown answers and the facet rows a profile save
 * writes, each table filled with one INSERT ... SELECT. Names come from 100 first names (so a name
 * search matches about 1% of members), cities from 50, hobbies from 40 (two each), skills from 30.
 * The benchmark's own member gets a profile too, so introductions have something to match.
 */
import { env } from "cloudflare:workers";
import { questionSchema } from "../src/communities/schemas";
import { addQuestion } from "../src/communities/service";
import { tools } from "../test/helpers";
import type { BenchCommunity } from "./seed";

export interface BenchPeople {
  hobbies: string;
  /** The directory id of one member with a profile. */
  somePerson: string;
}

const FIRST = ["Alex", "Sam", "Maya", "Dev", "Sofia", "Kenji", "Amara", "Lukas", "Chloe", "Ravi", "Emma", "Tomas", "Hana", "Oliver", "Ines", "Noah", "Lea", "Omar", "Priya", "Jonas"];
const firstNames = Array.from({ length: 100 }, (_, i) => `${FIRST[i % FIRST.length]}${i < FIRST.length ? "" : String.fromCharCode(97 + Math.floor(i / FIRST.length))}`);
const counter = (n: number) => `WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ${Math.max(0, Math.floor(n))})`;

export async function seedPeople(c: BenchCommunity, label: string, members: number): Promise<BenchPeople> {
  const { deps } = tools();
  const ask = (label: string, profileRole: string) => addQuestion(deps, c.community.id, questionSchema.parse({ kind: "short_text", label, profileRole }));
  const hobbies = await ask("Hobbies", "interests");
  const offers = await ask("I can help with", "offers");
  const needs = await ask("I am looking for", "needs");
  const id = label.replace(/[^a-z0-9]/g, "");
  const now = deps.now().getTime();
  const db = env.DB;
  const email = `'m${id}-' || printf('%06d', i) || '@example.com'`;
  const first = `json_extract(?3, '$[' || (i % 100) || ']')`;
  const pid = `'b${id}' || printf('%012d', i)`;
  const city = `'City ' || (i % 50)`;
  const hobby = (k: number) => `'hobby ' || ((i * ${k}) % 40)`;
  const skill = (k: number) => `'skill ' || ((i * ${k} + ${k}) % 30)`;
  const facet = (question: string, key: string, labelSql = key) =>
    db
      .prepare(
        `${counter(members)} INSERT OR IGNORE INTO profile_facets (community_id, question_id, value_key, email, label, sort_key, public_id)
         SELECT ?1, ?2, ${key}, ${email}, ${labelSql}, ?4 - i * 1000, ${pid} FROM n`,
      )
      .bind(c.community.id, question, JSON.stringify(firstNames), now);
  const fills: [string, D1PreparedStatement][] = [
    [
      "profiles",
      db
        .prepare(
          `${counter(members)} INSERT INTO member_profiles (community_id, email, display_name, display_name_key, bio, public_id, city, links, created_at, updated_at)
           SELECT ?1, ${email}, ${first} || ' L' || i, lower(${first} || ' l' || i), 'Builds things.', ${pid}, ${city}, '[]', ?4 - i * 1000, ?4 - i * 1000 FROM n`,
        )
        .bind(c.community.id, null, JSON.stringify(firstNames), now),
    ],
    [
      "shown answers",
      db
        .prepare(
          `${counter(members)} INSERT INTO profile_answers (community_id, email, question_id, value)
           SELECT ?1, ${email}, ?2, json_quote(${hobby(1)} || ', ' || ${hobby(7)}) FROM n
           UNION ALL SELECT ?1, ${email}, ?3, json_quote(${skill(1)}) FROM n
           UNION ALL SELECT ?1, ${email}, ?4, json_quote(${skill(11)}) FROM n`,
        )
        .bind(c.community.id, hobbies.id, offers.id, needs.id),
    ],
    ["name facets", facet("name", `lower(${first})`)],
    ["name number facets", facet("name", `'l' || i`)],
    ["city facets", facet("city", `lower(${city})`, city)],
    ["hobby facets", facet(hobbies.id, hobby(1))],
    ["second hobby facets", facet(hobbies.id, hobby(7))],
    ["offer facets", facet(offers.id, skill(1))],
    ["need facets", facet(needs.id, skill(11))],
  ];
  for (const [what, statement] of fills) {
    await statement.run().catch((e: unknown) => {
      throw new Error(`seeding ${what}: ${e instanceof Error ? e.message : String(e)}`);
    });
  }
  // The signed-in benchmark member: in City 7, into two hobbies, needing a skill, offering one.
  const me = c.memberEmail;
  const mine: [string, string, string][] = [["city", "city 7", "City 7"], ["name", "bench", "bench"], [hobbies.id, "hobby 3", "hobby 3"], [hobbies.id, "hobby 21", "hobby 21"], [needs.id, "skill 4", "skill 4"], [offers.id, "skill 12", "skill 12"]];
  await db.batch([
    db.prepare(`INSERT INTO member_profiles (community_id, email, display_name, display_name_key, public_id, city, links, created_at, updated_at) VALUES (?1, ?2, 'Bench Member', 'bench member', ?3, 'City 7', '[]', ?4, ?4)`).bind(c.community.id, me, `bme${id}00000`, now),
    ...mine.map(([q, key, l]) => db.prepare(`INSERT INTO profile_facets VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)`).bind(c.community.id, q, key, me, l, now, `bme${id}00000`)),
  ]);
  // The name search's rows are every prefix of each name word (namePrefixes): add the shorter ones.
  await db
    .prepare(
      `WITH RECURSIVE p(word, email, sort_key, public_id, n) AS (
         SELECT value_key, email, sort_key, public_id, length(value_key) - 1 FROM profile_facets WHERE community_id = ?1 AND question_id = 'name' AND length(value_key) > 1
         UNION ALL SELECT word, email, sort_key, public_id, n - 1 FROM p WHERE n > 1)
       INSERT OR IGNORE INTO profile_facets (community_id, question_id, value_key, email, label, sort_key, public_id)
       SELECT ?1, 'name', substr(word, 1, n), email, word, sort_key, public_id FROM p`,
    )
    .bind(c.community.id)
    .run();
  return { hobbies: hobbies.id, somePerson: `b${id}${String(Math.min(50, members)).padStart(12, "0")}` };
}
