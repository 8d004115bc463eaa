import { and, eq, inArray, type SQLWrapper } from "drizzle-orm";
import { dropFiles, type DropFile } from "../../drizzle";
import type { Deps } from "../env";
import type { Db } from "../lib/db";
import { AppError } from "../lib/errors";
import { newId, newSecretToken } from "../lib/ids";
import { ALLOWED_TYPES, contentMatches } from "../lib/content-type";

export { ALLOWED_TYPES };

/**
 * Files attached to drops. Objects live in R2 under an unguessable key (`drops/<drop>/<160-bit
 * token>`), and are only ever served by the drop file route after the access check; the key is
 * never shown to anyone.
 */

export const MAX_FILE_BYTES = 10 * 1024 * 1024;
export const MAX_FILES_PER_DROP = 20;

/**
 * A display name without paths, control characters or bidirectional controls: an override
 * (U+202E) would show "invoice\u202Efdp.exe" as "invoiceexe.pdf" to everyone who downloads it.
 */
export function cleanFilename(name: string): string {
  const base = name.split(/[\\/]/).pop() ?? "";
  const clean = base.replace(/[\u0000-\u001f\u007f"\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g, "").trim().slice(0, 200);
  return clean || "file";
}

/**
 * An uploaded file checked before anything is stored: not empty, within the size limit, an
 * allowed type, and content that really is that type. Drops and member posts share these checks.
 */
export async function checkUpload(file: File): Promise<{ type: string; bytes: Uint8Array; filename: string }> {
  const type = (file.type || "").split(";")[0]!.trim().toLowerCase();
  if (file.size === 0) throw AppError.validation([{ field: "file", message: "Choose a file to upload" }]);
  if (file.size > MAX_FILE_BYTES) throw AppError.validation([{ field: "file", message: `Files are limited to ${MAX_FILE_BYTES / 1024 / 1024} MB` }]);
  if (!ALLOWED_TYPES.includes(type)) throw AppError.validation([{ field: "file", message: "Allowed: PDF, PNG, JPEG, GIF, WebP, ZIP, text, CSV, Markdown" }]);
  const bytes = new Uint8Array(await file.arrayBuffer());
  if (!contentMatches(type, bytes)) throw AppError.validation([{ field: "file", message: `The file's content is not ${type}` }]);
  return { type, bytes, filename: cleanFilename(file.name) };
}

export async function addDropFile(deps: Pick<Deps, "db" | "now">, bucket: R2Bucket, dropId: string, file: File): Promise<DropFile> {
  const { type, bytes, filename } = await checkUpload(file);
  const count = await deps.db.$count(dropFiles, eq(dropFiles.dropId, dropId));
  if (count >= MAX_FILES_PER_DROP) throw AppError.conflict(`A drop holds at most ${MAX_FILES_PER_DROP} files`);
  const row = { id: newId("file"), dropId, r2Key: `drops/${dropId}/${newSecretToken()}`, filename, contentType: type, size: file.size, createdAt: deps.now() };
  await bucket.put(row.r2Key, bytes, { httpMetadata: { contentType: type } });
  await deps.db.insert(dropFiles).values(row);
  return row;
}

/** A drop's files, oldest first: a query, so a batch can carry it. */
export function listDropFiles(db: Db, dropId: string) {
  return db.select().from(dropFiles).where(eq(dropFiles.dropId, dropId)).orderBy(dropFiles.createdAt);
}

/** Files of several drops at once, by drop. */
export async function filesOfDrops(db: Db, dropIds: string[] | SQLWrapper): Promise<Map<string, DropFile[]>> {
  if (Array.isArray(dropIds) && !dropIds.length) return new Map();
  return filesByDrop(await filesQuery(db, dropIds));
}

/** The files of some drops (ids, or a subquery yielding them), oldest first: a query, so a batch can carry it. */
export function filesQuery(db: Db, dropIds: string[] | SQLWrapper) {
  return db.select().from(dropFiles).where(inArray(dropFiles.dropId, dropIds)).orderBy(dropFiles.createdAt);
}

/** `filesQuery`'s rows by drop. */
export function filesByDrop(rows: DropFile[]): Map<string, DropFile[]> {
  const out = new Map<string, DropFile[]>();
  for (const f of rows) out.set(f.dropId, [...(out.get(f.dropId) ?? []), f]);
  return out;
}

export async function getDropFile(db: Db, dropId: string, fileId: string): Promise<DropFile> {
  const row = await db.select().from(dropFiles).where(and(eq(dropFiles.id, fileId), eq(dropFiles.dropId, dropId))).get();
  if (!row) throw AppError.notFound("File");
  return row;
}

export async function deleteDropFile(db: Db, bucket: R2Bucket, dropId: string, fileId: string): Promise<void> {
  const file = await getDropFile(db, dropId, fileId);
  await bucket.delete(file.r2Key);
  await db.delete(dropFiles).where(eq(dropFiles.id, file.id));
}

/** RFC 6266 attachment header with an ASCII fallback and the UTF-8 name. */
export function attachmentHeader(filename: string): string {
  const ascii = filename.replace(/[^\x20-\x7e]/g, "_").replace(/[\\"]/g, "_");
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(filename)}`;
}

/**
 * The response for a file the caller already passed the access check for: streamed from R2,
 * always as a download, never cached, never sniffed or rendered as a page.
 */
export async function fileResponse(bucket: R2Bucket, file: Pick<DropFile, "r2Key" | "contentType" | "filename">): Promise<Response> {
  const object = await bucket.get(file.r2Key);
  if (!object) throw AppError.notFound("File");
  return new Response(object.body, {
    headers: {
      "content-type": file.contentType,
      "content-length": String(object.size),
      "content-disposition": attachmentHeader(file.filename),
      "cache-control": "private, no-store",
      "x-content-type-options": "nosniff",
      "content-security-policy": "default-src 'none'; sandbox",
    },
  });
}
