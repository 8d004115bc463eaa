import * as z from "zod/mini";
import "../lib/zod-messages";
// Object schemas are built on first use (z.lazy), not while a new isolate starts: README, "Cold start".

/** What a member may call themselves and say about themselves, shared by the profile page and the API. */

export const MIN_NAME = 2;
export const MAX_NAME = 40;
export const MAX_BIO = 280;
export const MAX_CITY = 60;
export const MAX_LINKS = 5;
export const MAX_LINK = 300;
/** More than any questionnaire has profile questions; caps the list before any lookup. */
export const MAX_SHOWN = 30;

/**
 * Control characters, and format characters (bidirectional overrides, zero-width joiners and
 * spaces): in a name they let one person look like another ("Maya\u200bOkafor") or reorder the
 * text around them on the page, so a name may hold none of them.
 */
const HIDDEN_IN_NAME = /[\p{Cc}\p{Cf}\u2028\u2029]/u;
/** In a bio, line breaks are fine and emoji need joiners; bidirectional controls are not. */
const HIDDEN_IN_BIO = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\u2028\u2029]/;

/**
 * The neutral name of someone who has not chosen one ("Member 7K3Q"). Nobody may choose a name of
 * this shape, so the default can never be mistaken for (or taken by) somebody else.
 */
export const DEFAULT_NAME_PATTERN = /^member [0-9a-z]{4}$/i;

/** The unique key of a name: compatibility-folded (full-width letters are letters) and lower-cased. */
export function nameKey(name: string): string {
  return name.normalize("NFKC").toLowerCase();
}

/** One space between words, none around: mentions match names word by word. */
export function tidyName(raw: string): string {
  return raw.normalize("NFC").replace(/\s+/gu, " ").trim();
}

export const displayNameSchema = z.lazy(() =>
  z.pipe(z.pipe(z.string({ error: "Give a display name" }).check(z.maxLength(200, `Keep your display name within ${MAX_NAME} characters`), z.refine((s) => !HIDDEN_IN_NAME.test(s), "Display names cannot contain control or invisible formatting characters")), z.transform(tidyName)), z.string().check(z.minLength(MIN_NAME, `Your display name needs at least ${MIN_NAME} characters`), z.maxLength(MAX_NAME, `Keep your display name within ${MAX_NAME} characters`), z.refine((s) => /[\p{L}\p{N}]/u.test(s), "Use at least one letter or digit"), z.refine((s) => !s.includes("@"), "Display names cannot contain @ (it starts a mention)"), z.refine((s) => !DEFAULT_NAME_PATTERN.test(s), "That name is kept for members who have not chosen one"))),
);

export const bioSchema = z.lazy(() =>
  z.pipe(z.pipe(z.string().check(z.maxLength(MAX_BIO * 2, `Keep your bio within ${MAX_BIO} characters`), z.refine((s) => !HIDDEN_IN_BIO.test(s), "Bios cannot contain control or text-direction characters")), z.transform((s) => s.replace(/\r\n?/g, "\n").trim())), z.string().check(z.maxLength(MAX_BIO, `Keep your bio within ${MAX_BIO} characters`))),
);

export const citySchema = z.lazy(() =>
  z.pipe(z.pipe(z.string().check(z.maxLength(MAX_CITY * 2, `Keep the city within ${MAX_CITY} characters`), z.refine((s) => !HIDDEN_IN_NAME.test(s), "A city cannot contain control or invisible formatting characters")), z.transform(tidyName)), z.string().check(z.maxLength(MAX_CITY, `Keep the city within ${MAX_CITY} characters`))),
);

/**
 * A link on a profile: https only (no `javascript:`, no plain http), no credentials in it, and
 * kept exactly as parsed so the href shown is the one checked.
 */
export const profileLinkSchema = z.lazy(() =>
  z.pipe(z.pipe(z.string().check(z.trim(), z.maxLength(MAX_LINK, `Keep each link within ${MAX_LINK} characters`)), z.url({ protocol: /^https$/, hostname: z.regexes.domain, error: "Each link must be a web address starting with https://" })).check(z.refine((s) => !/^https:\/\/[^/]*@/.test(s), "Links cannot carry a user name or password")), z.transform((s) => new URL(s).href)),
);

/** The fields of a profile change; a missing field stays as it is. An empty bio or city clears it. */
export const profileUpdateSchema = z.lazy(() =>
  z.strictObject({
    displayName: z.optional(displayNameSchema),
    bio: z.optional(z.nullable(bioSchema)),
    removeAvatar: z.optional(z.boolean()),
    city: z.optional(z.nullable(citySchema)),
    links: z.optional(z.array(profileLinkSchema).check(z.maxLength(MAX_LINKS, `At most ${MAX_LINKS} links`))),
    /** Ids of the profile questions whose answers (from the member's approved application) to show; the rest stay private. */
    shownQuestions: z.optional(z.array(z.string().check(z.maxLength(40, "Unknown question"))).check(z.maxLength(MAX_SHOWN, `At most ${MAX_SHOWN} answers`))),
  }),
);
export type ProfileUpdate = z.infer<typeof profileUpdateSchema>;
