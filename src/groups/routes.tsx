import { desc, eq } from "drizzle-orm";
import { Hono, type Context } from "hono";
import { applicationGroups, type Application, type Community } from "../../drizzle";
import type { AppEnv } from "../app-env";
import { nextStepUrl } from "../applications/checkout";
import { groupShareUrl } from "./share-url";
import { readApplicationForm } from "../applications/routes";
import { applicationSubmitSchema } from "../applications/schemas";
import { limitApplications } from "../applications/service";
import { flashFor, loadAdmin, OWNERS_ONLY } from "../communities/admin-context";
import { formatMajorAmount, formText, parseMajorAmount, readForm } from "../communities/forms";
import { getVisibleCommunity } from "../communities/launch";
import { listCommunityQuestions } from "../communities/service";
import { AppError, type FieldIssue } from "../lib/errors";
import { clientIp } from "../lib/rate-limit";
import { zodIssues } from "../lib/validation";
import { page } from "../ui/layout";
import { groupOfferOf, offerIsLive, saveGroupOffer } from "./offer";
import { GroupAdminPage, offerValues, renderGroupClosed, renderGroupPage, type GroupPageProps } from "./pages";
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

const FLASH = { saved: "Group offer saved." };

async function adminPage(c: Context<AppEnv>, override?: { values: ReturnType<typeof offerValues>; errors: Record<string, string> }) {
  const admin = await loadAdmin(c, OWNERS_ONLY);
  const { db } = c.get("deps");
  const { community } = admin;
  const [offer, groups] = await Promise.all([
    groupOfferOf(db, community.id),
    db.select().from(applicationGroups).where(eq(applicationGroups.communityId, community.id)).orderBy(desc(applicationGroups.createdAt)).limit(20),
  ]);
  const values = override?.values ?? offerValues(offer, community, (a) => formatMajorAmount(a, community.currency));
  return c.html(page(<GroupAdminPage community={community} role={admin.role} values={values} groups={groups} errors={override?.errors} flash={flashFor(c, FLASH)} />), override ? 400 : 200);
}

export const groupRoutes = new Hono<AppEnv>()
  .get("/c/:slug/group", (c) => showPage(c, null))
  .post("/c/:slug/group", (c) => submit(c, null))
  .get("/c/:slug/group/:groupId", (c) => showPage(c, c.req.param("groupId")))
  .post("/c/:slug/group/:groupId", (c) => submit(c, c.req.param("groupId")))
  .get("/c/:slug/admin/groups", (c) => adminPage(c))
  .post("/c/:slug/admin/groups", async (c) => {
    const admin = await loadAdmin(c, OWNERS_ONLY);
    const form = await readForm(c);
    const community = admin.community;
    const values = { enabled: formText(form, "enabled") === "yes", size: formText(form, "size"), groupFee: formText(form, "groupFee"), hours: formText(form, "hours"), onUnfilled: formText(form, "onUnfilled") };
    const fee = parseMajorAmount(values.groupFee, community.currency);
    const errors: Record<string, string> = "error" in fee ? { groupFee: fee.error } : {};
    const whole = (s: string) => (/^\d{1,4}$/.test(s.trim()) ? Number(s) : Number.NaN);
    try {
      await saveGroupOffer(c.get("deps"), community, { enabled: values.enabled, size: whole(values.size), groupFee: "amount" in fee ? fee.amount : -1, hours: whole(values.hours), onUnfilled: values.onUnfilled });
    } catch (e) {
      if (!(e instanceof AppError) || e.status !== 400) throw e;
      for (const d of e.details ?? []) errors[d.field] ??= d.message;
    }
    if (Object.keys(errors).length) return adminPage(c, { values, errors });
    return c.redirect(`/c/${community.slug}/admin/groups?done=saved`, 303);
  });
