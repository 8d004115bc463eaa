import { contentMatches } from "../lib/content-type";
import { AppError } from "../lib/errors";

/**
 * Avatars: small images only, their type read from their bytes (never from the name or the
 * declared type), stored in R2 under an unguessable key and served only after the access check.
 */

export const MAX_AVATAR_BYTES = 512 * 1024;
export const AVATAR_TYPES = ["image/png", "image/jpeg", "image/webp", "image/gif"] as const;

const invalid = (message: string) => AppError.validation([{ field: "avatar", message }]);

/** The image's bytes and its type as its content says, or a 400 naming the avatar field. */
export async function readAvatar(file: File): Promise<{ bytes: Uint8Array; type: string }> {
  if (file.size === 0) throw invalid("The image is empty");
  if (file.size > MAX_AVATAR_BYTES) throw invalid(`Avatars are limited to ${MAX_AVATAR_BYTES / 1024} KB`);
  const bytes = new Uint8Array(await file.arrayBuffer());
  const type = AVATAR_TYPES.find((t) => contentMatches(t, bytes));
  if (!type) throw invalid("Use a PNG, JPEG, WebP or GIF image");
  return { bytes, type };
}

/**
 * The avatar for someone who passed the access check. Private: browsers may keep it for an hour
 * (a new image gets a new URL), shared caches never; never sniffed, never run as a page.
 */
export async function avatarResponse(bucket: R2Bucket, key: string, type: string): Promise<Response> {
  const object = await bucket.get(key);
  if (!object) throw AppError.notFound("Avatar");
  return new Response(object.body, {
    headers: {
      "content-type": type,
      "content-length": String(object.size),
      "cache-control": "private, max-age=3600",
      "x-content-type-options": "nosniff",
      "content-security-policy": "default-src 'none'; sandbox",
    },
  });
}
