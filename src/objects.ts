// The composition root for the Durable Objects: the classes wrangler binds (SessionDO, StreamDO),
// with the session object's ports bound to D1 here, so the objects never import the D1 layer.
import { SessionObject } from "../durable-objects/session/session-do";
import type { SessionPorts } from "../durable-objects/session/ports";
import { StreamObject } from "../durable-objects/stream/stream-do";
import { createConnectLink, userConnections } from "./db/connections";
import { listMetaTools } from "./db/meta-tools";
import { openProviderKey } from "./db/provider-keys";
import { recordToolCalls } from "./db/tool-call-index";
import { logWebhookDelivery, webhookTargets } from "./db/webhooks";
import type { Env } from "./env";
import { ServerCatalog } from "./services/server-catalog";

function sessionPorts(env: Env): SessionPorts {
  return {
    servers: new ServerCatalog(env),
    webhooks: {
      targets: (projectId) => webhookTargets(env.DB, projectId),
      logDelivery: async (webhookId, delivery) => {
        await logWebhookDelivery(env.DB, webhookId, delivery);
      },
    },
    providerKeys: { open: (projectId, provider) => openProviderKey(env, projectId, provider) },
    toolCallIndex: { record: (entries) => recordToolCalls(env.DB, entries) },
    connections: {
      forUser: async (projectId, userId) => [...(await userConnections(env.DB, projectId, userId)).values()],
      startLink: async (input) => {
        const { token, connection } = await createConnectLink(env.DB, { ...input, scopes: [] });
        return { token, expiresAt: connection.expires_at ?? "", connectionId: connection.id };
      },
    },
    metaTools: { list: (projectId) => listMetaTools(env.DB, projectId) },
  };
}

export class SessionDO extends SessionObject {
  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env, sessionPorts(env));
  }
}

export class StreamDO extends StreamObject {}
