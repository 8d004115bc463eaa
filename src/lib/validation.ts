import { safeParse } from "zod/mini";
import type * as core from "zod/v4/core";
import { AppError, type FieldIssue } from "./errors";

/** Turns zod issues into the field list of the standard error body; unknown keys are named one by one. */
export function zodIssues(error: core.$ZodError): FieldIssue[] {
  const out: FieldIssue[] = [];
  for (const issue of error.issues) {
    const base = issue.path.map(String).join(".");
    if (issue.code === "unrecognized_keys") {
      for (const key of issue.keys) out.push({ field: base ? `${base}.${key}` : key, message: "Unknown field" });
    } else {
      out.push({ field: base || "body", message: issue.message });
    }
  }
  return out;
}

/** Parses with a zod schema, answering bad input with the standard validation error. */
export function parseOrThrow<T extends core.$ZodType>(schema: T, data: unknown): core.output<T> {
  const result = safeParse(schema, data);
  if (!result.success) throw AppError.validation(zodIssues(result.error));
  return result.data;
}
