/** Stripe-shaped API errors: `{ error: { type, message, code, param } }` with a 4xx status. */
export class StripeApiError extends Error {
  constructor(
    readonly status: number,
    readonly type: string,
    message: string,
    readonly code?: string,
    readonly param?: string,
    readonly extra: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = "StripeApiError";
  }

  toBody(): { error: Record<string, unknown> } {
    return {
      error: {
        type: this.type,
        message: this.message,
        ...(this.code ? { code: this.code } : {}),
        ...(this.param ? { param: this.param } : {}),
        ...this.extra,
      },
    };
  }
}

const INVALID = "invalid_request_error";

export const missingParam = (param: string) =>
  new StripeApiError(400, INVALID, `Missing required param: ${param}.`, "parameter_missing", param);

export const invalidParam = (message: string, param?: string, code = "parameter_invalid") =>
  new StripeApiError(400, INVALID, message, code, param);

export const noSuch = (label: string, id: string, param = "id") =>
  new StripeApiError(404, INVALID, `No such ${label}: '${id}'`, "resource_missing", param);

export const badState = (message: string, code: string, extra: Record<string, unknown> = {}) =>
  new StripeApiError(400, INVALID, message, code, undefined, extra);

export const conflict = (message: string) =>
  new StripeApiError(409, INVALID, message, "resource_conflict");

export const idempotencyError = (message: string, status = 400) =>
  new StripeApiError(status, "idempotency_error", message, "idempotency_key_in_use");
