/**
 * Which types uploads may have, and whether bytes really are of the type claimed: drop files and
 * avatars both trust the content, never the name or the declared type.
 */

/** Allowed types and the leading bytes their content must start with (null: text, checked otherwise). */
const MAGIC: Record<string, number[][] | null> = {
  "application/pdf": [[0x25, 0x50, 0x44, 0x46, 0x2d]],
  "image/png": [[0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]],
  "image/jpeg": [[0xff, 0xd8, 0xff]],
  "image/gif": [[0x47, 0x49, 0x46, 0x38]],
  "image/webp": [[0x52, 0x49, 0x46, 0x46]],
  "application/zip": [[0x50, 0x4b, 0x03, 0x04]],
  "text/plain": null,
  "text/csv": null,
  "text/markdown": null,
};
export const ALLOWED_TYPES = Object.keys(MAGIC);

function startsWith(bytes: Uint8Array, magic: number[]): boolean {
  return magic.every((b, i) => bytes[i] === b);
}

/** Whether the bytes are what the declared type says: magic numbers for binaries, UTF-8 without NUL for text. */
export function contentMatches(type: string, bytes: Uint8Array): boolean {
  const magic = MAGIC[type];
  if (magic === undefined) return false;
  if (magic) return magic.some((m) => startsWith(bytes, m)) && (type !== "image/webp" || new TextDecoder().decode(bytes.slice(8, 12)) === "WEBP");
  if (bytes.includes(0)) return false;
  try {
    new TextDecoder("utf-8", { fatal: true, ignoreBOM: false }).decode(bytes);
    return true;
  } catch {
    return false;
  }
}

