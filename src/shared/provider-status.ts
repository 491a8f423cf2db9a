// Provider status vocabulary: what kind of thing an event or tool call is about (a payment, an
// identity verification), how providers' own status words map to the API's enums, and how several
// statuses combine into one. Pure: used by webhook normalization, the index and the status routes.

export const PAYMENT_STATUSES = ["pending", "succeeded", "failed", "refunded", "updated", "unknown"] as const;
export type PaymentStatus = (typeof PAYMENT_STATUSES)[number];
export const VERIFICATION_STATUSES = ["pending", "approved", "rejected", "expired", "review", "unknown"] as const;
export type VerificationStatus = (typeof VERIFICATION_STATUSES)[number];
export const EVENT_KINDS = ["payment", "verification", "other"] as const;
export type EventKind = (typeof EVENT_KINDS)[number];

/** Statuses after which a status stream says `done` (a refund may still follow a success, as a new call's concern). */
export const TERMINAL_PAYMENT: ReadonlySet<string> = new Set<PaymentStatus>(["succeeded", "failed", "refunded"]);
export const TERMINAL_VERIFICATION: ReadonlySet<string> = new Set<VerificationStatus>(["approved", "rejected", "expired"]);

/** Words naming a payment or a verification in event types, object names and tool names. */
const PAYMENT_WORDS = new Set([
  "pay",
  "payment",
  "payments",
  "charge",
  "charges",
  "chargeback",
  "invoice",
  "pix",
  "boleto",
  "checkout",
  "refund",
  "transfer",
  "payout",
  "subscription",
  "transaction",
  "dispute",
  "bill",
]);
const VERIFICATION_WORDS = new Set([
  "kyc",
  "kyb",
  "verification",
  "verify",
  "identity",
  "inquiry",
  "document",
  "onboarding",
  "screening",
  "liveness",
  "selfie",
  "aml",
]);

/** Lowercase words of a name: `PAYMENT_RECEIVED`, `identity.verification_session.verified`, `asaas/create_payment`. */
export const wordsOf = (text: string): string[] =>
  text
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean);

/** The kind the given names point to; verification wins only when no payment word is present. */
export function kindOfWords(words: readonly string[]): EventKind {
  if (words.some((word) => PAYMENT_WORDS.has(word))) return "payment";
  if (words.some((word) => VERIFICATION_WORDS.has(word))) return "verification";
  return "other";
}

const PAYMENT_MAP: Readonly<Record<string, PaymentStatus>> = {
  // settled
  succeeded: "succeeded",
  success: "succeeded",
  successful: "succeeded",
  paid: "succeeded",
  received: "succeeded",
  received_in_cash: "succeeded",
  confirmed: "succeeded",
  completed: "succeeded",
  complete: "succeeded",
  captured: "succeeded",
  settled: "succeeded",
  approved: "succeeded",
  accredited: "succeeded",
  dunning_received: "succeeded",
  // not settled and will not be
  failed: "failed",
  failure: "failed",
  payment_failed: "failed",
  declined: "failed",
  rejected: "failed",
  refused: "failed",
  reproved: "failed",
  denied: "failed",
  canceled: "failed",
  cancelled: "failed",
  voided: "failed",
  void: "failed",
  expired: "failed",
  deleted: "failed",
  // money went back
  refunded: "refunded",
  partially_refunded: "refunded",
  reversed: "refunded",
  returned: "refunded",
  // still open
  pending: "pending",
  created: "pending",
  open: "pending",
  processing: "pending",
  in_process: "pending",
  in_progress: "pending",
  waiting: "pending",
  awaiting: "pending",
  awaiting_payment: "pending",
  awaiting_risk_analysis: "pending",
  approved_by_risk_analysis: "pending",
  authorized: "pending",
  requires_payment_method: "pending",
  requires_action: "pending",
  requires_confirmation: "pending",
  requires_capture: "pending",
  overdue: "pending",
  restored: "pending",
  // something changed, the payment itself did not settle or fail
  updated: "updated",
  refund_requested: "updated",
  refund_in_progress: "updated",
  chargeback_requested: "updated",
  chargeback_dispute: "updated",
  awaiting_chargeback_reversal: "updated",
  dunning_requested: "updated",
  disputed: "updated",
};

const VERIFICATION_MAP: Readonly<Record<string, VerificationStatus>> = {
  approved: "approved",
  verified: "approved",
  passed: "approved",
  accepted: "approved",
  success: "approved",
  succeeded: "approved",
  rejected: "rejected",
  declined: "rejected",
  failed: "rejected",
  denied: "rejected",
  refused: "rejected",
  review: "review",
  needs_review: "review",
  in_review: "review",
  manual_review: "review",
  under_review: "review",
  marked_for_review: "review",
  flagged: "review",
  expired: "expired",
  abandoned: "expired",
  timed_out: "expired",
  timeout: "expired",
  canceled: "expired",
  cancelled: "expired",
  pending: "pending",
  created: "pending",
  started: "pending",
  initiated: "pending",
  open: "pending",
  processing: "pending",
  in_progress: "pending",
  submitted: "pending",
  // the person finished the flow; the decision comes in a later event
  completed: "pending",
  requires_input: "pending",
  waiting: "pending",
};

