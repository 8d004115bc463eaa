import { createRoute, createApiRouter, errorResponses, jsonBody, jsonContent, staffSecurity } from "./openapi";
import type { Deps } from "../env";
import {
  banMember,
  getMember,
  listAudit,
  listMembers,
  moveToTier,
  promoteToModerator,
  removeMember,
  unban,
  type ActionOutcome,
} from "../members/service";
import { communityStaff } from "./access";
import {
  ActionResultSchema,
  AuditPageSchema,
  AuditQuery,
  BanParams,
  EmailReasonBody,
  MemberActionResultSchema,
  MemberDetailSchema,
  MemberListQuery,
  MemberPageSchema,
  MemberParams,
  MoveBody,
  RemoveBody,
  UnbanBody,
  UnbanQuery,
} from "./member-schemas";
import { SlugParams } from "./schemas";
import { actionResultView, auditEntryView, memberDetailView, memberView } from "./serialize";

/**
 * Member management, as on the owner pages: every staff member may look at the member list and a
 * member; only owners (and operators) act, export (src/members/exports-api.ts) or read the audit log. Every action needs a reason,
 * lands in the audit log, and is idempotent (`changed: false` on a repeat).
 */
const tags = ["Members"];
const staffOnly = communityStaff();
const ownersOnly = communityStaff(["owner"]);
const ACTION_ERRORS = errorResponses(400, 401, 403, 404, 409, 415);

const listRoute = createRoute({
  method: "get",
  path: "/communities/{slug}/members",
  tags,
  summary: "A community's memberships, newest first (staff)",
  security: staffSecurity,
  middleware: staffOnly,
  request: { params: SlugParams, query: MemberListQuery },
  responses: {
    200: jsonContent(MemberPageSchema, "One page; pass `nextCursor` as `cursor` for the next"),
    ...errorResponses(400, 401, 403, 404),
  },
});

const detailRoute = createRoute({
  method: "get",
  path: "/communities/{slug}/members/{id}",
  tags,
  summary: "One membership with its tier, price, staff role and ban (staff)",
  security: staffSecurity,
  middleware: staffOnly,
  request: { params: MemberParams },
  responses: {
    200: jsonContent(MemberDetailSchema, "The member"),
    ...errorResponses(400, 401, 403, 404),
  },
});

const removeRoute = createRoute({
  method: "post",
  path: "/communities/{slug}/members/{id}/remove",
  tags,
  summary: "Remove a member (owners): access ends at once, the subscription is cancelled",
  description: "With `refund: true` the payment of the current period is refunded, once. A moderator role ends with the membership.",
  security: staffSecurity,
  middleware: ownersOnly,
  request: { params: MemberParams, body: jsonBody(RemoveBody) },
  responses: { 200: jsonContent(MemberActionResultSchema, "Removed (or already removed)"), ...ACTION_ERRORS },
});

const moveRoute = createRoute({
  method: "post",
  path: "/communities/{slug}/members/{id}/move",
  tags,
  summary: "Move a member to another tier, comped or paid (owners)",
  security: staffSecurity,
  middleware: ownersOnly,
  request: { params: MemberParams, body: jsonBody(MoveBody) },
  responses: { 200: jsonContent(MemberActionResultSchema, "Moved (or already there)"), ...ACTION_ERRORS },
});

const promoteRoute = createRoute({
  method: "post",
  path: "/communities/{slug}/members/promote",
  tags,
  summary: "Make someone a moderator (owners); a membership is left as it is",
  security: staffSecurity,
  middleware: ownersOnly,
  request: { params: SlugParams, body: jsonBody(EmailReasonBody) },
  responses: { 200: jsonContent(ActionResultSchema, "Promoted (or already a moderator)"), ...ACTION_ERRORS },
});

const banRoute = createRoute({
  method: "post",
  path: "/communities/{slug}/bans",
  tags,
  summary: "Ban an email (owners): it can neither apply nor join; a live membership and moderator role end at once",
  security: staffSecurity,
  middleware: ownersOnly,
  request: { params: SlugParams, body: jsonBody(EmailReasonBody) },
  responses: { 200: jsonContent(ActionResultSchema, "Banned (or already banned)"), ...ACTION_ERRORS },
});

