// Schemas used across resources: the error body, identifiers, timestamps.
import { z } from "zod";

export const ErrorBody = z
  .object({
    error: z.string().meta({ example: "validation_failed" }),
    code: z.string().meta({ example: "validation_failed", description: "One of the ErrorCode values (components.schemas.ErrorCode)" }),
    message: z.string(),
    issues: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
  })
  .meta({ id: "Error" });

export const IsoTimestamp = z.string().meta({ format: "date-time", example: "2026-11-22T10:00:00.000Z" });
export const Environment = z.enum(["live", "test"]);
export const ProjectId = z.string().regex(/^prj_[A-Za-z0-9]{16}$/);
