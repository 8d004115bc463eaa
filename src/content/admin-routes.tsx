import { Hono, type Context } from "hono";
import type { AppEnv } from "../app-env";
import { flashFor, loadAdmin, type AdminContext } from "../communities/admin-context";
import { formText, readForm, toFieldErrors } from "../communities/forms";
import { AppError } from "../lib/errors";
import { page } from "../ui/layout";
import { listTiers } from "../tiers/service";
import { ContentPage } from "./content-page";
import { renderDropPage } from "./drop-page";
import { createDrop, deleteDrop, getDrop, listDrops, updateDrop } from "./drops";
import { ConfirmDeletePage, EditorPage, type EditorPageProps } from "./editor-page";
import { addDropFile, deleteDropFile, listDropFiles, MAX_FILE_BYTES } from "./files";
import { emptyValues, parseEditor, readEditor, valuesOf, type EditorValues } from "./form";
import { communityInsights, EMPTY_INSIGHT, insightsOf, reactionsByEmoji } from "./insights";
import { commentsAtOf, listMutes, muteMember, unmuteMember } from "./interaction";
import { readDropPage } from "./drop-read";
import { privatePage } from "./member-routes";
import { ALWAYS } from "./release";

const FLASH = {
  created: "Draft saved.",
  scheduled: "Scheduled. Each tier gets it at its time; members are emailed when it opens for them.",
  saved: "Saved.",
  deleted: "Drop deleted.",
  uploaded: "File attached.",
  removed: "File removed.",
  muted: "Member muted: they can read, not comment or react.",
  unmuted: "Member unmuted.",
};

/** Owners and moderators write, schedule, preview and look after drops. */
export const contentAdminRoutes = new Hono<AppEnv>();
const base = (admin: AdminContext) => `/c/${admin.community.slug}/admin/content`;

contentAdminRoutes.get("/c/:slug/admin/content", async (c) => {
  const admin = await loadAdmin(c);
  const deps = c.get("deps");
  const [drops, insights, mutes] = await Promise.all([listDrops(deps.db, admin.community.id), communityInsights(deps.db, admin.community.id), listMutes(deps, admin.community.id)]);
  return c.html(page(<ContentPage community={admin.community} role={admin.role} drops={drops} insights={insights} mutes={mutes} now={deps.now()} flash={flashFor(c, FLASH)} />));
});

contentAdminRoutes.get("/c/:slug/admin/content/new", async (c) => {
  const admin = await loadAdmin(c);
  const tiers = await listTiers(c.get("deps").db, admin.community.id);
  return c.html(page(<EditorPage community={admin.community} role={admin.role} tiers={tiers} values={emptyValues(tiers, c.get("deps").now())} />));
});

contentAdminRoutes.post("/c/:slug/admin/content/mutes", async (c) => {
  const admin = await loadAdmin(c);
  const form = await readForm(c);
  const days = formText(form, "days");
  await muteMember(c.get("deps"), admin.community.id, { email: formText(form, "email"), reason: formText(form, "reason"), days: days ? Number(days) : null }, admin.viewer.email);
  const back = formText(form, "back");
  return c.redirect(/^drop_[0-9a-z]{20}$/.test(back) ? `/c/${admin.community.slug}/drops/${back}#comments` : `${base(admin)}?done=muted`, 303);
});

contentAdminRoutes.post("/c/:slug/admin/content/mutes/remove", async (c) => {
  const admin = await loadAdmin(c);
  await unmuteMember(c.get("deps").db, admin.community.id, formText(await readForm(c), "email"));
  return c.redirect(`${base(admin)}?done=unmuted`, 303);
});

contentAdminRoutes.post("/c/:slug/admin/content", async (c) => {
  const admin = await loadAdmin(c);
  return saveDrop(c, admin, null);
});

contentAdminRoutes.get("/c/:slug/admin/content/:id", async (c) => renderEditor(c, await loadAdmin(c), c.req.param("id")));

contentAdminRoutes.post("/c/:slug/admin/content/:id", async (c) => {
  const admin = await loadAdmin(c);
  return saveDrop(c, admin, c.req.param("id"));
});

contentAdminRoutes.get("/c/:slug/admin/content/:id/preview", async (c) => {
  const admin = await loadAdmin(c);
  const deps = c.get("deps");
  const found = await getDrop(deps.db, admin.community.id, c.req.param("id"));
  const parts = await readDropPage(deps, admin.community, found.drop, { email: admin.viewer.email, view: false }, commentsAtOf(c.req.query("before"), c.req.query("after")));
  const { comments, names, ...commentNav } = parts.commentPage;
  privatePage(c);
  const unlockAt = found.drop.publishAt ?? ALWAYS;
  return c.html(renderDropPage({ ...found, ...parts, community: admin.community, unlockAt, comments, names, commentNav, viewer: { email: admin.viewer.email, staff: false, muted: false }, preview: true }));
});

