// Inbound provider webhooks as normalized events, and the references a finished tool call carries
// (external reference, provider ids, the provider's status, a hosted URL) that correlate the two.
// Pure: the inbound route stores what normalizeInbound returns; the session object indexes what
// toolCallReferences returns. Shapes accepted: Asaas-like `{event, payment: {...}}`, Stripe-like
// `{type, data: {object}}`, Persona-like JSON:API `{data: {attributes: {name, payload: {data}}}}`,
// Mercado Pago-like `{type, action, data: {id}}`, and flat `{event|type, status, id, ...}`; a body
// may also be an array of events or `{events: [...]}`.
import { actionOf, eventStatus, kindOfWords, mapStatus, wordsOf, type EventKind } from "./provider-status";

export const MAX_EVENTS_PER_DELIVERY = 100;
const MAX_FIELD_CHARS = 512;
const MAX_URL_CHARS = 2_000;

export interface ProviderEvent {
  /** The provider's own name for the event (`PAYMENT_RECEIVED`, `payment_intent.succeeded`); "unknown" when it gave none. */
  event_type: string;
  kind: EventKind;
  provider: string | null;
  provider_action: string | null;
  /** The provider's id of the event itself, when the body tells it apart from the resource's id (redeliveries share it). */
  provider_event_id: string | null;
  payment_id: string | null;
  verification_id: string | null;
  /** In the kind's enum (PaymentStatus or VerificationStatus); null when the provider's words map to neither. */
  status: string | null;
  provider_status: string | null;
  idempotency_key: string | null;
  external_reference: string | null;
  hosted_url: string | null;
}

type Json = Record<string, unknown>;

const asRecord = (value: unknown): Json | null =>
  typeof value === "object" && value !== null && !Array.isArray(value) ? Object.fromEntries(Object.entries(value)) : null;

/** A short identifier-like value: trimmed text, or a finite number as text (Mercado Pago ids are numbers). */
function text(value: unknown, max = MAX_FIELD_CHARS): string | null {
  if (typeof value === "number" && Number.isFinite(value)) return String(value);
  if (typeof value !== "string") return null;
  const trimmed = value.trim();
  return trimmed.length > 0 && trimmed.length <= max ? trimmed : null;
}

function first(sources: readonly (Json | null)[], keys: readonly string[]): string | null {
  for (const source of sources) {
    if (!source) continue;
    for (const key of keys) {
      const found = text(source[key]);
      if (found !== null) return found;
    }
  }
  return null;
}

function firstUrl(sources: readonly (Json | null)[]): string | null {
  for (const source of sources) {
    if (!source) continue;
    for (const key of URL_KEYS) {
      const found = text(source[key], MAX_URL_CHARS);
      if (found !== null && /^https?:\/\/\S+$/i.test(found)) return found;
    }
  }
  return null;
}

const PAYMENT_ID_KEYS = ["payment_id", "paymentId", "payment", "payment_intent", "charge_id"];
const VERIFICATION_ID_KEYS = ["verification_id", "verificationId", "inquiry_id", "inquiryId", "verification_session"];
const IDEMPOTENCY_KEYS = ["idempotency_key", "idempotencyKey", "idempotency-key"];
const REFERENCE_KEYS = [
  "external_reference",
  "externalReference",
  "external_id",
  "externalId",
  "reference_id",
  "referenceId",
  "reference-id",
  "client_reference_id",
];
const STATUS_KEYS = ["status", "state"];
const URL_KEYS = [
  "hosted_url",
  "hostedUrl",
  "verification_url",
  "inquiry_url",
  "checkout_url",
  "payment_url",
  "hosted_invoice_url",
  "invoiceUrl",
  "invoice_url",
  "redirect_url",
  "url",
];
/** Keys under which a body nests the resource it is about (Asaas names it for its object). */
const RESOURCE_KEYS = ["payment", "charge", "invoice", "transfer", "checkout", "subscription", "transaction", "verification", "inquiry", "kyc", "identity"];

interface Located {
  resource: Json;
  /** The resource's object name (`payment`, `payment_intent`, `inquiry`), for telling its kind. */
  name: string;
  /** The id of the event, when the body carries one apart from the resource. */
  eventId: string | null;
  /** Persona-like bodies name the event inside data.attributes. */
  eventName: string | null;
}

function locate(body: Json): Located {
  const data = asRecord(body.data);
  const attributes = asRecord(data?.attributes);
  const nested = asRecord(asRecord(attributes?.payload)?.data);
  for (const key of RESOURCE_KEYS) {
    const resource = asRecord(body[key]);
    if (resource) return { resource, name: key, eventId: text(body.id), eventName: null };
  }
  const stripeObject = asRecord(data?.object);
  if (stripeObject) return { resource: stripeObject, name: text(stripeObject.object) ?? "", eventId: text(body.id), eventName: null };
  if (nested) return { resource: nested, name: text(nested.type) ?? "", eventId: text(data?.id), eventName: text(attributes?.name) };
  if (data) return { resource: data, name: text(data.type) ?? "", eventId: text(body.id), eventName: null };
  return { resource: body, name: "", eventId: null, eventName: null };
}

function eventTypeOf(body: Json, located: Located): string {
  const named = text(body.event) ?? text(body.event_type) ?? text(body.eventType) ?? located.eventName;
  if (named) return named;
  const type = text(body.type);
  const action = text(body.action);
  if (type && action) return action.includes(".") ? action : `${type}.${action}`;
  return type ?? action ?? "unknown";
}

