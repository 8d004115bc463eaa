import { and, eq, ne, notExists, sql } from "drizzle-orm";
import { applications, memberProfiles, type AnswerValue, type MemberProfile } from "../../drizzle";
import type { Deps } from "../env";
import type { Db } from "../lib/db";
import { AppError } from "../lib/errors";
import { newId, newSecretToken } from "../lib/ids";
import { required } from "zod/mini";
import { parseOrThrow } from "../lib/validation";
import { approvedAnswersQuery, pickAnswers, profileIndexStatements, profileQuestionsQuery, shownAnswersQuery, type ProfileQuestion } from "./answers";
import { readAvatar } from "./avatars";
import { displayNamesFrom, displayNamesQuery, type DisplayName } from "./names";
import { displayNameSchema, nameKey, profileUpdateSchema } from "./schemas";

type Community = { id: string; slug: string };

export interface OwnProfile {
  /** The stored profile, or null while the person goes by a default name. */
  profile: MemberProfile | null;
  /** How others see the person right now. */
  shown: DisplayName;
  /** The questions the owner put on profiles, and what the person answered to them (theirs to see). */
  questions: ProfileQuestion[];
  applied: Record<string, AnswerValue> | null;
  /** Ids of the questions whose answers the person shows. */
  shownQuestions: string[];
}

/** One's own profile, how it shows, and the answers one may choose to show, in one round trip. */
export async function ownProfile(db: Db, community: Community, email: string): Promise<OwnProfile> {
  const who = email.toLowerCase();
  const [rows, names, questions, applied, shownRows] = await db.batch([
    db.select().from(memberProfiles).where(and(eq(memberProfiles.communityId, community.id), eq(memberProfiles.email, who))),
    displayNamesQuery(db, community.id, [who]),
    profileQuestionsQuery(db, community.id),
    approvedAnswersQuery(db, community.id, who),
    shownAnswersQuery(db, community.id, who),
  ]);
  const live = questions as ProfileQuestion[];
  return {
    profile: rows[0] ?? null,
    shown: displayNamesFrom(names, community, [who]).get(who)!,
    questions: live,
    applied: applied[0]?.answers ?? null,
    // Only questions still on profiles: an answer whose question the owner took off stays hidden.
    shownQuestions: shownRows.map((r) => r.questionId).filter((id) => live.some((q) => q.id === id)),
  };
}

/** The default name kept as the chosen one on a first save, when it is a valid name at all. */
function firstName(shown: string): string {
  const parsed = displayNameSchema.safeParse(shown);
  if (!parsed.success) throw AppError.validation([{ field: "displayName", message: "Choose a display name first" }]);
  return parsed.data;
}

/**
 * Whether someone else goes by this name: their chosen one, or (with no profile yet) the name on
 * their approved application, which is what others see of them. Otherwise a new member could pick
 * the name of one who never opened their profile and be taken for them.
 */
async function nameInUse(db: Db, communityId: string, email: string, key: string): Promise<boolean> {
  const [chosen, applied] = await db.batch([
    db
      .select({ email: memberProfiles.email })
      .from(memberProfiles)
      .where(and(eq(memberProfiles.communityId, communityId), eq(memberProfiles.displayNameKey, key), ne(memberProfiles.email, email)))
      .limit(1),
    db
      .select({ email: applications.email })
      .from(applications)
      .where(
        and(
          eq(applications.communityId, communityId),
          sql`lower(${applications.name}) = ${key}`,
          eq(applications.status, "approved"),
          ne(applications.email, email),
          notExists(db.select({ one: sql`1` }).from(memberProfiles).where(and(eq(memberProfiles.communityId, communityId), eq(memberProfiles.email, applications.email)))),
        ),
      )
      .limit(1),
  ]);
  return chosen.length > 0 || applied.length > 0;
}

const nameTaken = () =>
  new AppError(409, "conflict", "That display name is taken in this community", [{ field: "displayName", message: "Someone in this community already goes by this name; choose another" }]);

const isNameConflict = (e: unknown) => String(e instanceof Error && e.cause ? e.cause : e).includes("member_profiles.display_name_key") || String(e).includes("member_profiles.display_name_key");

/**
 * Saves a change to one's own profile. A missing field stays; the first save of someone who went
 * by a default name keeps that name unless they give another. A new avatar is stored first and
 * the row then points at it; the row is only written if nobody changed the avatar meanwhile, so
 * an object is deleted exactly when no row points at it any more.
 */
