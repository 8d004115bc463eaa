import { and, eq, inArray, sql } from "drizzle-orm";
import { applications, questions, spaces, type ProfileRole } from "../../drizzle";
import type { Deps } from "../env";
import { batchAll } from "../lib/db";
import { saveProfile } from "../profiles/service";
import { savePeopleSettings } from "../profiles/visibility";
import { createSpace } from "../spaces/service";
import { questionSchema } from "./schemas";
import { addQuestion, getCommunityById } from "./service";
import { DEMO_PEOPLE } from "./seed-space-data";

/**
 * The demo community's people directory: the questionnaire's role, industry, goals and hobbies
 * put on profiles, two questions for what members offer and need (answered on the demo
 * applications), an Introductions space, and each demo member's profile with a city and the
 * answers they chose to show, so `npm run dev` opens on a directory with introductions to make.
 * Idempotent: a community that already has profile questions is left as it is.
 */

const ROLES: Record<string, ProfileRole> = {
  "What is your current role?": "shown",
  "Which industry do you work in?": "shown",
  "What do you want from the group?": "shown",
  "Hobbies (for meetups)": "interests",
};

const OFFERS = "Skills you can share";
const NEEDS = "Help you are looking for";

/** What each demo member offers and looks for; overlaps make the introductions. */
const SKILLS: Record<string, { offers: string; needs: string; city?: string }> = {
  maya: { offers: "Discovery interviews, roadmaps", needs: "Hiring, pricing" },
  dev: { offers: "Hiring, engineering management", needs: "Board decks" },
  sofia: { offers: "Design critique, hiring designers", needs: "Roadmaps" },
  kenji: { offers: "Legacy systems, on-call", needs: "Engineering management" },
  amara: { offers: "Reliability, hiring", needs: "Pricing" },
  lukas: { offers: "On-call", needs: "Legacy systems", city: "Berlin" },
  chloe: { offers: "Pricing", needs: "Roadmaps" },
  ravi: { offers: "Developer marketing, pricing", needs: "Hiring" },
  emma: { offers: "Career ladders, hiring", needs: "Design critique", city: "London" },
  tomas: { offers: "Metrics", needs: "Pricing" },
  hana: { offers: "Prototyping", needs: "Design critique" },
  oliver: { offers: "Board decks, finance hires", needs: "Metrics" },
};

export async function seedDemoPeople(deps: Pick<Deps, "db" | "now">, communityId: string): Promise<void> {
  const { db } = deps;
  const [rows, demoApps] = await db.batch([
    db.select({ id: questions.id, label: questions.label, role: questions.profileRole }).from(questions).where(eq(questions.communityId, communityId)),
    db.select({ email: applications.email }).from(applications).where(and(eq(applications.communityId, communityId), inArray(applications.email, DEMO_PEOPLE.map((p) => p.email)), eq(applications.status, "approved"))),
  ]);
  // Already done, or the demo members were never seeded (seed-space.ts writes them).
  if (rows.some((q) => q.role) || demoApps.length < DEMO_PEOPLE.length) return;
  const community = await getCommunityById(db, communityId);
  const ask = (label: string, help: string, profileRole: ProfileRole) => addQuestion(deps, communityId, questionSchema.parse({ kind: "short_text", label, help, maxLength: 200, profileRole }));
  const offers = await ask(OFFERS, "Optional: shown on your profile if you choose", "offers");
  const needs = await ask(NEEDS, "Optional: members who can help are introduced to you", "needs");
  const flagged = rows.filter((q) => ROLES[q.label]);
  await batchAll(db, [
    ...flagged.map((q) => db.update(questions).set({ profileRole: ROLES[q.label]! }).where(eq(questions.id, q.id))),
    // The demo applications answer the two new questions, as if they had been asked all along.
    ...DEMO_PEOPLE.map((p) =>
      db
        .update(applications)
        .set({ answers: sql`json_set(${applications.answers}, ${`$.${offers.id}`}, ${SKILLS[p.key]!.offers}, ${`$.${needs.id}`}, ${SKILLS[p.key]!.needs})` })
        .where(and(eq(applications.communityId, communityId), eq(applications.email, p.email), eq(applications.status, "approved"))),
    ),
  ]);
  const existing = await db.select({ id: spaces.id }).from(spaces).where(and(eq(spaces.communityId, communityId), inArray(spaces.slug, ["introductions"])));
  const intro = existing[0] ?? (await createSpace(deps, communityId, { name: "Introductions", slug: "introductions", emoji: "👋", description: "New here? Say hello: your first post starts from your profile." }));
  await savePeopleSettings(deps, communityId, { minRank: null, introSpaceId: intro.id });
  const shownQuestions = [...flagged.map((q) => q.id), offers.id, needs.id];
  for (const p of DEMO_PEOPLE) {
    // Hana is new and has not chosen what to show yet: her profile has a name and a city only.
    const shown = p.key === "hana" ? [] : shownQuestions;
    await saveProfile(deps, null, community, p.email, { displayName: p.name, city: SKILLS[p.key]!.city ?? p.city, shownQuestions: shown, links: p.key === "maya" ? ["https://example.com/maya"] : [] });
  }
  await saveProfile(deps, null, community, "owner@example.com", { city: "Berlin" });
}