/** One event of a delivery. */
export function normalizeEvent(body: Json, serverId: string): ProviderEvent {
  const located = locate(body);
  const { resource } = located;
  const sources = [resource, asRecord(resource.attributes), asRecord(resource.metadata), body, asRecord(body.metadata)];
  const eventType = eventTypeOf(body, located);
  const action = eventType === "unknown" ? null : actionOf(text(body.action) ?? eventType);
  const providerStatus = first([resource, asRecord(resource.attributes), body], STATUS_KEYS);
  const explicitPayment = first(sources, PAYMENT_ID_KEYS);
  const explicitVerification = first(sources, VERIFICATION_ID_KEYS);
  let kind = kindOfWords([...wordsOf(eventType), ...wordsOf(located.name), ...wordsOf(text(body.type) ?? "")]);
  if (kind === "other") kind = kindFromEvidence(explicitPayment, explicitVerification, [providerStatus, action]);
  const resourceId = text(resource.id) ?? (resource === body ? null : text(body.id));
  return {
    event_type: eventType,
    kind,
    provider: text(body.provider) ?? serverId,
    provider_action: action,
    provider_event_id: text(body.event_id) ?? located.eventId,
    payment_id: explicitPayment ?? (kind === "payment" ? resourceId : null),
    verification_id: explicitVerification ?? (kind === "verification" ? resourceId : null),
    status: eventStatus(kind, action, providerStatus),
    provider_status: providerStatus,
    // Stripe puts the Idempotency-Key of the API request that caused the event in `request`.
    idempotency_key: first([...sources, asRecord(body.request)], IDEMPOTENCY_KEYS),
    external_reference: first(sources, REFERENCE_KEYS),
    hosted_url: firstUrl([resource, asRecord(resource.attributes), body]),
  };
}

/** No naming words: an id field, or a status word only one kind knows (`paid`, `verified`), decides; the object's status first. */
function kindFromEvidence(paymentId: string | null, verificationId: string | null, words: readonly (string | null)[]): EventKind {
  if (paymentId) return "payment";
  if (verificationId) return "verification";
  for (const word of words) {
    const payment = mapStatus("payment", word);
    const verification = mapStatus("verification", word);
    if (payment && !verification) return "payment";
    if (verification && !payment) return "verification";
  }
  return "other";
}

export type Normalized = { ok: true; events: Array<{ event: ProviderEvent; item: Json }> } | { ok: false; reason: string };

/** A delivery's events; refused when the body is not an object, or an array (or `{events}`) of 1..100 objects. */
export function normalizeInbound(body: unknown, serverId: string): Normalized {
  const record = asRecord(body);
  const batch = Array.isArray(body) ? body : record && Array.isArray(record.events) && !record.event && !record.type ? record.events : null;
  const items = batch ?? [body];
  if (items.length === 0) return { ok: false, reason: "the body holds no events" };
  if (items.length > MAX_EVENTS_PER_DELIVERY) return { ok: false, reason: `a delivery holds at most ${MAX_EVENTS_PER_DELIVERY} events` };
  const events: Array<{ event: ProviderEvent; item: Json }> = [];
  for (const entry of items) {
    const item = asRecord(entry);
    if (!item) return { ok: false, reason: "each event must be a JSON object" };
    events.push({ event: normalizeEvent(item, serverId), item });
  }
  return { ok: true, events };
}

export interface ToolCallReferences {
  tool_kind: EventKind;
  external_reference: string | null;
  /** The id of what the call created, whatever it is (correlates with payment and verification ids alike). */
  provider_id: string | null;
  payment_id: string | null;
  verification_id: string | null;
  provider_status: string | null;
  hosted_url: string | null;
}

/** An MCP result without structured content is `{content: [{type: "text", text}]}`: a JSON text block is read as the output. */
function outputRecord(output: unknown): Json | null {
  const record = asRecord(output);
  const content = record?.content;
  if (!record || !Array.isArray(content) || Object.keys(record).length !== 1) return record;
  for (const block of content) {
    const raw = asRecord(block)?.text;
    if (typeof raw !== "string" || !raw.trimStart().startsWith("{")) continue;
    try {
      return asRecord(JSON.parse(raw));
    } catch {
      return record;
    }
  }
  return record;
}

/** What a finished call's input and output say for correlation; every field null when they say nothing. */
export function toolCallReferences(toolName: string, input: unknown, output: unknown): ToolCallReferences {
  const args = asRecord(input);
  const out = outputRecord(output);
  const nested = out ? RESOURCE_KEYS.map((key) => asRecord(out[key])).find((value) => value !== null) : undefined;
  const resource = nested ?? asRecord(out?.data) ?? out;
  const sources = [resource, asRecord(resource?.attributes), asRecord(resource?.metadata), out];
  const explicitPayment = first(sources, PAYMENT_ID_KEYS);
  const explicitVerification = first(sources, VERIFICATION_ID_KEYS);
  let kind = kindOfWords([...wordsOf(toolName), ...wordsOf(text(resource?.object) ?? "")]);
  if (kind === "other") kind = explicitPayment ? "payment" : explicitVerification ? "verification" : "other";
  const providerId = text(resource?.id);
  return {
    tool_kind: kind,
    // The caller's own reference, else the one the provider echoes, else the caller's own idempotency key.
    external_reference: first([args], REFERENCE_KEYS) ?? first(sources, REFERENCE_KEYS) ?? first([args], IDEMPOTENCY_KEYS),
    provider_id: providerId,
    payment_id: explicitPayment ?? (kind === "payment" ? providerId : null),
    verification_id: explicitVerification ?? (kind === "verification" ? providerId : null),
    provider_status: first([resource, asRecord(resource?.attributes)], STATUS_KEYS),
    hosted_url: firstUrl(sources),
  };
}
