import * as z from "zod/mini";
import { createRoute, createApiRouter, errorResponses, jsonBody, jsonContent, staffSecurity, named } from "../api/openapi";
import { GROUP_STATUSES, GROUP_UNFILLED_RULES, type Community } from "../../drizzle";
import { communityStaff } from "../api/access";
import { ApplicationReceiptSchema, SlugParams, pathId } from "../api/schemas";
import { receiptView } from "../api/serialize";
import { checkoutUrlOrNull } from "../applications/checkout";
import { groupShareUrl } from "./share-url";
import { applicationSubmitSchema } from "../applications/schemas";
import { limitApplications } from "../applications/service";
import { getVisibleCommunity } from "../communities/launch";
import type { Deps } from "../env";
import { AppError } from "../lib/errors";
import { clientIp } from "../lib/rate-limit";
import { groupOfferOf, offerIsLive, saveGroupOffer } from "./offer";
import { groupOfferSchema } from "./schemas";
import { joinGroup, loadGroup, startGroup, type GroupJoinResult, type GroupView } from "./service";
import { lazyFields } from "../lib/lazy-fields";

/** Group applications (拼团) under /api/v1: the owner's offer, starting and joining groups, a group's progress. */

const tags = ["Groups"];
const ownersOnly = communityStaff(["owner"]);

const GroupOfferSchema = z.lazy(() =>
  z.object({
    enabled: z.boolean(),
    size: z.number().check(z.int(), z.meta({ description: "People per group, 2 to 5" })),
    groupFee: z.number().check(z.int(), z.meta({ description: "What each approved member pays once the group fills, in minor units; below the full fee" })),
    fullFee: z.number().check(z.int(), z.meta({ description: "The community's application fee: what each card is authorised for" })),
    currency: z.string(),
    hours: z.number().check(z.int(), z.meta({ description: "How long a group has to fill from when it starts (1 to 120)" })),
    onUnfilled: z.enum(GROUP_UNFILLED_RULES).check(z.meta({ description: "capture_full: approved members pay the full fee; release: every hold placed for the group is released" })),
  }).check(z.meta({ id: "GroupOffer" })),
);

const GroupSchema = z.lazy(() =>
  z.object({
    id: z.string(),
    status: z.enum(GROUP_STATUSES),
    size: z.number().check(z.int()),
    seatsTaken: z.number().check(z.int()),
    seatsAuthorised: z.number().check(z.int()),
    groupFee: z.number().check(z.int()),
    fullFee: z.number().check(z.int()),
    currency: z.string(),
    onUnfilled: z.enum(GROUP_UNFILLED_RULES),
    deadline: z.iso.datetime(),
    filledAt: z.nullable(z.iso.datetime()),
    shareUrl: z.url().check(z.meta({ description: "The page friends apply through" })),
  }).check(z.meta({ id: "Group" })),
);

const GroupSubmissionResult = z.lazy(() =>
  z.object({
    application: ApplicationReceiptSchema,
    checkoutUrl: z.nullable(z.url()).check(z.meta({ description: "Where to authorise the full fee; null if the page could not be opened now (the status page offers it again)" })),
    group: GroupSchema,
  }).check(z.meta({ id: "GroupSubmissionResult" })),
);

const GroupParams = z.extend(SlugParams, lazyFields({
  groupId: () => pathId("groupId", "grp_3k9v2m0c7x1n8b4r5t6y"),
}));

const Submission = named(applicationSubmitSchema, "GroupApplicationSubmission");

function groupView(deps: Pick<Deps, "config">, community: Community, { group, seats }: GroupView): z.input<typeof GroupSchema> {
  return {
    id: group.id,
    status: group.status,
    size: group.size,
    seatsTaken: seats.length,
    seatsAuthorised: seats.filter((s) => s.authorisedAt).length,
    groupFee: group.groupFee,
    fullFee: group.fullFee,
    currency: group.currency,
    onUnfilled: group.onUnfilled,
    deadline: group.deadline.toISOString(),
    filledAt: group.filledAt?.toISOString() ?? null,
    shareUrl: groupShareUrl(deps.config.appUrl, community.slug, group.id),
  };
}

