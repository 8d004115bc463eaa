import * as z from "zod/mini";
import { createRoute, extending, createApiRouter, errorResponses, jsonBody, jsonContent, staffSecurity, named } from "../api/openapi";
import type { Context } from "hono";
import { communityStaff, signedIn } from "../api/access";
import { SlugParams } from "../api/schemas";
import type { AppEnv } from "../app-env";
import { communityAccess } from "../auth/community-access";
import { requireViewer } from "../auth/session";
import type { Config } from "../env";
import { directoryFilters, directoryPage, directoryQuerySchema, type PersonCard } from "./directory";
import { introductions } from "./introductions";
import { personView } from "./person";
import { peopleSettingsSchema, savePeopleSettings } from "./visibility";
import { lazyFields } from "../lib/lazy-fields";

/** The directory, a member's profile, introductions and the owner's directory settings under /api/v1. */

const tags = ["People"];
const PeopleSettings = named(peopleSettingsSchema, "PeopleSettings");

const PersonSchema = z.lazy(() =>
  z.object({
    id: z.string().check(z.meta({ description: "The person's directory id (never derived from their email)" })),
    displayName: z.string(),
    avatarUrl: z.nullable(z.string()),
    city: z.nullable(z.string()),
    bio: z.nullable(z.string()),
    standing: z.nullable(z.string()).check(z.meta({ description: "Their tier's name, or `owner` / `moderator` for staff without one" })),
    answers: z.array(z.object({ questionId: z.string(), label: z.string(), answer: z.string() })).check(z.meta({ description: "Only the answers the person chose to show" })),
  }).check(z.meta({ id: "Person" })),
);

const DirectorySchema = z.lazy(() =>
  z.object({ people: z.array(PersonSchema), next: z.nullable(z.string()).check(z.meta({ description: "Pass as `cursor` for the next page; null on the last" })) }).check(z.meta({ id: "Directory" })),
);

const ProfilePageSchema = z.lazy(() =>
  extending(PersonSchema, {
    links: z.array(z.string()),
    since: z.string().check(z.meta({ format: "date-time" })),
    recentPosts: z.array(z.object({ id: z.string(), url: z.string(), title: z.string(), excerpt: z.string(), space: z.string(), reply: z.boolean(), createdAt: z.string() })).check(z.meta({
      description: "Their newest visible posts and replies in the spaces the caller may read",
    })),
  }).check(z.meta({ id: "PersonProfile" })),
);

const IntroductionsSchema = z.lazy(() =>
  z.object({ people: z.array(z.object({ id: z.string(), displayName: z.string(), avatarUrl: z.nullable(z.string()), reason: z.string().check(z.meta({ example: "both in Berlin; you both like bouldering" })) })) }).check(z.meta({ id: "Introductions" })),
);

const PersonParams = z.extend(SlugParams, lazyFields({ id: () => z.string().check(z.regex(/^[0-9a-z]{8,32}$/, "Unknown member"), z.meta({ param: { name: "id", in: "path" } })) }));

const absolute = (config: Pick<Config, "appUrl">, url: string | null) => (url ? config.appUrl + url : null);

function personOut(config: Pick<Config, "appUrl">, p: PersonCard): z.input<typeof PersonSchema> {
  return {
    id: p.publicId,
    displayName: p.name.name,
    avatarUrl: absolute(config, p.name.avatarUrl),
    city: p.city,
    bio: p.bio,
    standing: p.standing,
    answers: p.answers.map((a) => ({ questionId: a.questionId, label: a.label, answer: a.text })),
  };
}

async function viewer(c: Context<AppEnv>) {
  const { community, access } = await communityAccess(c, c.req.param("slug") ?? "");
  const who = await requireViewer(c);
  c.header("Cache-Control", "private, no-store");
  return { deps: c.get("deps"), community, access, email: who.email };
}

const gate = "Members (from the owner's minimum tier) and staff; others get 403.";

const directoryRoute = createRoute({
  method: "get",
  path: "/communities/{slug}/people",
  tags,
  summary: "The member directory, newest profile first, filtered",
  description: `${gate} Lists members in good standing (and staff) who saved a profile; removed and banned people never appear. Filters combine: \`q\` (name prefix), \`tier\` (tier id), \`city\`, \`new=1\` (joined in the last 30 days), \`answer=questionId:value\` (repeatable, a profile question's value).`,
  security: staffSecurity,
  middleware: signedIn,
  request: { params: SlugParams, query: z.object(directoryQuerySchema.shape) },
  responses: { 200: jsonContent(DirectorySchema, "A page of people"), ...errorResponses(400, 401, 403, 404) },
});

const personRoute = createRoute({
  method: "get",
  path: "/communities/{slug}/people/{id}",
  tags,
  summary: "One member's profile and recent posts",
  description: `${gate} A person who is not listed (removed, banned, lapsed) is a 404.`,
  security: staffSecurity,
  middleware: signedIn,
  request: { params: PersonParams },
  responses: { 200: jsonContent(ProfilePageSchema, "The profile as members see it"), ...errorResponses(400, 401, 403, 404) },
});

const introductionsRoute = createRoute({
  method: "get",
  path: "/communities/{slug}/introductions",
  tags,
  summary: "People the caller should meet, with the reason in plain words",
  description: `${gate} Matched on shown answers only: the same city, shared interests, and one's offers meeting the other's needs.`,
  security: staffSecurity,
  middleware: signedIn,
  request: { params: SlugParams },
  responses: { 200: jsonContent(IntroductionsSchema, "At most five people"), ...errorResponses(400, 401, 403, 404) },
});

const settingsRoute = createRoute({
  method: "put",
  path: "/communities/{slug}/people/settings",
  tags,
  summary: "Who sees the directory, and the introductions space (owners)",
  security: staffSecurity,
  middleware: communityStaff(["owner"]),
  request: { params: SlugParams, body: jsonBody(PeopleSettings) },
  responses: { 200: jsonContent(PeopleSettings, "The saved settings"), ...errorResponses(400, 401, 403, 404, 415) },
});

export const peopleApi = createApiRouter()
  .openapi(settingsRoute, async (c) => {
    const settings = c.req.valid("json");
    await savePeopleSettings(c.get("deps"), c.get("staff").community.id, settings);
    return c.json(settings, 200);
  })
  .openapi(directoryRoute, async (c) => {
    const { deps, community, access } = await viewer(c);
    const page = await directoryPage(deps, community, access, directoryFilters(c.req.valid("query")));
    return c.json({ people: page.people.map((p) => personOut(deps.config, p)), next: page.next }, 200);
  })
  .openapi(personRoute, async (c) => {
    const { deps, community, access } = await viewer(c);
    const view = await personView(deps, community, access, c.req.valid("param").id);
    const recentPosts = view.posts.map((p) => ({ id: p.id, url: deps.config.appUrl + p.href, title: p.title, excerpt: p.excerpt, space: p.spaceName, reply: p.reply, createdAt: p.createdAt.toISOString() }));
    return c.json({ ...personOut(deps.config, view.card), links: view.links, since: view.since.toISOString(), recentPosts }, 200);
  })
  .openapi(introductionsRoute, async (c) => {
    const { deps, community, access, email } = await viewer(c);
    const people = await introductions(deps, community, access, email);
    return c.json({ people: people.map((p) => ({ id: p.publicId, displayName: p.name.name, avatarUrl: absolute(deps.config, p.name.avatarUrl), reason: p.reason })) }, 200);
  });
