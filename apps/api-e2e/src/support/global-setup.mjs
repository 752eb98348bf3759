// Starts a fresh database and the built API once for the whole run; tests
// reach it through PASSERELLE_E2E_BASE_URL (see tools/test/http-client.ts).
import { startApiStack } from '../../../../tools/test/api-stack.mjs';
import { freePort } from '../../../../tools/test/postgres-cluster.mjs';

/** The client certificate subject the TLS terminator would pass for the national SAS platform. */
export const SAS_CLIENT = { cn: 'plateforme.sas.e2e.test', ou: 'SAS-E2E' };

export const PSC_CLIENT = { id: 'passerelle-e2e', secret: 'passerelle-e2e-psc-secret-0123456789' };

export default async function globalSetup() {
  // The SAS platform is played by a server the tests start (and stop) on this port.
  const platformPort = await freePort();
  // Pro Santé Connect is played by a local OpenID provider the tests start on this port (discovery is lazy).
  const pscPort = await freePort();
  const stack = await startApiStack({
    name: 'api_e2e',
    env: {
      SAS_CLIENT_CN: SAS_CLIENT.cn,
      SAS_CLIENT_OU: SAS_CLIENT.ou,
      SAS_PLATFORM_URL: `http://127.0.0.1:${platformPort}/fhir`,
      SAS_OUTBOX_POLL_MS: '200',
      SAS_OUTBOX_RETRY_BASE_MS: '200',
      PSC_ISSUER: `http://127.0.0.1:${pscPort}`,
      PSC_CLIENT_ID: PSC_CLIENT.id,
      PSC_CLIENT_SECRET: PSC_CLIENT.secret,
    },
  });
  globalThis.__PASSERELLE_API_STACK__ = stack;
  process.env.PASSERELLE_E2E_BASE_URL = stack.baseUrl;
  process.env.PASSERELLE_E2E_STATE_DIR = stack.stateDir;
  // For tests that must look at what the API stored (files, rows a journey cannot reach over HTTP).
  process.env.PASSERELLE_E2E_DATABASE_URL = stack.databaseUrl;
  process.env.PASSERELLE_E2E_DATA_DIR = stack.dataDir;
  process.env.PASSERELLE_E2E_SAS_PLATFORM_PORT = String(platformPort);
  process.env.PASSERELLE_E2E_PSC_PORT = String(pscPort);
  process.env.PASSERELLE_E2E_PSC_CLIENT = JSON.stringify(PSC_CLIENT);
  process.env.PASSERELLE_E2E_SAS_CLIENT_DN = `CN=${SAS_CLIENT.cn},OU=${SAS_CLIENT.ou},O=Agence du Numerique en Sante,C=FR`;
}
