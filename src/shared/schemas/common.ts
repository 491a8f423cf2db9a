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

/**
 * Python clients send unset optional fields as `null`: in a request body, a `null` where the
 * field's schema does not take null (or takes anything and is optional) means "absent" and is
 * dropped before validation, in nested objects too. A field that takes null on purpose (a PATCH
 * clearing a value) keeps it.
 */
export function nullsAsAbsent<T extends z.ZodType>(schema: T) {
  return z.preprocess((value) => dropNulls(schema, value), schema);
}

function dropNulls(schema: z.core.$ZodType, value: unknown): unknown {
  const shape = objectShape(schema);
  if (!shape || typeof value !== "object" || value === null || Array.isArray(value)) return value;
  const kept: Record<string, unknown> = {};
  for (const [key, field] of Object.entries(value)) {
    const fieldSchema = shape[key];
    if (field === null && fieldSchema && nullMeansAbsent(fieldSchema)) continue;
    kept[key] = fieldSchema ? dropNulls(fieldSchema, field) : field;
  }
  return kept;
}

/** A field that cannot hold null, or an optional one of any value (`mocks`): null there is "not sent". */
function nullMeansAbsent(field: z.core.$ZodType): boolean {
  if (!z.safeParse(field, null).success) return true;
  return field instanceof z.ZodOptional && field.unwrap() instanceof z.ZodUnknown;
}

/** The object shape under optional, default and nullable wrappers, if the schema is an object. */
function objectShape(schema: z.core.$ZodType): Record<string, z.core.$ZodType> | null {
  if (schema instanceof z.ZodObject) return schema.shape;
  if (schema instanceof z.ZodOptional || schema instanceof z.ZodNullable || schema instanceof z.ZodDefault) return objectShape(schema.unwrap());
  return null;
}
