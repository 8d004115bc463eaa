import { AppError } from "./errors";

/** A keyset position: the sort time (ms) and id of the last row of the previous page. */
export interface Keyset {
  at: number;
  id: string;
}

/** "<ms>.<id>": the position after which the next page starts. */
export const cursorOf = (at: Date | number, id: string): string => `${typeof at === "number" ? at : at.getTime()}.${id}`;

/** Reads a cursor made by `cursorOf`; a malformed one is a 400 naming `field`. */
export function parseCursor(raw: string | undefined | null, field: string): Keyset | null {
  if (!raw) return null;
  const m = /^(\d{1,15})\.([0-9a-z_]{1,64})$/.exec(raw);
  if (!m) throw AppError.validation([{ field, message: "Not a cursor from a previous page" }]);
  return { at: Number(m[1]), id: m[2]! };
}
