// The provider destinations rule at the routes that set a runtime (session create, project PATCH):
// a forbidden base URL is refused before anything is stored or sent.
import type { NetworkProvider } from "../shared/schemas/provider-keys";
import type { RuntimeConfig } from "../shared/schemas/runtime";
import { providerDestination, type ProviderDestinationEnv } from "../shared/destinations/providers";
import { ApiError } from "./errors";

/** For routes that set a runtime: 400 provider_url_not_allowed before any traffic, else nothing. */
export async function assertRuntimeDestination(
  env: ProviderDestinationEnv,
  runtime: RuntimeConfig,
  projectHasKey: (provider: NetworkProvider) => Promise<boolean>,
): Promise<void> {
  if (runtime.type !== "managed" || runtime.provider === undefined || runtime.provider === "local") return;
  const destination = providerDestination(env, runtime.provider, runtime.base_url, await projectHasKey(runtime.provider));
  if (!destination.ok) throw new ApiError(400, destination.code, destination.message);
}
