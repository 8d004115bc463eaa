import { Hono, type Context } from "hono";
import type { Application, Community } from "../../drizzle";
import type { AppEnv } from "../app-env";
import { nextStepUrl } from "../applications/checkout";
import { groupShareUrl } from "./share-url";
import { readApplicationForm } from "../applications/routes";
import { applicationSubmitSchema } from "../applications/schemas";
import { limitApplications } from "../applications/service";
import { getVisibleCommunity } from "../communities/launch";
import { listCommunityQuestions } from "../communities/service";
import { AppError, type FieldIssue } from "../lib/errors";
import { clientIp } from "../lib/rate-limit";
import { zodIssues } from "../lib/validation";
import { groupOfferOf, offerIsLive } from "./offer";
import { renderGroupClosed, renderGroupPage, type GroupPageProps } from "./pages";
import { joinGroup, loadGroup, refuseClosed, startGroup } from "./service";

/** What the start and join pages show around the form, read for the GET and for a re-render. */
async function pageProps(c: Context<AppEnv>, community: Community, groupId: string | null): Promise<Omit<GroupPageProps, "values" | "issues" | "formError">> {
  const deps = c.get("deps");
  const questions = await listCommunityQuestions(deps.db, community.id);
  if (groupId) {
    const { group, seats } = await loadGroup(deps.db, community.id, groupId);
    refuseClosed(group, seats, deps.now());
    return { community, questions, offer: group, joining: { group, seats, shareUrl: groupShareUrl(deps.config.appUrl, community.slug, group.id) } };
  }
  const offer = await groupOfferOf(deps.db, community.id);
  if (!offerIsLive(offer, community)) throw AppError.notFound("Group applications");
  return { community, questions, offer: { ...offer, fullFee: community.feeAmount, currency: community.currency }, hours: offer.hours };
}

async function showPage(c: Context<AppEnv>, groupId: string | null) {
  const community = await getVisibleCommunity(c, c.req.param("slug") ?? "");
  try {
    return c.html(renderGroupPage(await pageProps(c, community, groupId)));
  } catch (e) {
    if (e instanceof AppError && e.status === 409) return c.html(renderGroupClosed(community, e.message), 409);
    throw e;
  }
}

/** Start (no group id) or join: the same form, the same checks, then Checkout for the full-fee hold. */
async function submit(c: Context<AppEnv>, groupId: string | null) {
  const deps = c.get("deps");
  const community = await getVisibleCommunity(c, c.req.param("slug") ?? "");
  const { values, input, unknown } = readApplicationForm(await c.req.parseBody({ all: true }));
  const rerender = async (issues: FieldIssue[], status: 400 | 403 | 409, formError?: string) => {
    try {
      return c.html(renderGroupPage({ ...(await pageProps(c, community, groupId)), values, issues, formError }), status);
    } catch (e) {
      if (e instanceof AppError && e.status === 409) return c.html(renderGroupClosed(community, e.message), 409);
      throw e;
    }
  };
  if (unknown.length) return rerender(unknown, 400, "This form was changed before it was sent");
  const parsed = applicationSubmitSchema.safeParse(input);
  if (!parsed.success) return rerender(zodIssues(parsed.error), 400);
  await limitApplications(deps, parsed.data.email, clientIp(c));
  let application: Application;
  try {
    ({ application } = groupId ? await joinGroup(deps, community, groupId, parsed.data) : await startGroup(deps, community, parsed.data));
  } catch (err) {
    if (!(err instanceof AppError) || err.status >= 500 || err.status === 404) throw err;
    if (err.status === 409 && !err.details?.length && groupId) return c.html(renderGroupClosed(community, err.message), 409);
    if (err.status === 409 || err.status === 403) return rerender(err.details ?? [], err.status, err.message);
    return rerender(err.details ?? [], 400);
  }
  return c.redirect(await nextStepUrl(deps, community, application), 303);
}

/** Starting and joining a group application (the owners' settings: admin-routes.tsx). */
export const groupRoutes = new Hono<AppEnv>()
  .get("/c/:slug/group", (c) => showPage(c, null))
  .post("/c/:slug/group", (c) => submit(c, null))
  .get("/c/:slug/group/:groupId", (c) => showPage(c, c.req.param("groupId")))
  .post("/c/:slug/group/:groupId", (c) => submit(c, c.req.param("groupId")));
