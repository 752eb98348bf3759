// A local OpenID provider playing Pro Santé Connect for the e2e tests
// (oidc-provider, development login form: any login is accepted and becomes
// the subject, i.e. the IDNPS). Started as a child process by the tests:
//   node psc-provider.mjs <port> <client_id> <client_secret> <redirect_uri>
import Provider from 'oidc-provider';

const [port, clientId, clientSecret, redirectUri] = process.argv.slice(2);
const issuer = `http://127.0.0.1:${port}`;

const provider = new Provider(issuer, {
  clients: [{ client_id: clientId, client_secret: clientSecret, redirect_uris: [redirectUri], grant_types: ['authorization_code'], response_types: ['code'] }],
  scopes: ['openid', 'scope_all'],
  claims: { openid: ['sub'], scope_all: ['SubjectNameID', 'email'] },
  conformIdTokenClaims: false,
  findAccount: (_ctx, id) => ({ accountId: id, claims: () => ({ sub: id, SubjectNameID: id, email: `${id}@psc.test` }) }),
  pkce: { required: () => true },
  features: { devInteractions: { enabled: true } },
  cookies: { keys: ['passerelle-e2e-psc'] },
});
provider.on('server_error', (_ctx, error) => process.stderr.write(`PSC test provider error: ${error.stack}\n`));
provider.listen(Number(port), '127.0.0.1', () => process.stdout.write(`PSC test provider on ${issuer}\n`));
