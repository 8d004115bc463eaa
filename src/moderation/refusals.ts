import { AppError } from "../lib/errors";

/** A refusal the page shows in place (bad reason, already removed...); anything else goes to the error handler. */
export function shownStatus(e: unknown): 400 | 403 | 409 | 429 {
  if (e instanceof AppError && [400, 403, 409, 429].includes(e.status)) return e.status as 400 | 403 | 409 | 429;
  throw e;
}
