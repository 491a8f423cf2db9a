// Bounds of a prompt and of a display name, kept free of zod so the viewer bundle can import them
// without the schema library (the schemas in schemas/queue.ts and schemas/shares.ts use them).

/** Longest display name, in UTF-16 code units (what an input's maxLength counts), after trimming. */
export const MAX_DISPLAY_NAME_LENGTH = 64;
/** Longest prompt text, in UTF-16 code units. */
export const MAX_PROMPT_LENGTH = 100_000;
/** Where a stream share's viewers append prompts: `<stream path>/prompts`, the stream `capi-queue-channel` tails. */
export const PROMPTS_STREAM_SUFFIX = "/prompts";
