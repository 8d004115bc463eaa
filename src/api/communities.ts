import * as z from "zod/mini";
import { createRoute, createApiRouter, errorResponses, jsonBody, jsonContent, staffSecurity, named } from "./openapi";
import { getVisibleCommunity, publishCommunity } from "../communities/launch";
import { isOperator } from "../auth/roles";
import { requireViewer } from "../auth/session";
import { communityCreateSchema, communityUpdateSchema } from "../communities/schemas";
import {
  createCommunity,
  listAllCommunities,
  listCommunityQuestions,
  listStaffCommunities,
  updateCommunity,
} from "../communities/service";
import { communityStaff, operatorOnly } from "./access";
import { CommunitySchema, PublicCommunitySchema, SlugParams, StaffCommunitySchema } from "./schemas";
import { communityView, publicCommunityView, staffCommunityView } from "./serialize";
import { lazyFields } from "../lib/lazy-fields";

const tags = ["Communities"];

const listCommunities = createRoute({
  method: "get",
  path: "/communities",
  tags,
  summary: "Communities where the caller is staff (operators: all)",
  security: staffSecurity,
  responses: {
    200: jsonContent(z.object(lazyFields({ communities: () => z.array(StaffCommunitySchema) })), "The caller's communities, by name"),
    ...errorResponses(401),
  },
});

const createCommunityRoute = createRoute({
  method: "post",
  path: "/communities",
  tags,
  summary: "Create a community and name its owners (operators only)",
  security: staffSecurity,
  middleware: operatorOnly,
  request: { body: jsonBody(named(communityCreateSchema, "CommunityCreate")) },
  responses: {
    201: jsonContent(CommunitySchema, "Created"),
    ...errorResponses(400, 401, 403, 409, 415),
  },
});

const getCommunity = createRoute({
  method: "get",
  path: "/communities/{slug}",
  tags,
  summary: "A community's public page: what applicants read and answer",
  request: { params: SlugParams },
  responses: {
    200: jsonContent(PublicCommunitySchema, "The community"),
    ...errorResponses(400, 404),
  },
});

const updateCommunityRoute = createRoute({
  method: "patch",
  path: "/communities/{slug}",
  tags,
  summary: "Change a community's page or fee (owners). Open applications keep the fee they were shown.",
  security: staffSecurity,
  middleware: communityStaff(["owner"]),
  request: { params: SlugParams, body: jsonBody(named(communityUpdateSchema, "CommunityUpdate")) },
  responses: {
    200: jsonContent(CommunitySchema, "The updated community"),
    ...errorResponses(400, 401, 403, 404, 415),
  },
});

const publishCommunityRoute = createRoute({
  method: "post",
  path: "/communities/{slug}/publish",
  tags,
  summary: "Publish a draft (owners). Refused with 409, naming each open checklist item, until the launch checklist is done.",
  security: staffSecurity,
  middleware: communityStaff(["owner"]),
  request: { params: SlugParams },
  responses: {
    200: jsonContent(CommunitySchema, "The published community (unchanged if it was already live)"),
    ...errorResponses(401, 403, 404, 409),
  },
});

export const communitiesApi = createApiRouter()
  .openapi(listCommunities, async (c) => {
    const viewer = await requireViewer(c);
    const { db, config } = c.get("deps");
    const rows = isOperator(config, viewer.email)
      ? (await listAllCommunities(db)).map((community) => ({ community, role: "operator" as const }))
      : await listStaffCommunities(db, viewer.email);
    return c.json({ communities: rows.map((r) => staffCommunityView(r.community, r.role)) }, 200);
  })
  .openapi(createCommunityRoute, async (c) => {
    const community = await createCommunity(c.get("deps"), c.req.valid("json"));
    return c.json(communityView(community), 201);
  })
  .openapi(getCommunity, async (c) => {
    const { db } = c.get("deps");
    const community = await getVisibleCommunity(c, c.req.valid("param").slug);
    const questions = await listCommunityQuestions(db, community.id);
    return c.json(publicCommunityView(community, questions), 200);
  })
  .openapi(publishCommunityRoute, async (c) => {
    const published = await publishCommunity(c.get("deps"), c.get("staff").community);
    return c.json(communityView(published), 200);
  })
  .openapi(updateCommunityRoute, async (c) => {
    const updated = await updateCommunity(c.get("deps"), c.get("staff").community.id, c.req.valid("json"));
    return c.json(communityView(updated), 200);
  });