/** What starting or joining answers: the receipt, the payment page and the group as it stands. */
async function submissionResult(deps: Deps, community: Community, { application, group }: GroupJoinResult) {
  // A knockout answer closes the application at once: no fee is due, and no group or seat was written.
  const view = await loadGroup(deps.db, community.id, group.id).catch(() => ({ group, seats: [] }));
  const checkoutUrl = application.status === "awaiting_payment" ? await checkoutUrlOrNull(deps, community, application) : null;
  return { application: receiptView(deps, application), checkoutUrl, group: groupView(deps, community, view) };
}

const getOfferRoute = createRoute({
  method: "get",
  path: "/communities/{slug}/group-offer",
  tags,
  summary: "The community's group offer, when it runs one (public)",
  request: { params: SlugParams },
  responses: { 200: jsonContent(GroupOfferSchema, "The offer"), ...errorResponses(400, 404) },
});

const putOfferRoute = createRoute({
  method: "put",
  path: "/communities/{slug}/group-offer",
  tags,
  summary: "Set the group offer (owners)",
  description: "Groups of 2 to 5; the group fee must be below the application fee; the time limit is 1 to 120 hours, as card holds lapse after seven days.",
  security: staffSecurity,
  middleware: ownersOnly,
  request: { params: SlugParams, body: jsonBody(named(groupOfferSchema, "GroupOfferInput", { example: { enabled: true, size: 3, groupFee: 1500, hours: 48, onUnfilled: "capture_full" } })) },
  responses: { 200: jsonContent(GroupOfferSchema, "The saved offer"), ...errorResponses(400, 401, 403, 404, 415) },
});

const startRoute = createRoute({
  method: "post",
  path: "/communities/{slug}/groups",
  tags,
  summary: "Apply and start a group (public)",
  description: "The same submission as `POST /communities/{slug}/applications`. The card is authorised for the full fee; the group price is captured once the group fills and the applicant is approved.",
  request: { params: SlugParams, body: jsonBody(Submission) },
  responses: { 201: jsonContent(GroupSubmissionResult, "Received; share `group.shareUrl`"), ...errorResponses(400, 404, 409, 415, 429) },
});

const getGroupRoute = createRoute({
  method: "get",
  path: "/communities/{slug}/groups/{groupId}",
  tags,
  summary: "A group's progress (public to whoever has its link)",
  request: { params: GroupParams },
  responses: { 200: jsonContent(GroupSchema, "The group"), ...errorResponses(400, 404) },
});

const joinRoute = createRoute({
  method: "post",
  path: "/communities/{slug}/groups/{groupId}/applications",
  tags,
  summary: "Apply by joining a group (public)",
  description: "Refused with 409 when the group is full, closed or past its deadline; nothing is written then.",
  request: { params: GroupParams, body: jsonBody(Submission) },
  responses: { 201: jsonContent(GroupSubmissionResult, "Received"), ...errorResponses(400, 404, 409, 415, 429) },
});

export const groupsApi = createApiRouter()
  .openapi(getOfferRoute, async (c) => {
    const deps = c.get("deps");
    const community = await getVisibleCommunity(c, c.req.valid("param").slug);
    const offer = await groupOfferOf(deps.db, community.id);
    if (!offerIsLive(offer, community)) throw AppError.notFound("Group offer");
    return c.json({ ...offer, fullFee: community.feeAmount, currency: community.currency }, 200);
  })
  .openapi(putOfferRoute, async (c) => {
    const { community } = c.var.staff;
    const saved = await saveGroupOffer(c.get("deps"), community, c.req.valid("json"));
    return c.json({ ...saved, fullFee: community.feeAmount, currency: community.currency }, 200);
  })
  .openapi(startRoute, async (c) => {
    const deps = c.get("deps");
    const community = await getVisibleCommunity(c, c.req.valid("param").slug);
    await limitApplications(deps, c.req.valid("json").email, clientIp(c));
    return c.json(await submissionResult(deps, community, await startGroup(deps, community, c.req.valid("json"))), 201);
  })
  .openapi(getGroupRoute, async (c) => {
    const deps = c.get("deps");
    const { slug, groupId } = c.req.valid("param");
    const community = await getVisibleCommunity(c, slug);
    return c.json(groupView(deps, community, await loadGroup(deps.db, community.id, groupId)), 200);
  })
  .openapi(joinRoute, async (c) => {
    const deps = c.get("deps");
    const { slug, groupId } = c.req.valid("param");
    const community = await getVisibleCommunity(c, slug);
    await limitApplications(deps, c.req.valid("json").email, clientIp(c));
    return c.json(await submissionResult(deps, community, await joinGroup(deps, community, groupId, c.req.valid("json"))), 201);
  });
