// Vitest's asymmetric matchers (expect.any, expect.stringContaining, ...) are typed `any`; these
// hand them on as `unknown`, so the lint rules against `any` stay on in the tests. Any runtime.
import { expect } from "vitest";

export const anyString = (): unknown => expect.any(String);
export const anyNumber = (): unknown => expect.any(Number);
export const stringContaining = (text: string): unknown => expect.stringContaining(text);
export const stringMatching = (pattern: RegExp | string): unknown => expect.stringMatching(pattern);
export const anyArray = (): unknown => expect.any(Array);
export const objectContaining = (value: Record<string, unknown>): unknown => expect.objectContaining(value);
