import { and, eq, sql } from "drizzle-orm";
import { memberProfiles, posts, type Community, type Space } from "../../drizzle";
import type { Db } from "../lib/db";
import { emptyPostForm, type PostFormValues } from "../spaces/post-form";
import { labelledAnswers, profileQuestionsQuery, shownAnswersQuery, type ProfileQuestion } from "./answers";
import { displayNamesFrom, displayNamesQuery } from "./names";
import { settingsFrom, settingsQuery, type PeopleSettings } from "./visibility";

/**
 * A new member's welcome post: on the owner's introductions space, someone who has not started a
 * thread there yet finds the new-post form drafted from their profile (name, city, bio, shown
 * answers, links), to edit before posting. Only what their profile already shows goes in.
 */

export interface WelcomeForm {
  values: PostFormValues;
  errors: Record<string, string>;
}

/** Markdown that reads as the member's words: nothing in a profile may start a link or an image. */
const plain = (s: string) => s.replace(/([\\`*_[\]<>#|!])/g, "\\$1");

export function welcomeText(name: string, profile: { city: string | null; bio: string | null; links: string[] }, answers: { label: string; text: string }[]) {
  const lines = [`Hi everyone, I'm ${plain(name)}${profile.city ? `, based in ${plain(profile.city)}` : ""}.`];
  if (profile.bio) lines.push("", plain(profile.bio));
  if (answers.length) lines.push("", ...answers.map((a) => `- ${plain(a.label)} ${plain(a.text)}`));
  if (profile.links.length) lines.push("", ...profile.links.map((l) => `- <${l}>`));
  lines.push("", "Looking forward to meeting you all.");
  return { title: `Hello from ${name}`, body: lines.join("\n") };
}

/**
 * Whether to draft: two small reads that ride in the space page's own batch (the owner's
 * introductions space, and whether the member already started a thread there).
 */
export function welcomeChecks(db: Db, community: Pick<Community, "id">, space: Pick<Space, "id">, email: string) {
  return [
    settingsQuery(db, community.id),
    db
      .select({ id: posts.id })
      .from(posts)
      // Off the author's index (their own posts): the unary plus keeps SQLite from walking the
      // space's threads by posts_space_activity_idx instead (10,000 rows in a 40,000-thread space).
      .where(and(eq(posts.communityId, community.id), eq(posts.authorEmail, email.toLowerCase()), sql`+${posts.spaceId} = ${space.id}`, sql`+${posts.parentId} is null`))
      .limit(1),
  ] as const;
}

/** Only on the introductions space, for someone who has not posted there, is the profile read (one more round trip). */
export async function welcomeForm(db: Db, community: Pick<Community, "id" | "slug">, space: Pick<Space, "id">, email: string, checks: unknown[]): Promise<WelcomeForm | null> {
  const [settingsRows, posted] = checks as [PeopleSettings[], unknown[]];
  if (settingsFrom(settingsRows).introSpaceId !== space.id || posted.length) return null;
  const who = email.toLowerCase();
  const [profiles, names, questions, answers] = await db.batch([
    db.select({ city: memberProfiles.city, bio: memberProfiles.bio, links: memberProfiles.links }).from(memberProfiles).where(and(eq(memberProfiles.communityId, community.id), eq(memberProfiles.email, who))),
    displayNamesQuery(db, community.id, [who]),
    profileQuestionsQuery(db, community.id),
    shownAnswersQuery(db, community.id, who),
  ]);
  const name = displayNamesFrom(names, community, [who]).get(who)!.name;
  const shown = labelledAnswers(questions as ProfileQuestion[], (id) => answers.find((x) => x.questionId === id)?.value);
  const { title, body } = welcomeText(name, profiles[0] ?? { city: null, bio: null, links: [] }, shown);
  return { values: { ...emptyPostForm(), title, body }, errors: {} };
}
