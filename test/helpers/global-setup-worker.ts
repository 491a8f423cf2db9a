// Global setup of the worker project, in Node before workerd starts: renders wrangler.toml (the
// plugin reads its bindings from it) and builds the viewer if spa/dist is missing or older than its
// sources. The Worker serves that build through the ASSETS binding; the viewer page /s/<code> is its
// index.html, so without a build those tests would see an empty page.
import { renderWrangler } from "../../scripts/generate-wrangler.mjs";
import { buildViewer } from "../../scripts/lib/local-gateway.mjs";

export default async function setup(): Promise<void> {
  renderWrangler("test");
  await buildViewer();
}
