import type { Context } from "hono";
import { STAFF_ROLES, type StaffRole } from "../../drizzle/communities";
import type { AppEnv, Viewer } from "../app-env";
import type { Config } from "../env";
import { AppError } from "../lib/errors";
import { accessFor, type Access } from "../memberships/access";
import { requireViewer } from "./session";

/** What a person may do in a community: operators act as owners everywhere. */
export type StaffAccess = StaffRole | "operator";

export function isOperator(config: Pick<Config, "operatorEmails">, email: string): boolean {
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
  return { viewer, role: staffRoleOf(access, roles) };
}

/** The staff role `access` grants among `roles`, else a 403. */
export function staffRoleOf(access: Pick<Access, "role">, roles: readonly StaffRole[] = STAFF_ROLES): StaffAccess {
  if (access.role === "operator") return "operator";
  if ((access.role === "owner" || access.role === "moderator") && roles.includes(access.role)) return access.role;
  throw AppError.forbidden();
}
