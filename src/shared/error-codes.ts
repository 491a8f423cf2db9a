// Every machine-readable error code the gateway answers with, in one typed catalogue: HTTP error
// bodies (`{error, code, message}`), `error` events in a session's log, tool-result codes and SSE
// `error` frames all use these names. /openapi.json lists them on the error body's `code`.
// A new code is added here, with the statuses it answers with and what it means.

interface CodeInfo {
  /** HTTP statuses a response with this code carries (502 for turn and provider failures surfaced by `send`). */
  status: readonly number[];
  description: string;
}

const catalogue = {
  // Requests in general
  validation_failed: { status: [400], description: "A body, query, path or header value failed its schema; `issues` lists each problem" },
  invalid_json: { status: [400], description: "The body is not valid JSON" },
  json_too_deep: { status: [400], description: "The JSON body nests arrays/objects deeper than MAX_JSON_DEPTH" },
  payload_too_large: { status: [413], description: "The body is over MAX_BODY_BYTES" },
  unsupported_media_type: { status: [415], description: "The body's Content-Type is not one the route accepts" },
  method_not_allowed: { status: [405], description: "The route exists but not for this method" },
  not_found: { status: [404], description: "No route answers this method and path" },
  rate_limited: { status: [429], description: "Too many requests from this client; see Retry-After" },
  rate_limiter_unavailable: { status: [503], description: "The rate limiter could not be reached; retry shortly" },
  internal_error: { status: [500], description: "An unexpected failure on the gateway's side" },
  empty_patch: { status: [400], description: "A PATCH body must change at least one field" },
  not_supported: { status: [404], description: "A CodeSpar route outside this gateway's job (payment rails: consents, consumers, agent DIDs)" },
  http_error: { status: [400, 500], description: "A protocol-level failure raised by the HTTP framework itself" },
  // Credentials and tenancy
  unauthorized: { status: [401], description: "Missing or invalid API key (or viewer token for this request)" },
  forbidden: { status: [403], description: "The credential is valid but may not do this" },
  insufficient_scope: { status: [403], description: "The key lacks the scope the route declares" },
  environment_not_allowed: { status: [403], description: "A key acts only in its own environment (test or live)" },
  invalid_project_header: { status: [400], description: "x-codespar-project is not prj_ followed by 16 letters or digits" },
  project_not_found: { status: [404], description: "No such project for this key's organization and environment" },
  project_slug_taken: { status: [409], description: "Another project of the organization has this slug" },
  default_project: { status: [409], description: "The default project cannot be deleted" },
  organization_not_found: { status: [404], description: "No such organization" },
  api_key_not_found: { status: [404], description: "No such API key in this organization and environment" },
  provider_key_not_found: { status: [404], description: "The project has no key of its own for this provider" },
  credentials_key_missing: { status: [503], description: "The gateway has no SERVER_CREDENTIALS_KEY, so it cannot store credentials" },
  credentials_unavailable: { status: [502], description: "Stored credentials could not be opened (the key changed)" },
  // Connections and connect links
  connection_not_found: { status: [404], description: "No such connection in this project" },
  connect_link_not_found: { status: [404], description: "No such connect link" },
  connect_link_used: { status: [410], description: "The connect link was already used or has expired; links are single use and last minutes" },
  oauth_not_configured: { status: [400], description: "The server has auth_type oauth but no OAuth settings to send users to" },
  oauth_failed: { status: [400, 502], description: "The OAuth server refused the authorization or the code exchange" },
  // Sessions, prompts, agents
  session_not_found: { status: [404], description: "No such session in this project" },
  session_closed: { status: [409], description: "The session is closed" },
  queue_full: { status: [429], description: "The session's prompt queue is full" },
  invalid_order: { status: [400], description: "A reorder must list exactly the queued prompt ids, each once" },
  prompt_not_found: { status: [404], description: "No such prompt in this session" },
  prompt_finished: { status: [409], description: "The prompt has already finished" },
  runtime_not_external: { status: [409], description: 'Agent routes need a session created with runtime {type: "external"}' },
  permission_request_not_found: { status: [404], description: "No such permission request in this session" },
  permission_already_answered: { status: [409], description: "The permission request has already been answered" },
  turn_aborted: { status: [502], description: "The turn was cancelled, interrupted or removed from the queue" },
  turn_failed: { status: [502], description: "The turn failed unexpectedly" },
  agent_failed: {
    status: [502],
    description: "The attached agent reported the turn failed; a code of the agent's own that is not in this catalogue is in `agent_code`",
  },
  reader_lagging: {
    status: [200],
    description: "A sendStream client fell more than 1 MiB behind: its stream ends with this `error` frame; the turn goes on in the log",
  },
  lease_not_found: { status: [404], description: "No such lease in this session" },
  lease_completed: { status: [409], description: "The lease was already completed" },
  lease_expired: { status: [409], description: "The lease expired; its prompt went back to the queue" },
  // Model providers (turn failures: `error` events, and 502 from send)
  provider_url_not_allowed: {
    status: [400, 502],
    description: "The operator's provider key may not go to this base URL; store the project's own key to choose one",
  },
  provider_not_configured: { status: [502], description: "The provider has no API key on this gateway" },
  provider_misconfigured: { status: [502], description: "The runtime's base URL or timeout is unusable" },
  provider_key_unreadable: { status: [502], description: "The project's own provider key cannot be opened; store it again" },
  provider_unauthorized: { status: [502], description: "The provider refused the API key (401)" },
  provider_forbidden: { status: [502], description: "The provider refused the request (403)" },
  provider_not_found: { status: [502], description: "The provider does not know the model or route (404)" },
  provider_bad_request: { status: [502], description: "The provider refused the request as malformed" },
  provider_conflict: { status: [502], description: "The provider answered 409; retryable" },
  provider_rate_limited: { status: [502], description: "The provider is rate limiting (429); retryable" },
  provider_overloaded: { status: [502], description: "The provider is overloaded (529); retryable" },
  provider_unavailable: { status: [502], description: "The provider answered 5xx; retryable" },
  provider_unreachable: { status: [502], description: "The provider could not be reached; retryable" },
  provider_timeout: { status: [502], description: "The provider stayed silent longer than PROVIDER_TIMEOUT_MS; retryable" },
  provider_aborted: { status: [502], description: "The model call was cancelled" },
  provider_protocol_error: { status: [502], description: "The provider's stream did not follow its wire format" },
  stream_incomplete: { status: [502], description: "The provider's stream ended early; retryable" },
  // Tools, test mode, MCP servers, proxy
  tool_not_found: { status: [404], description: "No such tool in the project's servers" },
  tool_not_mocked: { status: [422], description: "Test mode: the tool has no mock" },
  mocks_exhausted: { status: [422], description: "Test mode: the tool's sequence of mocks is used up" },
  mocks_invalid: { status: [400], description: "The session's mocks are malformed; `field` names the key" },
  mocks_not_permitted: { status: [403], description: "Mocks need a csk_test_ key on a test project" },
  mocks_payload_too_large: { status: [413], description: "The mocks are over 64 KiB of JSON" },
  server_exists: { status: [409], description: "The project already has a server with this id" },
  server_not_found: { status: [404], description: "No such server in this project" },
  meta_tool_not_found: { status: [404], description: "The project has not routed this commerce meta tool (PUT /v1/meta-tools/:name)" },
  server_not_in_session: { status: [400], description: "The session was not created with this server" },
  url_not_allowed: { status: [400], description: "The URL fails the destinations rule (private, link-local, reserved, ...)" },
  proxy_not_configured: { status: [400], description: "The server has no rest_base_url to proxy to" },
  endpoint_not_allowed: { status: [400], description: "The proxied endpoint is not under the server's base URL" },
  upstream_not_allowed: { status: [403], description: "The upstream fails the destinations rule" },
  upstream_unreachable: { status: [502], description: "The upstream could not be reached" },
  upstream_timeout: { status: [504], description: "The upstream did not answer in time" },
  upstream_response_too_large: { status: [502], description: "The upstream's answer is over the proxy's size bound" },
  redirect_not_allowed: { status: [502], description: "The upstream redirected outside the server's base URL" },
  too_many_redirects: { status: [502], description: "The upstream redirected too many times" },
  // Webhooks
  webhook_not_found: { status: [404], description: "No such webhook in this project" },
  trigger_not_found: { status: [404], description: "No such trigger in this project" },
  // Inbound provider webhooks and async tool-call status
  webhook_endpoint_not_found: { status: [404], description: "No such server and connection pair to receive provider webhooks" },
  webhook_secret_not_configured: { status: [401], description: "The server has no webhook_secret, so its inbound webhooks cannot be verified" },
  webhook_signature_invalid: { status: [401], description: "X-Webhook-Signature is missing or is not the HMAC-SHA256 of the raw body" },
  tool_call_not_found: { status: [404], description: "No such tool call in this project (or not yet indexed)" },
  // Share links and viewer tokens
  share_not_found: { status: [404], description: "No such share link" },
  share_expired: { status: [410], description: "The share link has expired" },
  share_revoked: { status: [410], description: "The share link was revoked by its owner" },
  share_inactive: { status: [401], description: "The viewer token's share link is no longer active" },
  viewer_tokens_unavailable: { status: [503], description: "Share links are not configured (VIEWER_TOKEN_SECRET is unset)" },
  // Durable Streams
  stream_not_found: { status: [404], description: "No such stream" },
  stream_gone: { status: [409, 410], description: "The stream was deleted while forks still reference it" },
  stream_exists: { status: [409], description: "A stream with another configuration exists at this path" },
  stream_closed: { status: [409], description: "The stream is closed to appends" },
  stream_seq_conflict: { status: [409], description: "Stream-Seq is not above the last one" },
  content_type_mismatch: { status: [409], description: "The append's Content-Type differs from the stream's" },
  missing_content_type: { status: [400], description: "An append needs a Content-Type" },
  empty_body: { status: [400], description: "An append needs a body (or Stream-Closed: true)" },
  empty_array: { status: [400], description: "A JSON append of [] appends nothing" },
  invalid_offset: { status: [400], description: "The offset is not one this server issued" },
  offset_required: { status: [400], description: "Live reads need an offset" },
  offset_out_of_range: { status: [400], description: "The offset is past the stream's tail" },
  conflicting_expiry: { status: [400], description: "Send Stream-TTL or Stream-Expires-At, not both" },
  expiry_out_of_range: { status: [400], description: "Stream-TTL or Stream-Expires-At is beyond 100 years" },
  invalid_fork_source: { status: [400], description: "Stream-Forked-From is not a valid URL or stream path" },
  fork_source_missing: { status: [400], description: "Fork offsets need Stream-Forked-From" },
  invalid_fork_offset: { status: [400], description: "Stream-Fork-Offset is not an offset of the source" },
  invalid_fork_sub_offset: { status: [400], description: "Stream-Fork-Sub-Offset is past the end of the append" },
  not_a_fork: { status: [400], description: "Stream-Forked-From is missing" },
  source_not_found: { status: [404], description: "The fork's source stream does not exist" },
  source_deleted: { status: [409], description: "The fork's source stream was deleted" },
  source_changed: { status: [409], description: "The source changed while the fork copied it" },
  invalid_producer_headers: { status: [400], description: "Producer-Id, -Epoch and -Seq must come together, as non-negative integers" },
  incomplete_producer_headers: { status: [400], description: "Send Producer-Id, Producer-Epoch and Producer-Seq together" },
  stale_producer_epoch: { status: [403], description: "The producer epoch is older than the current one (see Producer-Epoch)" },
  invalid_producer_seq: { status: [400], description: "A new producer epoch must start at Producer-Seq 0" },
  producer_sequence_gap: { status: [409], description: "Producer-Seq skipped ahead (see Producer-Expected-Seq)" },
} as const satisfies Record<string, CodeInfo>;

export type ErrorCode = keyof typeof catalogue;
export const ERROR_CODES: Readonly<Record<ErrorCode, CodeInfo>> = catalogue;
export const isErrorCode = (code: string): code is ErrorCode => Object.hasOwn(catalogue, code);
export const ERROR_CODE_NAMES: readonly ErrorCode[] = Object.keys(catalogue).filter(isErrorCode);
