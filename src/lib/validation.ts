import type { z } from "zod";
import { AppError, type FieldIssue } from "./errors";

/** Turns zod issues into the field list of the standard error body; unknown keys are named one by one. */
export function zodIssues(error: z.ZodError): FieldIssue[] {
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

export function parseOrThrow<T extends z.ZodType>(schema: T, data: unknown): z.infer<T> {
  const result = schema.safeParse(data);
  if (!result.success) throw AppError.validation(zodIssues(result.error));
  return result.data;
}
