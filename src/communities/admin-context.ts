import type { Context } from "hono";
import { STAFF_ROLES, type Community, type StaffRole } from "../../drizzle";
import type { AppEnv, Viewer } from "../app-env";
import { communityAccess } from "../auth/community-access";
import { staffRoleOf, type StaffAccess } from "../auth/roles";
import { requireViewer } from "../auth/session";

export interface AdminContext {
  community: Community;
  viewer: Viewer;
  role: StaffAccess;
}

/**
 * The community named by `:slug` and the signed-in staff member acting on it. An unknown slug
 * is a 404; signed-out visitors are sent to sign in; anyone without one of `roles` gets a 403.
 */
export async function loadAdmin(c: Context<AppEnv>, roles: readonly StaffRole[] = STAFF_ROLES): Promise<AdminContext> {
  // The community and the viewer's access come with the session's own batch (auth/community-access.ts).
  const { community, access } = await communityAccess(c, c.req.param("slug") ?? "");
  const viewer = await requireViewer(c);
  return { community, viewer, role: staffRoleOf(access!, roles) };
}

export const OWNERS_ONLY: readonly StaffRole[] = ["owner"];

/** Owners and operators manage a community: its settings, money, members and staff. */
export const canManage = (role: StaffAccess) => role === "owner" || role === "operator";

/** The success message for a `?done=` code, or null for an unknown one (never echoes the query). */
export function flashFor(c: Context<AppEnv>, messages: Record<string, string>): string | null {
  const done = c.req.query("done");
  return done && Object.hasOwn(messages, done) ? messages[done]! : null;
}