/** Object words a status may start with (`PAYMENT_RECEIVED`): skipped before looking the rest up. */
const LEADING_OBJECT_WORDS = new Set([...PAYMENT_WORDS, ...VERIFICATION_WORDS, "session", "credit", "card"]);

/**
 * A provider's status word (or an event's action) in the kind's enum: the whole phrase, then the
 * phrase without leading object words, then its words from the last (the verb usually ends it:
 * `CREDIT_CARD_CAPTURE_REFUSED`). null when nothing maps (never "unknown": that is for no data).
 */
export function mapStatus(kind: "payment", raw: string | null): PaymentStatus | null;
export function mapStatus(kind: "verification", raw: string | null): VerificationStatus | null;
export function mapStatus(kind: EventKind, raw: string | null): PaymentStatus | VerificationStatus | null;
export function mapStatus(kind: EventKind, raw: string | null): PaymentStatus | VerificationStatus | null {
  if (raw === null || kind === "other") return null;
  const table: Readonly<Record<string, PaymentStatus | VerificationStatus>> = kind === "payment" ? PAYMENT_MAP : VERIFICATION_MAP;
  const lookup = (phrase: string) => (Object.hasOwn(table, phrase) ? (table[phrase] ?? null) : null);
  const words = wordsOf(raw);
  const whole = lookup(words.join("_"));
  if (whole) return whole;
  let start = 0;
  while (start < words.length - 1 && LEADING_OBJECT_WORDS.has(words[start] ?? "")) start += 1;
  const rest = lookup(words.slice(start).join("_"));
  if (rest) return rest;
  for (let i = words.length - 1; i >= start; i -= 1) {
    const word = lookup(words[i] ?? "");
    if (word) return word;
  }
  return null;
}

/** An event name's action: its last dotted segment without leading object words (`PAYMENT_RECEIVED` -> `received`). */
export function actionOf(name: string): string | null {
  const words = wordsOf(name.split(".").at(-1) ?? "");
  let start = 0;
  while (start < words.length - 1 && LEADING_OBJECT_WORDS.has(words[start] ?? "")) start += 1;
  const action = words.slice(start).join("_");
  return action === "" ? null : action;
}

/** Statuses an event's action decides on its own, over the status field of the object it carries (`charge.refunded` on a succeeded charge). */
const DECISIVE: ReadonlySet<string> = new Set(["succeeded", "failed", "refunded", "approved", "rejected", "expired", "review"]);

/** One event's status: a decisive action, else the object's status, else the action's. */
export function eventStatus(kind: EventKind, action: string | null, objectStatus: string | null): PaymentStatus | VerificationStatus | null {
  const fromAction = mapStatus(kind, action);
  if (fromAction && DECISIVE.has(fromAction)) return fromAction;
  return mapStatus(kind, objectStatus) ?? fromAction;
}

/** Payment lifecycle order: a late `pending` never undoes a settlement; within a rank the latest wins. */
const PAYMENT_RANK: Readonly<Record<PaymentStatus, number>> = { unknown: -1, pending: 0, updated: 1, succeeded: 2, failed: 2, refunded: 3 };

const isPayment = (status: string): status is PaymentStatus => PAYMENT_STATUSES.some((known) => known === status);
const isVerification = (status: string): status is VerificationStatus => VERIFICATION_STATUSES.some((known) => known === status);

/** The payment status of statuses oldest first (the tool call's own, then its events'); `unknown` when none. */
export function combinePayment(statuses: readonly (string | null)[]): PaymentStatus {
  let best: PaymentStatus = "unknown";
  for (const status of statuses) {
    if (status === null || !isPayment(status)) continue;
    if (PAYMENT_RANK[status] >= PAYMENT_RANK[best]) best = status;
  }
  return best;
}

/** Precedence approved > rejected > review > expired > pending > unknown. */
const VERIFICATION_RANK: Readonly<Record<VerificationStatus, number>> = { unknown: 0, pending: 1, expired: 2, review: 3, rejected: 4, approved: 5 };

export function combineVerification(statuses: readonly (string | null)[]): VerificationStatus {
  let best: VerificationStatus = "unknown";
  for (const status of statuses) {
    if (status === null || !isVerification(status)) continue;
    if (VERIFICATION_RANK[status] > VERIFICATION_RANK[best]) best = status;
  }
  return best;
}
