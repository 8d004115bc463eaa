import { and, eq } from "drizzle-orm";
import { Hono } from "hono";
import { memberProfiles } from "../../drizzle";
import type { AppEnv } from "../app-env";
import { AppError } from "../lib/errors";
import { notInside, profileAccess } from "./access";
import { avatarResponse } from "./avatars";
import { renderProfilePage } from "./page";
import { peopleRoutes } from "./people-routes";
import { DEFAULT_NAME_PATTERN } from "./schemas";
import { ownProfile, saveProfile } from "./service";

/** The profile page of the signed-in member or staff, and avatars, which only the community sees. */

export const profileRoutes = new Hono<AppEnv>()
  .get("/c/:slug/profile", async (c) => {
    const { deps, community, viewer, allowed } = await profileAccess(c);
    if (!allowed) throw AppError.forbidden(notInside(community.name));
    c.header("Cache-Control", "private, no-store");
    const own = await ownProfile(deps.db, community, viewer.email);
    const { profile, shown } = own;
    // A neutral default is not a name to keep: the field starts empty so the person picks one.
    const values = {
      displayName: profile?.displayName ?? (DEFAULT_NAME_PATTERN.test(shown.name) ? "" : shown.name),
      bio: profile?.bio ?? "",
      city: profile?.city ?? "",
      links: (profile?.links ?? []).join("\n"),
      shownQuestions: own.shownQuestions,
    };
    return c.html(renderProfilePage({ community, own, values, saved: c.req.query("saved") === "1" }));
  })
  .post("/c/:slug/profile", async (c) => {
    const { deps, community, viewer, allowed } = await profileAccess(c);
    if (!allowed) throw AppError.forbidden(notInside(community.name));
    const body = await c.req.parseBody({ all: true });
    const text = (v: unknown) => (typeof v === "string" ? v : "");
    const list = (v: unknown) => (Array.isArray(v) ? v : v == null ? [] : [v]).filter((x): x is string => typeof x === "string");
    const values = { displayName: text(body.displayName), bio: text(body.bio), city: text(body.city), links: text(body.links), shownQuestions: list(body.shown) };
    const avatar = body.avatar instanceof File ? body.avatar : null;
    const links = values.links.split(/\r?\n/).map((l) => l.trim()).filter(Boolean);
    try {
      await saveProfile(deps, c.env.FILES, community, viewer.email, { ...values, links, removeAvatar: body.removeAvatar === "on" }, avatar);
    } catch (err) {
      if (!(err instanceof AppError) || !err.details?.length) throw err;
      // The form again, with what was typed and each problem next to its field.
      const own = await ownProfile(deps.db, community, viewer.email);
      const errors = Object.fromEntries(err.details.map((d) => [d.field.replace(/^(links|shownQuestions)\.\d+$/, "$1"), d.message]));
      return c.html(renderProfilePage({ community, own, values, errors }), err.status);
    }
    return c.redirect(`/c/${community.slug}/profile?saved=1`, 303);
  })
  .get("/c/:slug/avatars/:token", async (c) => {
    const { deps, community, allowed } = await profileAccess(c);
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
  })
  .route("/", peopleRoutes);
