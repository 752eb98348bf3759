// Starts a fresh database and the built API (which serves the built web app
// at /) once for the run; Playwright runs the returned function as teardown.
// Plain ESM: it imports tools/test/api-stack.mjs as is.
import { startApiStack } from '../../../../tools/test/api-stack.mjs';

export default async function globalSetup() {
  // As behind the production reverse proxy: each browser context comes from its own address (see fixtures.ts).
  const stack = await startApiStack({ name: 'web_e2e', env: { TRUST_PROXY_HOPS: '1' } });
  process.env.PASSERELLE_E2E_BASE_URL = stack.baseUrl;
  process.env.PASSERELLE_E2E_STATE_DIR = stack.stateDir;
  return () => stack.stop();
}
