import type { Context } from "hono";
import { STAFF_ROLES, type Community, type StaffRole } from "../../drizzle";
import type { AppEnv, Viewer } from "../app-env";
import { requireStaff, type StaffAccess } from "../auth/roles";
import { getCommunityBySlug } from "./service";

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
  const community = await getCommunityBySlug(c.get("deps").db, c.req.param("slug") ?? "");
  const { viewer, role } = await requireStaff(c, community.id, roles);
  return { community, viewer, role };
}

export const OWNERS_ONLY: readonly StaffRole[] = ["owner"];

/** The success message for a `?done=` code, or null for an unknown one (never echoes the query). */
export function flashFor(c: Context<AppEnv>, messages: Record<string, string>): string | null {
  const done = c.req.query("done");
  return done && Object.hasOwn(messages, done) ? messages[done]! : null;
}