export async function saveProfile(
  deps: Pick<Deps, "db" | "now">,
  bucket: R2Bucket | null,
  community: Community,
  email: string,
  raw: unknown,
  avatar: File | null = null,
): Promise<MemberProfile> {
  const change = parseOrThrow(profileUpdateSchema, raw);
  const image = avatar && avatar.size > 0 ? await readAvatar(avatar) : null;
  if ((image || change.removeAvatar) && !bucket) throw new Error("saveProfile: changing an avatar needs the files bucket");
  const who = email.toLowerCase();
  const own = await ownProfile(deps.db, community, who);
  const { profile, shown } = own;
  const answers = pickAnswers(own.questions, own.applied, change.shownQuestions ?? own.shownQuestions);
  const displayName = change.displayName ?? profile?.displayName ?? firstName(shown.name);
  const key = nameKey(displayName);
  if (key !== profile?.displayNameKey && (await nameInUse(deps.db, community.id, who, key))) throw nameTaken();

  const oldKey = profile?.avatarKey ?? null;
  const avatarChange = image
    ? { avatarKey: `avatars/${community.id}/${newSecretToken()}`, avatarType: image.type, avatarSize: image.bytes.byteLength }
    : change.removeAvatar
      ? { avatarKey: null, avatarType: null, avatarSize: null }
      : null;
  if (image) await bucket!.put(avatarChange!.avatarKey!, image.bytes, { httpMetadata: { contentType: image.type } });
  const now = deps.now();
  const city = change.city !== undefined ? change.city || null : (profile?.city ?? null);
  const publicId = profile?.publicId ?? newPublicId();
  const fields = {
    displayName,
    displayNameKey: key,
    updatedAt: now,
    city,
    publicId,
    ...(change.bio !== undefined ? { bio: change.bio || null } : {}),
    ...(change.links !== undefined ? { links: change.links } : {}),
    ...(avatarChange ?? {}),
  };
  const index = profileIndexStatements(deps.db, { communityId: community.id, email: who, publicId, sortKey: (profile?.createdAt ?? now).getTime(), displayName, city, answers, questions: own.questions });
  let saved: MemberProfile[];
  try {
    // The profile, its shown answers and its index rows change together or not at all.
    [saved] = await deps.db.batch([
      deps.db
        .insert(memberProfiles)
        .values({ communityId: community.id, email: who, bio: null, avatarKey: null, avatarType: null, avatarSize: null, links: [], createdAt: now, ...fields })
        .onConflictDoUpdate({ target: [memberProfiles.communityId, memberProfiles.email], set: fields, setWhere: sql`${memberProfiles.avatarKey} is ${oldKey}` })
        .returning(),
      ...index,
    ]);
  } catch (e) {
    if (image) await bucket!.delete(avatarChange!.avatarKey!);
    if (isNameConflict(e)) throw nameTaken();
    throw e;
  }
  if (!saved[0]) {
    if (image) await bucket!.delete(avatarChange!.avatarKey!);
    throw AppError.conflict("Your profile changed while you were editing it; reload and save again");
  }
  if (avatarChange && oldKey) await bucket!.delete(oldKey);
  return saved[0];
}

/** The person's id in directory URLs: random, never derived from the email. */
export const newPublicId = () => newId("p").slice(2);

/**
 * Gives the person a profile with this name unless they already have one (a no-op then), so it
 * can run again safely: the demo seed names its people this way. Returns whether it wrote a row;
 * a name someone else holds is a 409 naming `displayName`.
 */
export async function ensureProfile(deps: Pick<Deps, "db" | "now">, communityId: string, email: string, fields: { displayName: string; bio?: string | null }): Promise<boolean> {
  const { displayName, bio } = parseOrThrow(required(profileUpdateSchema._zod.innerType, { displayName: true }), fields);
  const now = deps.now();
  const row = { communityId, email: email.toLowerCase(), displayName, displayNameKey: nameKey(displayName), bio: bio || null, publicId: newPublicId(), createdAt: now, updatedAt: now };
  try {
    const made = await deps.db.insert(memberProfiles).values(row).onConflictDoNothing({ target: [memberProfiles.communityId, memberProfiles.email] }).returning({ email: memberProfiles.email });
    if (!made.length) return false;
    // The name's words, so the directory's name search finds the person.
    const index = profileIndexStatements(deps.db, { ...row, publicId: row.publicId, sortKey: now.getTime(), city: null, answers: [], questions: [] });
    await deps.db.batch([index[0]!, ...index.slice(1)]);
    return true;
  } catch (e) {
    if (isNameConflict(e)) throw nameTaken();
    throw e;
  }
}
