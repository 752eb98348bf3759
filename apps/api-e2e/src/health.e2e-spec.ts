import { ApiClient } from '../../../tools/test/http-client';

describe('health probes', () => {
  const api = new ApiClient();

  it('GET /health answers 200', async () => {
    const response = await api.get('/health');
    expect(response.status).toBe(200);
  });

  it('GET /ready answers 200 with a JSON body', async () => {
    const response = await api.get('/ready');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('application/json');
    expect(typeof response.body).toBe('object');
  });
});
