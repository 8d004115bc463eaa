import type { Community } from "../../drizzle";
import type { Deps } from "../env";
import { AppError } from "../lib/errors";
import { accessFor, type Access } from "../memberships/access";
import { getDrop, type DropWithTargets } from "./drops";
import { dropState, readerOf, type Reader } from "./release";

/**
 * The content gate: `accessFor` says who the person is in the community, `readerOf` turns that
 * into a reader (or nobody), and `dropState` decides per drop. Every content exit goes through here.
 */

export interface Gate {
  access: Access;
  reader: Reader | null;
}

export async function gateFor(deps: Pick<Deps, "db" | "config" | "now">, community: Pick<Community, "id" | "graceDays">, email: string | null | undefined): Promise<Gate> {
  const access = await accessFor(deps, community, email, deps.now());
  return { access, reader: readerOf(access) };
}

export type GatedDrop = DropWithTargets & { state: "open" | "teaser"; unlockAt: Date };

/**
 * The drop as this reader may see it: open or teaser. Anything else is a 404, the same answer as
 * for a drop that does not exist, so nobody learns what is planned or aimed at other tiers.
 */
export async function gatedDrop(deps: Pick<Deps, "db" | "now">, community: Pick<Community, "id">, dropId: string, reader: Reader | null): Promise<GatedDrop> {
  if (!reader) throw AppError.notFound("Drop");
  const found = await getDrop(deps.db, community.id, dropId);
  const view = dropState(found.drop, found.targets, reader, deps.now());
  if (view.state === "hidden") throw AppError.notFound("Drop");
  return { ...found, state: view.state, unlockAt: view.unlockAt };
}

/** The drop with its body: only when it is open for the reader (a teaser is a 404 here too). */
export async function openDrop(deps: Pick<Deps, "db" | "now">, community: Pick<Community, "id">, dropId: string, reader: Reader | null): Promise<GatedDrop> {
  const gated = await gatedDrop(deps, community, dropId, reader);
  if (gated.state !== "open") throw AppError.notFound("Drop");
  return gated;
}

/** Staff only: owners, moderators, operators. */
export function isStaffReader(reader: Reader | null): boolean {
  return reader?.kind === "staff";
}
