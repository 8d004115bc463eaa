import { Hono, type Context } from "hono";
import type { AppEnv } from "../app-env";
import { readForm, formText } from "../communities/forms";
import { AppError } from "../lib/errors";
import { deletePost, editPost, getPost, setFollow, setThreadFlag, type ThreadFlag } from "./actions";
import { postPath, spaceReader } from "./reader";
import { toggleReaction } from "./reactions";
import { honourJobs } from "../honours/level-up";
import { spaceBase } from "./space-page";
import { castVote } from "./votes";

/**
 * The thread page's forms: vote, follow, and per post (thread or reply) react, edit, delete, and
 * staff's pin and lock. Each answers with a redirect back to the thread (post-redirect-get).
 */
export const threadActionRoutes = new Hono<AppEnv>();

const THREAD = "/c/:slug/s/:space/t/:postId";

/** The reader and the post named by `:id` (or the thread itself), checked to be in this thread. */
async function target(c: Context<AppEnv>, param: "id" | "postId" = "id") {
  const r = await spaceReader(c);
  const post = await getPost(c.get("deps").db, r, c.req.param(param) ?? "");
  const threadId = c.req.param("postId");
  if (post.id !== threadId && post.parentId !== threadId) throw AppError.notFound("Post");
  return { r, post, back: postPath(r.community.slug, r.space.slug, post) };
}

threadActionRoutes.post(`${THREAD}/vote`, async (c) => {
  const { r, post, back } = await target(c, "postId");
  const form = await readForm(c);
  await castVote(c.get("deps"), r, post, { options: form.options ?? [] });
  return c.redirect(`${back}#poll`, 303);
});

threadActionRoutes.post(`${THREAD}/follow`, async (c) => {
  const { r, post, back } = await target(c, "postId");
  await setFollow(c.get("deps"), r, post, formText(await readForm(c), "on") !== "0");
  return c.redirect(back, 303);
});

threadActionRoutes.post(`${THREAD}/p/:id/react`, async (c) => {
  const { r, post, back } = await target(c);
  await toggleReaction(c.get("deps"), honourJobs(c.env), r, post, { emoji: formText(await readForm(c), "emoji") });
  return c.redirect(back, 303);
});

threadActionRoutes.post(`${THREAD}/p/:id/edit`, async (c) => {
  const { r, post, back } = await target(c);
  const form = await readForm(c);
  await editPost(c.get("deps"), r, post, post.parentId ? { body: formText(form, "body") } : { title: formText(form, "title"), body: formText(form, "body") });
  return c.redirect(back, 303);
});

threadActionRoutes.post(`${THREAD}/p/:id/delete`, async (c) => {
  const { r, post, back } = await target(c);
  await deletePost(c.get("deps"), r, post);
  return c.redirect(post.parentId ? back.split("#")[0]! : spaceBase(r.community, r.space), 303);
});

for (const [path, flag] of [["pin", "pinned"], ["lock", "locked"]] as [string, ThreadFlag][]) {
  threadActionRoutes.post(`${THREAD}/p/:id/${path}`, async (c) => {
    const { r, post, back } = await target(c);
    await setThreadFlag(c.get("deps"), r, post, flag, formText(await readForm(c), "on") !== "0");
    return c.redirect(back, 303);
  });
}
