import { and, eq } from "drizzle-orm";
import { applications, memberProfiles, type Community, type Tier } from "../../drizzle";
import { call, tools } from "../helpers";
import { memberOf } from "../content/helpers";

export const html = { accept: "text/html" };

/** A paying member whose application gave `name` (the shared helper applies with the email's local part). */
export async function namedMember(community: Community, tier: Tier, email: string, name: string) {
  await memberOf(community, tier, email);
  await tools().deps.db.update(applications).set({ name }).where(and(eq(applications.communityId, community.id), eq(applications.email, email)));
}

/** Bytes that start like a PNG, padded to `size`. */
export function png(size = 256): File {
  const bytes = new Uint8Array(size);
  bytes.set([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  return new File([bytes], "me.png", { type: "image/png" });
}

/** The profile form, sent as a browser sends it (multipart, with the file field even when empty). */
export function postProfile(slug: string, cookie: string, fields: { displayName?: string; bio?: string; removeAvatar?: boolean; avatar?: File }) {
  const body = new FormData();
  if (fields.displayName !== undefined) body.set("displayName", fields.displayName);
  if (fields.bio !== undefined) body.set("bio", fields.bio);
  if (fields.removeAvatar) body.set("removeAvatar", "on");
  body.set("avatar", fields.avatar ?? new File([], "", { type: "application/octet-stream" }));
  return call(`/c/${slug}/profile`, { method: "POST", body, cookie, headers: html });
}

export async function profileRow(communityId: string, email: string) {
  return tools().deps.db.select().from(memberProfiles).where(and(eq(memberProfiles.communityId, communityId), eq(memberProfiles.email, email))).get();
}