const unbanRoute = createRoute({
  method: "delete",
  path: "/communities/{slug}/bans/{email}",
  tags,
  summary: "Lift a ban (owners); the person may apply again",
  description: "The reason goes in a JSON body `{ reason }` or, for clients that cannot send a body with DELETE, in `?reason=`.",
  security: staffSecurity,
  middleware: ownersOnly,
  request: { params: BanParams, query: UnbanQuery, body: { required: false, content: { "application/json": { schema: UnbanBody } } } },
  responses: { 200: jsonContent(ActionResultSchema, "Lifted (or there was no ban)"), ...ACTION_ERRORS },
});

const auditRoute = createRoute({
  method: "get",
  path: "/communities/{slug}/audit",
  tags,
  summary: "The community's audit log, newest first (owners)",
  security: staffSecurity,
  middleware: ownersOnly,
  request: { params: SlugParams, query: AuditQuery },
  responses: {
    200: jsonContent(AuditPageSchema, "One page; pass `nextCursor` as `cursor` for the next"),
    ...errorResponses(400, 401, 403, 404),
  },
});

/** The outcome of an action on one member, with the member as they are now. */
async function memberOutcome(deps: Deps, communityId: string, membershipId: string, outcome: ActionOutcome) {
  return { ...actionResultView(outcome), member: memberDetailView(await getMember(deps.db, communityId, membershipId)) };
}

export const membersApi = createApiRouter()
  .openapi(listRoute, async (c) => {
    const page = await listMembers(c.get("deps").db, c.get("staff").community.id, c.req.valid("query"));
    return c.json({ items: page.items.map(memberView), nextCursor: page.nextCursor }, 200);
  })
  .openapi(detailRoute, async (c) => {
    const member = await getMember(c.get("deps").db, c.get("staff").community.id, c.req.valid("param").id);
    return c.json(memberDetailView(member), 200);
  })
  .openapi(removeRoute, async (c) => {
    const deps = c.get("deps");
    const { community, viewer } = c.get("staff");
    const { id } = c.req.valid("param");
    const { reason, refund } = c.req.valid("json");
    const outcome = await removeMember(deps, community, id, { refund }, viewer.email, reason);
    return c.json(await memberOutcome(deps, community.id, id, outcome), 200);
  })
  .openapi(moveRoute, async (c) => {
    const deps = c.get("deps");
    const { community, viewer } = c.get("staff");
    const { id } = c.req.valid("param");
    const { tierId, mode, reason } = c.req.valid("json");
    const outcome = await moveToTier(deps, community, id, tierId, { mode }, viewer.email, reason);
    return c.json(await memberOutcome(deps, community.id, id, outcome), 200);
  })
  .openapi(promoteRoute, async (c) => {
    const { community, viewer } = c.get("staff");
    const { email, reason } = c.req.valid("json");
    return c.json(actionResultView(await promoteToModerator(c.get("deps"), community, email, viewer.email, reason)), 200);
  })
  .openapi(banRoute, async (c) => {
    const { community, viewer } = c.get("staff");
    const { email, reason } = c.req.valid("json");
    return c.json(actionResultView(await banMember(c.get("deps"), community, email, viewer.email, reason)), 200);
  })
  .openapi(unbanRoute, async (c) => {
    const { community, viewer } = c.get("staff");
    // unban() refuses a missing reason with a 400 naming `reason`.
    const reason = c.req.valid("json").reason ?? c.req.valid("query").reason ?? "";
    const outcome = await unban(c.get("deps"), community, c.req.valid("param").email, viewer.email, reason);
    return c.json(actionResultView(outcome), 200);
  })
  .openapi(auditRoute, async (c) => {
    const page = await listAudit(c.get("deps").db, c.get("staff").community.id, c.req.valid("query"));
    return c.json({ items: page.items.map(auditEntryView), nextCursor: page.nextCursor }, 200);
  });
