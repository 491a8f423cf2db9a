// Unit-test access to a Durable Object's SQLite storage: a fresh SessionDO (its constructor migrates
// the schema) whose storage the plain classes (EventLog, ProducerStore, migrate) can be tested against.
import { env, runInDurableObject } from "cloudflare:test";

export function withFreshStorage<R>(callback: (storage: DurableObjectStorage) => R | Promise<R>): Promise<R> {
  const stub = env.SESSIONS.get(env.SESSIONS.newUniqueId());
  return runInDurableObject(stub, (_instance, state) => callback(state.storage));
}
