// Starts a fresh database and the built API once for the whole run; tests
// reach it through PASSERELLE_E2E_BASE_URL (see tools/test/http-client.ts).
import { startApiStack } from '../../../../tools/test/api-stack.mjs';

export default async function globalSetup() {
  const stack = await startApiStack({ name: 'api_e2e' });
  globalThis.__PASSERELLE_API_STACK__ = stack;
  process.env.PASSERELLE_E2E_BASE_URL = stack.baseUrl;
  process.env.PASSERELLE_E2E_STATE_DIR = stack.stateDir;
  // For tests that inspect what the API stored (e.g. no plaintext in the database or the file store).
  process.env.PASSERELLE_E2E_DATABASE_URL = stack.databaseUrl;
  process.env.PASSERELLE_E2E_DATA_DIR = stack.dataDir;
}
