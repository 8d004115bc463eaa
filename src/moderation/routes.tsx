import { Hono, type Context } from "hono";
import type { AppEnv } from "../app-env";
import { communityAccess } from "../auth/community-access";
import { requireViewer } from "../auth/session";
import { formText, readForm, toFieldErrors } from "../communities/forms";
import type { Deps } from "../env";
import { AppError } from "../lib/errors";
import { page } from "../ui/layout";
import { displayNamesQuery, nameLookup } from "../profiles/names";
import { readablePost, reportPost, type ReadablePost } from "./reports";
import { ReportPage } from "./report-page";
import { shownStatus } from "./refusals";

/** Members' report form (the moderation queue and rules are the owners' Worker's: admin-routes.tsx). */
export const moderationRoutes = new Hono<AppEnv>();

// --- Members' reports ---------------------------------------------------------------------------

/** The signed-in person (else off to sign in) and their access to the community: who reports. */
async function reporter(c: Context<AppEnv>) {
  await requireViewer(c);
  const { community, access } = await communityAccess(c, c.req.param("slug") ?? "");
  return { deps: c.get("deps") as Deps, community, access: access! };
}
type Reporter = Awaited<ReturnType<typeof reporter>>;

interface ReportView {
  reason?: string;
  errors?: Record<string, string>;
  error?: string;
  done?: boolean;
}

async function renderReport(c: Context<AppEnv>, { deps, community }: Reporter, found: ReadablePost, view: ReportView, status: 200 | 400 | 403 | 409 | 429 = 200) {
  const names = nameLookup(await displayNamesQuery(deps.db, community.id, [found.post.authorEmail]), community.id);
  c.header("Cache-Control", "private, no-store");
  return c.html(page(<ReportPage community={community} space={found.space} post={found.post} author={names(found.post.authorEmail)} {...view} />), status);
}

/** Files the report; a refusal is shown on the report page with what to fix. */
async function fileReport(c: Context<AppEnv>, who: Reporter, found: ReadablePost, reason: string, success: string) {
  try {
    await reportPost(who.deps, who.community, who.access, found.post.id, { reason });
  } catch (e) {
    const status = shownStatus(e);
    const err = e as AppError;
    return renderReport(c, who, found, { reason, errors: status === 400 ? toFieldErrors(err.details ?? []) : {}, error: status === 400 ? undefined : err.message }, status);
  }
  return c.redirect(success, 303);
}

moderationRoutes.get("/c/:slug/report/:postId", async (c) => {
  const who = await reporter(c);
  const found = await readablePost(who.deps.db, who.community.id, who.access, c.req.param("postId"));
  return renderReport(c, who, found, { done: c.req.query("done") === "reported" });
});

moderationRoutes.post("/c/:slug/report/:postId", async (c) => {
  const who = await reporter(c);
  const found = await readablePost(who.deps.db, who.community.id, who.access, c.req.param("postId"));
  const reason = formText(await readForm(c), "reason");
  return fileReport(c, who, found, reason, `/c/${who.community.slug}/report/${found.post.id}?done=reported`);
});

/** The thread page's report form: `post_id` (the thread or one of its replies) and `reason`. */
moderationRoutes.post("/c/:slug/s/:space/t/:threadId/report", async (c) => {
  const who = await reporter(c);
  const form = await readForm(c);
  const found = await readablePost(who.deps.db, who.community.id, who.access, formText(form, "post_id"));
  const threadId = c.req.param("threadId");
  if (found.space.slug !== c.req.param("space") || (found.post.id !== threadId && found.post.parentId !== threadId)) throw AppError.notFound("Post");
  const anchor = found.post.parentId ? `#p-${found.post.id}` : "";
  return fileReport(c, who, found, formText(form, "reason"), `/c/${who.community.slug}/s/${found.space.slug}/t/${threadId}?reported=${found.post.id}${anchor}`);
});
