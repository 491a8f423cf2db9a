// Addressing a generic stream's Durable Object. The name includes the project id, so the same path
// in two projects is two streams, and a key can never reach another tenant's stream.
import type { Env } from "../env";
import { streamObjectName } from "../shared/object-names";

export const streamStub = (env: Env, projectId: string, path: string) => env.STREAMS.get(env.STREAMS.idFromName(streamObjectName(projectId, path)));
