// Encryption of stored upstream credentials (MCP server headers): AES-256-GCM with a key derived by
// HKDF-SHA-256 from the SERVER_CREDENTIALS_KEY secret. The row's identity is the additional data, so
// a ciphertext copied to another server or project does not decrypt.
import { ApiError } from "./errors";

const VERSION = "v1";
const IV_BYTES = 12;
const HKDF_SALT = "codespar-gateway/server-credentials";
const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** One derived key per secret value per isolate: derivation is cheap, but not free on every call. */
const derived = new Map<string, Promise<CryptoKey>>();

function deriveKey(secret: string): Promise<CryptoKey> {
  let key = derived.get(secret);
  if (!key) {
    key = crypto.subtle
      .importKey("raw", encoder.encode(secret), "HKDF", false, ["deriveKey"])
      .then((material) =>
        crypto.subtle.deriveKey(
          { name: "HKDF", hash: "SHA-256", salt: encoder.encode(HKDF_SALT), info: encoder.encode(VERSION) },
          material,
          { name: "AES-GCM", length: 256 },
          false,
          ["encrypt", "decrypt"],
        ),
      );
    derived.set(secret, key);
  }
  return key;
}

const toBase64 = (bytes: Uint8Array) => btoa(String.fromCharCode(...bytes));
const fromBase64 = (text: string) => Uint8Array.from(atob(text), (ch) => ch.charCodeAt(0));

export function requireCredentialsKey(secret: string | undefined): string {
  if (!secret) {
    throw new ApiError(503, "credentials_key_missing", "The gateway has no SERVER_CREDENTIALS_KEY secret, so it cannot store credentials");
  }
  return secret;
}

/** "v1.<iv>.<ciphertext>", both base64. `context` names the row (e.g. "<project>/<server>"). */
export async function encryptCredentials(secret: string, context: string, plaintext: string): Promise<string> {
  const iv = crypto.getRandomValues(new Uint8Array(IV_BYTES));
  const key = await deriveKey(secret);
  const sealed = await crypto.subtle.encrypt({ name: "AES-GCM", iv, additionalData: encoder.encode(context) }, key, encoder.encode(plaintext));
  return `${VERSION}.${toBase64(iv)}.${toBase64(new Uint8Array(sealed))}`;
}

/** The plaintext, or null when the value was sealed with another key or for another row. */
export async function decryptCredentials(secret: string, context: string, sealed: string): Promise<string | null> {
  const [version, iv, data] = sealed.split(".");
  if (version !== VERSION || !iv || !data) return null;
  try {
    const key = await deriveKey(secret);
    const plain = await crypto.subtle.decrypt({ name: "AES-GCM", iv: fromBase64(iv), additionalData: encoder.encode(context) }, key, fromBase64(data));
    return decoder.decode(plain);
  } catch {
    return null;
  }
}
