import { and, asc, eq } from "drizzle-orm";
import type { Context } from "hono";
import { communities, communityStaff, STAFF_ROLES, type StaffRole } from "../../drizzle/communities";
import type { AppEnv, Viewer } from "../app-env";
import type { Config } from "../env";
import type { Db } from "../lib/db";
import { AppError } from "../lib/errors";
import { accessFor } from "../memberships/access";
import { requireViewer } from "./session";

/** What a person may do in a community: operators act as owners everywhere. */
export type StaffAccess = StaffRole | "operator";

export function isOperator(config: Config, email: string): boolean {
  return config.operatorEmails.includes(email.trim().toLowerCase());
}

/**
 * The signed-in viewer with one of `roles` in the community, else the request stops:
 * sign-in first (redirect or 401), then 403 for anyone without the role.
 */
export async function requireStaff(
  c: Context<AppEnv>,
  communityId: string,
  roles: readonly StaffRole[] = STAFF_ROLES,
): Promise<{ viewer: Viewer; role: StaffAccess }> {
  const viewer = await requireViewer(c);
  const deps = c.get("deps");
  // The one access check decides; grace periods do not matter for staff, hence graceDays 0.
  const access = await accessFor(deps, { id: communityId, graceDays: 0 }, viewer.email, deps.now());
  if (access.role === "operator") return { viewer, role: "operator" };
  if ((access.role === "owner" || access.role === "moderator") && roles.includes(access.role)) return { viewer, role: access.role };
  throw AppError.forbidden();
}

/** Communities the person helps run, for their home page: every community for an operator. */
export async function listStaffCommunities(
  db: Db,
  config: Config,
  email: string,
): Promise<{ slug: string; name: string; role: StaffAccess }[]> {
  if (isOperator(config, email)) {
    const rows = await db
      .select({ slug: communities.slug, name: communities.name })
      .from(communities)
      .orderBy(asc(communities.name))
      .limit(200);
    return rows.map((r) => ({ ...r, role: "operator" as const }));
  }
  return db
    .select({ slug: communities.slug, name: communities.name, role: communityStaff.role })
    .from(communityStaff)
    .innerJoin(communities, eq(communities.id, communityStaff.communityId))
    .where(eq(communityStaff.email, email.trim().toLowerCase()))
    .orderBy(asc(communities.name))
    .limit(200);
}
