import { postJobs } from "./posts";
import { Hono, type Context } from "hono";
import type { AppEnv } from "../app-env";
import { fileResponse } from "../content/files";
import { privatePage } from "../content/member-routes";
import { AppError } from "../lib/errors";
import { createPost, createReply, postRefusal } from "./posts";
import { formErrorsOf, emptyPostForm, postInputOf, readPostRequest, withAttachment, type PostFormValues } from "./post-form";
import { postAlongside, postPath, sightOf, spaceReader, spaceReaderWith, type SpaceReader } from "./reader";
import { renderSpacePage, spaceBase } from "./space-page";
import { renderThreadPage, type ThreadPageProps } from "./thread-page";
import { getPostFile, parseCursor, spacePage, threadDetail, THREAD_SORTS, type ThreadSort } from "./threads";
import { threadActionRoutes } from "./thread-routes";
import type { FieldErrors } from "../communities/forms";
import { formText, readForm } from "../communities/forms";
import { welcomeChecks, welcomeForm } from "../profiles/welcome";

/**
 * The space's pages: a space with its threads and the new-post form, a thread with its replies.
 * Everything passes `spaceReader` (the one access check plus the space's rules) first.
 */
export const spaceRoutes = new Hono<AppEnv>();

const sortOf = (raw: string | undefined): ThreadSort => (THREAD_SORTS as readonly string[]).includes(raw ?? "") ? (raw as ThreadSort) : "new";

type PostForm = { values: PostFormValues; errors: FieldErrors };

/** Without a form to show again, a member who may post gets the welcome draft on the introductions space. */
async function showSpace(c: Context<AppEnv>, r: SpaceReader, form: PostForm | null = null, status: 200 | 400 = 200) {
  const sort = sortOf(c.req.query("sort"));
  const cursor = parseCursor(c.req.query("cursor"));
  const db = c.get("deps").db;
  const draft = !form && !postRefusal(r);
  const page = await spacePage(c.get("deps"), { communityId: r.community.id, spaceId: r.space.id, email: r.viewer.email, sort, cursor }, draft ? [...welcomeChecks(db, r.community, r.space, r.viewer.email)] : []);
  form ??= (draft ? await welcomeForm(db, r.community, r.space, r.viewer.email, page.alongside) : null) ?? { values: emptyPostForm(), errors: {} };
  privatePage(c);
  return c.html(renderSpacePage({ community: r.community, space: r.space, page, sort, refusal: postRefusal(r), form }), status);
}

// On the introductions space, a member's first post starts drafted from their profile.
spaceRoutes.get("/c/:slug/s/:space", async (c) => showSpace(c, await spaceReader(c)));

spaceRoutes.post("/c/:slug/s/:space/posts", async (c) => {
  const r = await spaceReader(c);
  const refusal = postRefusal(r);
  if (refusal) throw AppError.forbidden(refusal);
  const { values, file } = await readPostRequest(c);
  const { raw, errors } = postInputOf(values);
  if (Object.keys(errors).length) return showSpace(c, r, { values, errors }, 400);
  try {
    const post = await withAttachment(c.env.FILES, file, (attachments) => createPost(c.get("deps"), postJobs(c.env), r, raw, attachments));
    return c.redirect(postPath(r.community.slug, r.space.slug, post), 303);
  } catch (err) {
    const fieldErrors = formErrorsOf(err);
    if (!fieldErrors) throw err;
    return showSpace(c, r, { values, errors: fieldErrors }, 400);
  }
});

/** The thread page's data for one reader: the thread as they may see it, its replies, poll and reactions. */
export async function loadThreadPage(c: Context<AppEnv>): Promise<{ reader: SpaceReader; props: ThreadPageProps }> {
  const deps = c.get("deps");
  const { reader: r, extra: thread } = await spaceReaderWith(c, postAlongside(c, true));
  const staff = r.rights.staff;
  const sight = thread && thread.spaceId === r.space.id ? sightOf(thread, r.viewer.email, staff) : null;
  if (!thread || !sight) throw AppError.notFound("Thread");
  const detail = sight === "removed-notice" ? null : await threadDetail(deps, thread, { email: r.viewer.email, staff, recordView: !staff && sight === "visible" });
  const viewer = { email: r.viewer.email, staff, muted: r.muted };
  return { reader: r, props: { community: r.community, space: r.space, thread, sight, detail, viewer, replyRefusal: postRefusal(r), editMinutes: r.settings.editMinutes, now: deps.now() } };
}

spaceRoutes.get("/c/:slug/s/:space/t/:postId", async (c) => {
  const { props } = await loadThreadPage(c);
  privatePage(c);
  return c.html(renderThreadPage({ ...props, reported: c.req.query("reported") ?? null }));
});

/** A thread's file, only to those who may see the thread's body (the same check as the page). */
spaceRoutes.get("/c/:slug/s/:space/t/:postId/files/:fileId", async (c) => {
  const db = c.get("deps").db;
  const { reader: r, extra: thread } = await spaceReaderWith(c, postAlongside(c, true));
  const sight = thread && thread.spaceId === r.space.id ? sightOf(thread, r.viewer.email, r.rights.staff) : null;
  if (!thread || !sight || sight === "removed-notice") throw AppError.notFound("File");
  return fileResponse(c.env.FILES, await getPostFile(db, thread.id, c.req.param("fileId")));
});

spaceRoutes.post("/c/:slug/s/:space/t/:postId/replies", async (c) => {
  const deps = c.get("deps");
  const { reader: r, extra: thread } = await spaceReaderWith(c, postAlongside(c, true));
  if (!thread || thread.spaceId !== r.space.id) throw AppError.notFound("Thread");
  const body = formText(await readForm(c), "body");
  try {
    const reply = await createReply(deps, postJobs(c.env), r, thread, { body });
    return c.redirect(postPath(r.community.slug, r.space.slug, reply), 303);
  } catch (err) {
    const errors = formErrorsOf(err);
    if (!errors) throw err;
    const { props } = await loadThreadPage(c);
    privatePage(c);
    return c.html(renderThreadPage({ ...props, replyError: errors.body ?? Object.values(errors)[0], replyBody: body }), 400);
  }
});

spaceRoutes.route("/", threadActionRoutes);

export { spaceBase };
