import * as z from "zod/mini";
import { createRoute, createApiRouter, errorResponses, jsonBody, jsonContent, staffSecurity, named } from "../api/openapi";
import type { Context } from "hono";
import { signedIn } from "../api/access";
import { SlugParams } from "../api/schemas";
import type { AppEnv } from "../app-env";
import type { Config } from "../env";
import { mediaType, readRawBody } from "../lib/body";
import { AppError } from "../lib/errors";
import { AVATAR_TYPES, MAX_AVATAR_BYTES } from "./avatars";
import { notInside, profileAccess } from "./access";
import { labelledAnswers } from "./answers";
import { MAX_BIO, MAX_LINKS, MAX_NAME, profileUpdateSchema } from "./schemas";
import { ownProfile, saveProfile, type OwnProfile } from "./service";

/** The caller's own profile in a community under /api/v1, with the same access rule as the page. */

const tags = ["Profiles"];

const ProfileSchema = z.lazy(() =>
  z.object({
    displayName: z.string().check(z.meta({ description: `How other members see the caller (at most ${MAX_NAME} characters)` })),
    chosen: z.boolean().check(z.meta({ description: "False while the caller goes by a default: the name from their application, or “Member” and a code" })),
    bio: z.nullable(z.string()).check(z.meta({ description: `At most ${MAX_BIO} characters` })),
    avatarUrl: z.nullable(z.string()).check(z.meta({ description: "Served only to people with access to the community" })),
    publicId: z.nullable(z.string()).check(z.meta({ description: "The caller's id in the directory (`/people/{id}`); null until the first save" })),
    city: z.nullable(z.string()),
    links: z.array(z.string()).check(z.meta({ description: `https links, at most ${MAX_LINKS}` })),
    answers: z.array(z.object({ questionId: z.string(), label: z.string(), answer: z.string(), shown: z.boolean() })).check(z.meta({ description: "The caller's own answers to the questions the owner put on profiles (from their approved application); only those with `shown` appear to others" })),
  }).check(z.meta({ id: "Profile" })),
);

const ProfileUpdate = named(profileUpdateSchema, "ProfileUpdate", {
  example: { displayName: "Maya Okafor", bio: "Head of Product at a fintech; ask me about pricing.", city: "Berlin", links: ["https://example.com/maya"] },
});

function profileView(config: Pick<Config, "appUrl">, own: OwnProfile): z.input<typeof ProfileSchema> {
  const answers = labelledAnswers(own.questions, (id) => own.applied?.[id]).map((a) => ({ questionId: a.questionId, label: a.label, answer: a.text, shown: own.shownQuestions.includes(a.questionId) }));
  return {
    displayName: own.shown.name,
    chosen: own.shown.chosen,
    bio: own.profile?.bio ?? null,
    avatarUrl: own.shown.avatarUrl ? config.appUrl + own.shown.avatarUrl : null,
    publicId: own.profile?.publicId ?? null,
    city: own.profile?.city ?? null,
    links: own.profile?.links ?? [],
    answers,
  };
}

/** The page's access rule; a caller without a role in the community gets 403. */
async function insider(c: Context<AppEnv>) {
  const { deps, community, viewer, allowed } = await profileAccess(c);
  if (!allowed) throw AppError.forbidden(notInside(community.name));
  return { deps, community, viewer };
}

const getRoute = createRoute({
  method: "get",
  path: "/communities/{slug}/profile",
  tags,
  summary: "The caller's profile in the community (members and staff)",
  security: staffSecurity,
  middleware: signedIn,
  request: { params: SlugParams },
  responses: { 200: jsonContent(ProfileSchema, "The profile as others see it"), ...errorResponses(400, 401, 403, 404) },
});

const patchRoute = createRoute({
  method: "patch",
  path: "/communities/{slug}/profile",
  tags,
  summary: "Change the caller's display name, bio, city, links or shown answers, or remove their avatar; missing fields stay",
  description: "`shownQuestions` lists the profile questions whose answers others may see (replacing the list); an unknown question, or one the caller did not answer, is a 400 and nothing changes. Display names are unique in a community, case-insensitively (members @mention each other by them): a name someone else goes by is a 409 naming `displayName`. Avatars are uploaded on the profile page.",
  security: staffSecurity,
  middleware: signedIn,
  request: { params: SlugParams, body: jsonBody(ProfileUpdate) },
  responses: { 200: jsonContent(ProfileSchema, "The saved profile"), ...errorResponses(400, 401, 403, 404, 409, 415) },
});

const IMAGE = { schema: { type: "string" as const, format: "binary" } };

const avatarRoute = createRoute({
  method: "put",
  path: "/communities/{slug}/profile/avatar",
  tags,
  summary: "Upload the caller's avatar as the raw image body (replaces the old one)",
  description: `PNG, JPEG, WebP or GIF, at most ${MAX_AVATAR_BYTES / 1024} KB; the type is read from the image's bytes. Someone still going by the neutral default ("Member" and a code) chooses a display name first. Remove it with \`PATCH\` \`{ "removeAvatar": true }\`.`,
  security: staffSecurity,
  middleware: signedIn,
  request: { params: SlugParams, body: { required: true, content: Object.fromEntries(AVATAR_TYPES.map((t) => [t, IMAGE])) } },
  responses: { 200: jsonContent(ProfileSchema, "The profile with its new avatar"), ...errorResponses(400, 401, 403, 404, 409, 413, 415) },
});

export const profilesApi = createApiRouter()
  .openapi(getRoute, async (c) => {
    const { deps, community, viewer } = await insider(c);
    c.header("Cache-Control", "private, no-store");
    return c.json(profileView(deps.config, await ownProfile(deps.db, community, viewer.email)), 200);
  })
  .openapi(patchRoute, async (c) => {
    const { deps, community, viewer } = await insider(c);
    await saveProfile(deps, c.env.FILES, community, viewer.email, c.req.valid("json"));
    return c.json(profileView(deps.config, await ownProfile(deps.db, community, viewer.email)), 200);
  })
  .openapi(avatarRoute, async (c) => {
    const { deps, community, viewer } = await insider(c);
    // Only an image body is read raw; a JSON or form body was already parsed by the body guard.
    if (!mediaType(c).startsWith("image/")) throw new AppError(415, "bad_request", "Send the image as the body, with Content-Type image/png, image/jpeg, image/webp or image/gif");
    const bytes = await readRawBody(c, MAX_AVATAR_BYTES, "avatar");
    if (!bytes.byteLength) throw AppError.validation([{ field: "avatar", message: "Send the image as the request body" }]);
    await saveProfile(deps, c.env.FILES, community, viewer.email, {}, new File([bytes], "avatar"));
    return c.json(profileView(deps.config, await ownProfile(deps.db, community, viewer.email)), 200);
  });