// Deleting cannot be undone, so it takes two steps without any script: this page, then its button.
contentAdminRoutes.get("/c/:slug/admin/content/:id/delete", async (c) => {
  const admin = await loadAdmin(c);
  const { drop } = await getDrop(c.get("deps").db, admin.community.id, c.req.param("id"));
  return c.html(page(<ConfirmDeletePage community={admin.community} role={admin.role} drop={drop} />));
});

contentAdminRoutes.post("/c/:slug/admin/content/:id/delete", async (c) => {
  const admin = await loadAdmin(c);
  // A post without the confirmation page's answer (an old form, a stray click) only asks again.
  if (formText(await readForm(c), "confirm") !== "yes") return c.redirect(`${base(admin)}/${encodeURIComponent(c.req.param("id"))}/delete`, 303);
  await deleteDrop(c.get("deps"), c.env.FILES, admin.community, c.req.param("id"));
  return c.redirect(`${base(admin)}?done=deleted`, 303);
});

contentAdminRoutes.post("/c/:slug/admin/content/:id/files", async (c) => {
  const admin = await loadAdmin(c);
  const deps = c.get("deps");
  const { drop } = await getDrop(deps.db, admin.community.id, c.req.param("id"));
  // Refuse an oversized upload before reading it: the body limit plus room for the form around it.
  if (Number(c.req.header("content-length") ?? 0) > MAX_FILE_BYTES + 64 * 1024) return renderEditor(c, admin, drop.id, { errors: { file: "Files are limited to 10 MB" } }, 413);
  const body = await c.req.parseBody();
  const file = body.file;
  if (!(file instanceof File)) return renderEditor(c, admin, drop.id, { errors: { file: "Choose a file to upload" } }, 400);
  try {
    await addDropFile(deps, c.env.FILES, drop.id, file);
  } catch (e) {
    if (!(e instanceof AppError) || e.status >= 500) throw e;
    return renderEditor(c, admin, drop.id, { errors: e.details ? toFieldErrors(e.details) : {}, error: e.details ? null : e.message }, e.status === 409 ? 409 : 400);
  }
  return c.redirect(`${base(admin)}/${drop.id}?done=uploaded`, 303);
});

contentAdminRoutes.post("/c/:slug/admin/content/:id/files/:fileId/delete", async (c) => {
  const admin = await loadAdmin(c);
  const { drop } = await getDrop(c.get("deps").db, admin.community.id, c.req.param("id"));
  await deleteDropFile(c.get("deps").db, c.env.FILES, drop.id, c.req.param("fileId"));
  return c.redirect(`${base(admin)}/${drop.id}?done=removed`, 303);
});

async function saveDrop(c: Context<AppEnv>, admin: AdminContext, dropId: string | null) {
  const deps = c.get("deps");
  const tiers = await listTiers(deps.db, admin.community.id);
  const form = await readForm(c);
  const values = readEditor(form, tiers);
  const intent = formText(form, "intent");
  const { raw, errors } = parseEditor(values, intent);
  const fail = (errs: Record<string, string>) => (dropId ? renderEditor(c, admin, dropId, { values, errors: errs }, 400) : c.html(page(<EditorPage community={admin.community} role={admin.role} tiers={tiers} values={values} errors={errs} />), 400));
  if (Object.keys(errors).length) return fail(errors);
  try {
    const saved = dropId ? await updateDrop(deps, admin.community, dropId, raw) : await createDrop(deps, admin.community, raw, admin.viewer.email);
    const done = !dropId ? (intent === "schedule" ? "scheduled" : "created") : intent === "schedule" && saved.drop.status === "scheduled" ? "scheduled" : "saved";
    return c.redirect(`${base(admin)}/${saved.drop.id}?done=${done}`, 303);
  } catch (e) {
    if (e instanceof AppError && e.details?.length) return fail(toFieldErrors(e.details));
    throw e;
  }
}

async function renderEditor(c: Context<AppEnv>, admin: AdminContext, dropId: string, extra: Partial<Pick<EditorPageProps, "errors" | "error">> & { values?: EditorValues } = {}, status: 200 | 400 | 409 | 413 = 200) {
  const deps = c.get("deps");
  const [{ drop, targets }, tiers] = await Promise.all([getDrop(deps.db, admin.community.id, dropId), listTiers(deps.db, admin.community.id)]);
  const [files, insights, byEmoji] = await Promise.all([listDropFiles(deps.db, drop.id), insightsOf(deps.db, [drop.id]), reactionsByEmoji(deps.db, drop.id)]);
  const insight = { ...(insights.get(drop.id) ?? EMPTY_INSIGHT), byEmoji };
  const values = extra.values ?? valuesOf(drop, targets, tiers);
  const flash = status === 200 ? flashFor(c, FLASH) : null;
  return c.html(page(<EditorPage community={admin.community} role={admin.role} tiers={tiers} values={values} drop={drop} files={files} insight={insight} flash={flash} errors={extra.errors} error={extra.error} />), status);
}
