// Unit-test access to a Durable Object's SQLite storage: a fresh SessionDO with its schema created
// (as creating a session would), whose storage the plain classes (EventLog, ProducerStore, migrate)
// can be tested against.
import { env, runInDurableObject } from "cloudflare:test";
import { migrate } from "../../durable-objects/lib/migrations";
import { SESSION_MIGRATIONS } from "../../durable-objects/session/schema";

export function withFreshStorage<R>(callback: (storage: DurableObjectStorage) => R | Promise<R>): Promise<R> {
  const stub = env.SESSIONS.get(env.SESSIONS.newUniqueId());
  return runInDurableObject(stub, (_instance, state) => {
    migrate(state.storage, SESSION_MIGRATIONS);
    return callback(state.storage);
  });
}
