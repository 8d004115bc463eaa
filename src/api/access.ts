import type { Context } from "hono";
import { createMiddleware } from "hono/factory";
import type { Application, Community, StaffRole } from "../../drizzle";
import type { AppEnv, Viewer } from "../app-env";
import { getApplication } from "../applications/service";
import { isOperator, requireStaff, staffRoleOf, type StaffAccess } from "../auth/roles";
import { communityAccess } from "../auth/community-access";
import { requireViewer } from "../auth/session";
import { getCommunityById } from "../communities/service";
import { AppError } from "../lib/errors";

/**
 * Access checks run as route middleware, before the request is validated: a signed-out caller
 * always gets 401 and someone without the role 403, whatever they sent, and neither learns
 * whether their input would have been accepted.
 */
export interface StaffAccessInfo {
  viewer: Viewer;
  role: StaffAccess;
  community: Community;
}

/** A middleware that loads something once and hands it to the handler as `c.var.staff`. */
function providingStaff<S>(load: (c: Context<AppEnv>) => Promise<S>) {
  return createMiddleware<AppEnv & { Variables: { staff: S } }>(async (c, next) => {
    // Hono's Context is invariant in its env; this env is AppEnv plus `staff`, so the cast is exact.
    c.set("staff", await load(c as unknown as Context<AppEnv>));
    await next();
  });
}

export const operatorOnly = createMiddleware<AppEnv>(async (c, next) => {
  const viewer = await requireViewer(c);
  if (!isOperator(c.get("deps").config, viewer.email)) throw AppError.forbidden("Only operators can do this");
  await next();
});

/** Staff (or, with `roles`, only those roles) of the community named by the `{slug}` path parameter. */
export function communityStaff(roles?: readonly StaffRole[]) {
  return providingStaff<StaffAccessInfo>(async (c) => {
    const viewer = await requireViewer(c);
    // The community and the caller's access came with the session (one round trip in all).
    const { community, access } = await communityAccess(c, c.req.param("slug") ?? "");
    return { viewer, role: staffRoleOf(access!, roles), community };
  });
}

/** Staff of the community that the application named by the `{id}` path parameter belongs to. */
export const applicationStaff = providingStaff<StaffAccessInfo & { application: Application }>(async (c) => {
  await requireViewer(c);
  const { db } = c.get("deps");
  const application = await getApplication(db, c.req.param("id") ?? "");
  const community = await getCommunityById(db, application.communityId);
  const { viewer, role } = await requireStaff(c, community.id);
  return { viewer, role, community, application };
});

/** Any signed-in person (401 otherwise, before the input is looked at); the handler reads `requireViewer`. */
export const signedIn = createMiddleware<AppEnv>(async (c, next) => {
  await requireViewer(c);
  await next();
});
