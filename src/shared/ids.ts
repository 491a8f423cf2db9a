// Identifier and secret generation: uniform base62 (rejection sampling, no modulo bias) and hex.
const BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
/** Largest multiple of 62 below 256: bytes at or above it are discarded to keep the draw uniform. */
const BASE62_CUTOFF = 248;

export function randomBase62(length: number): string {
  let out = "";
  while (out.length < length) {
    for (const byte of crypto.getRandomValues(new Uint8Array(length * 2))) {
      if (byte < BASE62_CUTOFF) out += BASE62[byte % 62];
      if (out.length === length) break;
    }
  }
  return out;
}

export function randomHex(bytes: number): string {
  return [...crypto.getRandomValues(new Uint8Array(bytes))].map((b) => b.toString(16).padStart(2, "0")).join("");
}

export type Environment = "live" | "test";

export const newOrganizationId = () => `org_${randomHex(8)}`;
export const newProjectId = () => `prj_${randomHex(8)}`;
export const newApiKeyId = () => `key_${randomHex(8)}`;
export const newSessionId = () => `ses_${randomBase62(20)}`;
/** 32 base62 characters carry about 190 bits of randomness. */
export const newApiKey = (environment: Environment) => `csk_${environment}_${randomBase62(32)}`;
/** What listings show of a key: enough to recognise it, far too little to use it. */
export const apiKeyPrefix = (key: string) => key.slice(0, "csk_test_".length + 4);
