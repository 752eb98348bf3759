// Starts a fresh database and the built API (which serves the built web app
// at /) once for the run; Playwright runs the returned function as teardown.
// Plain ESM: it imports tools/test/api-stack.mjs as is.
import { startApiStack } from '../../../../tools/test/api-stack.mjs';

export default async function globalSetup() {
  const stack = await startApiStack({ name: 'web_e2e' });
  process.env.PASSERELLE_E2E_BASE_URL = stack.baseUrl;
  process.env.PASSERELLE_E2E_STATE_DIR = stack.stateDir;
  return () => stack.stop();
}
