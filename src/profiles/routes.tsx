import { and, eq } from "drizzle-orm";
import { Hono, type Context } from "hono";
import { memberProfiles } from "../../drizzle";
import type { AppEnv } from "../app-env";
import { communityAccess } from "../auth/community-access";
import { requireViewer } from "../auth/session";
import { AppError } from "../lib/errors";
import { avatarResponse } from "./avatars";
import { renderProfilePage } from "./page";
import { ownProfile, saveProfile } from "./service";

/** The profile page of the signed-in member or staff, and avatars, which only the community sees. */

/** Members in good standing or grace, and staff: everyone `accessOf` gives a role in the community. */
async function insider(c: Context<AppEnv>) {
  const { community, access } = await communityAccess(c, c.req.param("slug") ?? "");
  const viewer = await requireViewer(c);
  return { deps: c.get("deps"), community, viewer, allowed: !!access && access.role !== "none" };
}

export const profileRoutes = new Hono<AppEnv>()
  .get("/c/:slug/profile", async (c) => {
    const { deps, community, viewer, allowed } = await insider(c);
    if (!allowed) throw AppError.forbidden(`Only members and staff of ${community.name} have a profile there`);
    c.header("Cache-Control", "private, no-store");
    const { profile, shown } = await ownProfile(deps.db, community, viewer.email);
    const values = { displayName: profile?.displayName ?? (shown.name.startsWith("Member ") ? "" : shown.name), bio: profile?.bio ?? "" };
    return c.html(renderProfilePage({ community, shown, values, saved: c.req.query("saved") === "1" }));
  })
  .post("/c/:slug/profile", async (c) => {
    const { deps, community, viewer, allowed } = await insider(c);
    if (!allowed) throw AppError.forbidden(`Only members and staff of ${community.name} have a profile there`);
    const body = await c.req.parseBody();
    const text = (v: unknown) => (typeof v === "string" ? v : "");
    const values = { displayName: text(body.displayName), bio: text(body.bio) };
    const avatar = body.avatar instanceof File ? body.avatar : null;
    try {
      await saveProfile(deps, c.env.FILES, community, viewer.email, { ...values, removeAvatar: body.removeAvatar === "on" }, avatar);
    } catch (err) {
      if (!(err instanceof AppError) || !err.details?.length) throw err;
      // The form again, with what was typed and each problem next to its field.
      const { shown } = await ownProfile(deps.db, community, viewer.email);
      const errors = Object.fromEntries(err.details.map((d) => [d.field, d.message]));
      return c.html(renderProfilePage({ community, shown, values, errors }), err.status);
    }
    return c.redirect(`/c/${community.slug}/profile?saved=1`, 303);
  })
  .get("/c/:slug/avatars/:token", async (c) => {
    const { deps, community, allowed } = await insider(c);
    const token = c.req.param("token");
    // Outsiders learn nothing, not even whether the avatar exists.
    if (!allowed || !/^[0-9a-z]{32}$/.test(token)) throw AppError.notFound("Avatar");
    const key = `avatars/${community.id}/${token}`;
    const row = await deps.db
      .select({ type: memberProfiles.avatarType })
      .from(memberProfiles)
      .where(and(eq(memberProfiles.communityId, community.id), eq(memberProfiles.avatarKey, key)))
      .get();
    if (!row?.type) throw AppError.notFound("Avatar");
    return avatarResponse(c.env.FILES, key, row.type);
  });
