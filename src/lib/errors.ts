import { HTTPException } from "hono/http-exception";
import type { ContentfulStatusCode } from "hono/utils/http-status";

export type ErrorCode =
  | "bad_request"
  | "validation_failed"
  | "unauthenticated"
  | "forbidden"
  | "not_found"
  | "conflict"
  | "payment_required"
  | "invalid_signature"
  | "stripe_error"
  | "misconfigured"
  | "payload_too_large"
  | "rate_limited"
  | "internal";

export interface FieldIssue {
  field: string;
  message: string;
}

/** The one error type: a machine code, a human message, optional per-field details. */
export class AppError extends HTTPException {
  readonly code: ErrorCode;
  readonly details?: FieldIssue[];
  /** Sent as `Retry-After` (seconds) with the error response. */
  retryAfterSeconds?: number;

  constructor(status: ContentfulStatusCode, code: ErrorCode, message: string, details?: FieldIssue[]) {
    super(status, { message });
    this.code = code;
    this.details = details;
  }

  static tooMany(message: string, retryAfterSeconds: number): AppError {
    const err = new AppError(429, "rate_limited", message);
    err.retryAfterSeconds = retryAfterSeconds;
    return err;
  }

  static validation(details: FieldIssue[], message?: string): AppError {
    const fields = details.map((d) => d.field).join(", ");
    return new AppError(400, "validation_failed", message ?? `Invalid input: ${fields}`, details);
  }
  static notFound(what: string): AppError {
    return new AppError(404, "not_found", `${what} not found`);
  }
  static forbidden(message = "You do not have access to this"): AppError {
    return new AppError(403, "forbidden", message);
  }
  static unauthenticated(message = "Sign in first"): AppError {
    return new AppError(401, "unauthenticated", message);
  }
  static conflict(message: string): AppError {
    return new AppError(409, "conflict", message);
  }
}

export interface ErrorBody {
  error: { code: ErrorCode; message: string; details?: FieldIssue[]; requestId: string };
}

export function errorBody(err: AppError, requestId: string): ErrorBody {
  return {
    error: {
      code: err.code,
      message: err.message,
      ...(err.details ? { details: err.details } : {}),
      requestId,
    },
  };
}
