import type { Context } from "hono";
import type { AppEnv } from "../app-env";
import { communityAccess } from "../auth/community-access";
import { requireViewer } from "../auth/session";

/**
 * Who has a profile in the community named by `{slug}`, and sees others' avatars there: everyone
 * `accessOf` gives a role (members in good standing or grace, moderators, owners, operators).
 * Signed-out callers are sent to sign in (pages) or get 401 (API).
 */
export async function profileAccess(c: Context<AppEnv>) {
  const { community, access } = await communityAccess(c, c.req.param("slug") ?? "");
  const viewer = await requireViewer(c);
  return { deps: c.get("deps"), community, viewer, allowed: !!access && access.role !== "none" };
}

export const notInside = (communityName: string) => `Only members and staff of ${communityName} have a profile there`;
