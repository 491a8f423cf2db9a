// The one error exit: every failure becomes the flat {error, code, message} body with its status.
import type { Context } from "hono";
import { HTTPException } from "hono/http-exception";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import type { ZodError } from "zod";
import type { Failure } from "../shared/result";

export class ApiError extends Error {
  constructor(
    readonly status: ContentfulStatusCode,
    readonly code: Failure["code"],
    message: string,
    readonly extra: Record<string, unknown> = {},
    /** Headers a protocol mandates on this error (e.g. Durable Streams' Stream-Closed on 409). */
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
}

/** The one converter from a failure that crossed the object boundary (src/shared/result.ts) to the error exit. */
export const failureError = (failure: Failure) => new ApiError(failure.status, failure.code, failure.message, failure.extra, failure.headers);

export const errorBody = (code: Failure["code"], message: string, extra: Record<string, unknown> = {}) => ({
  error: code,
  code,
  message,
  ...extra,
});

export function validationError(error: ZodError, where: string): ApiError {
  const issues = error.issues.map((issue) => ({ path: issue.path.join("."), message: issue.message }));
  const first = issues[0];
  const summary = first ? `${first.path || where}: ${first.message}` : "invalid input";
  return new ApiError(400, "validation_failed", `Invalid ${where}: ${summary}`, { issues });
}

const isContentful = (status: number): status is ContentfulStatusCode => status >= 200 && status !== 204 && status !== 205 && status !== 304;

/** Codes for errors raised by Hono itself (body parsing, body limit) rather than by our handlers. */
function fromHttpException(error: HTTPException): ApiError {
  if (error.status === 400 && /json/i.test(error.message)) {
    return new ApiError(400, "invalid_json", "The request body is not valid JSON");
  }
  if (error.status === 413) return new ApiError(413, "payload_too_large", "The request body is too large");
  if (error.status === 415) {
    return new ApiError(415, "unsupported_media_type", "Send the body as JSON with Content-Type: application/json");
  }
  const status = isContentful(error.status) ? error.status : 500;
  return new ApiError(status, "http_error", error.message || "Request failed");
}

export function renderError(error: Error, c: Context): Response {
  const apiError = error instanceof ApiError ? error : error instanceof HTTPException ? fromHttpException(error) : undefined;
  if (!apiError) {
    console.error("unhandled error", c.get("requestId"), error);
    return c.json(errorBody("internal_error", "Something went wrong on our side; retry later"), 500);
  }
  return c.json(errorBody(apiError.code, apiError.message, apiError.extra), apiError.status, apiError.headers);
}

export const notFound = (what: string) => new ApiError(404, "not_found", `${what} not found`);
