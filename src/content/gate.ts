import type { Context } from "hono";
import type { Community } from "../../drizzle";
import type { AppEnv } from "../app-env";
import { communityAccess } from "../auth/community-access";
import { requireViewer } from "../auth/session";
import { AppError } from "../lib/errors";
import { prefetchedDrop } from "../auth/session-read";
import { getDrop } from "./drops";
import { dropFrom, type DropWithTargets } from "./drop-rows";
import { dropState, readerOf, type Reader } from "./release";

/**
 * The content gate: `accessFor` (read with the session: `viewerGate`) says who the person is in
 * the community, `readerOf` turns that into a reader (or nobody), and `dropState` decides per
 * drop. Every content exit goes through here.
 */

export type GatedDrop = DropWithTargets & { state: "open" | "teaser"; unlockAt: Date };

/**
 * The drop as this reader may see it: open or teaser. Anything else is a 404, the same answer as
 * for a drop that does not exist, so nobody learns what is planned or aimed at other tiers.
 */
function gate(found: DropWithTargets, reader: Reader | null, now: Date): GatedDrop {
  const view = reader ? dropState(found.drop, found.targets, reader, now) : { state: "hidden" as const };
  if (view.state === "hidden") throw AppError.notFound("Drop");
  return { ...found, state: view.state, unlockAt: view.unlockAt };
}

/**
 * The signed-in viewer as a reader of the community named by the `slug` path parameter: the
 * community (404 when there is none), sign-in (redirect or 401), then `accessFor`'s decision and
 * the reader it allows. With a session, the community and the access come in the session's own
 * batch, so this is one round trip.
 */
export async function viewerGate(c: Context<AppEnv>) {
  const deps = c.get("deps");
  const { community, access } = await communityAccess(c, c.req.param("slug") ?? "");
  const viewer = await requireViewer(c);
  const reader = readerOf(access!);
  return { deps, community, viewer, access: access!, reader, staff: isStaffReader(reader) };
}

/**
 * The drop the path names (`:id`) as this reader may see it, open or teaser (404 otherwise).
 * On a drop's pages and API the session's batch has read it already (`prefetchedDrop`), so this
 * costs no round trip; elsewhere one.
 */
export async function gatedDropOf(c: Context<AppEnv>, community: Pick<Community, "id" | "slug">, reader: Reader | null): Promise<GatedDrop> {
  if (!reader) throw AppError.notFound("Drop");
  const deps = c.get("deps");
  const dropId = c.req.param("id") ?? "";
  const rows = prefetchedDrop(c, community.slug, dropId);
  return gate(rows ? dropFrom(rows, dropId) : await getDrop(deps.db, community.id, dropId), reader, deps.now());
}

/** `gatedDropOf`, open only (a teaser is a 404 here too). */
export async function openDropOf(c: Context<AppEnv>, community: Pick<Community, "id" | "slug">, reader: Reader | null): Promise<GatedDrop> {
  const gated = await gatedDropOf(c, community, reader);
  if (gated.state !== "open") throw AppError.notFound("Drop");
  return gated;
}

/** Staff only: owners, moderators, operators. */
export function isStaffReader(reader: Reader | null): boolean {
  return reader?.kind === "staff";
}
