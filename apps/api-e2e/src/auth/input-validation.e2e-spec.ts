import { ApiClient } from '../../../../tools/test/http-client';

/** Bad input gets a clear 4xx and writes nothing. */
interface ErrorBody {
  code: string;
  message: string;
  fields?: Record<string, string[]>;
}

describe('malformed input', () => {
  const client = new ApiClient();

  const raw = async (body: string, contentType = 'application/json') => {
    await client.get('/api/auth/session');
    return client.request<ErrorBody>('POST', '/api/auth/register', {
      headers: { 'content-type': contentType, 'x-xsrf-token': client.cookie('XSRF-TOKEN') ?? '' },
      rawBody: body,
    });
  };

  it('answers malformed JSON with a French 400', async () => {
    const res = await raw('{"email": "x@exemple.fr", ');
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ code: 'MALFORMED_JSON', message: 'Le corps de la requête n’est pas un JSON valide.' });
  });

  it('refuses unknown fields and wrong types field by field, and creates no account', async () => {
    const email = 'champ-inconnu@exemple.fr';
    const res = await client.post<ErrorBody>('/api/auth/register', {
      email,
      password: 'cheval-agrafe-batterie-2026',
      firstName: 'Jean',
      lastName: 42,
      role: 'ADMIN',
    });
    expect(res.status).toBe(400);
    expect(res.body.fields?.['role']).toEqual(['Champ inconnu : retirez-le de la requête.']);
    expect(res.body.fields?.['lastName']).toBeDefined();
    const login = await new ApiClient().post('/api/auth/login', { email, password: 'cheval-agrafe-batterie-2026', space: 'patient' });
    expect(login.status).toBe(401);
  });

  it('refuses a body over 100 kB with 413', async () => {
    const res = await raw(JSON.stringify({ email: 'gros@exemple.fr', password: 'x'.repeat(200_000), firstName: 'a', lastName: 'b' }));
    expect(res.status).toBe(413);
    expect(res.body.code).toBe('PAYLOAD_TOO_LARGE');
    expect(res.body.message).toBe('La requête est trop volumineuse.');
  });

  it('refuses a non-JSON body', async () => {
    const res = await raw('<xml/>', 'application/xml');
    expect(res.status).toBe(400);
  });

  it('refuses a weak password at registration with the reason, and creates no account', async () => {
    const res = await client.post<ErrorBody>('/api/auth/register', { email: 'faible@exemple.fr', password: 'azertyuiop12', firstName: 'Jean', lastName: 'Faible' });
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('WEAK_PASSWORD');
    expect(res.body.fields?.['password']?.[0]).toMatch(/trop courant/);
    expect((await new ApiClient().post('/api/auth/login', { email: 'faible@exemple.fr', password: 'azertyuiop12', space: 'patient' })).status).toBe(401);
  });

  it('refuses a second patient account with the same e-mail with 409', async () => {
    const body = { email: 'doublon@exemple.fr', password: 'cheval-agrafe-batterie-2026', firstName: 'Jean', lastName: 'Doublon' };
    expect((await new ApiClient().post('/api/auth/register', body)).status).toBe(201);
    const again = await new ApiClient().post<ErrorBody>('/api/auth/register', body);
    expect(again.status).toBe(409);
    expect(again.body.message).toMatch(/existe déjà/);
  });
});
