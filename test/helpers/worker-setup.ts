// Applies the D1 migrations before the in-runtime tests (idempotent across files).
import { applyD1Migrations, env } from "cloudflare:test";

await applyD1Migrations(env.DB, env.TEST_MIGRATIONS);
