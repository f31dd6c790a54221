import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { bearerRequest, serverUrl } from './bearer-http';

describe('bearerRequest', () => {
  let server: http.Server;
  let url: string;
  const seen: { method?: string; path?: string; auth?: string; type?: string; body: string }[] = [];

  beforeAll(async () => {
    server = http.createServer((req, res) => {
      let body = '';
      req.on('data', (c) => (body += c));
      req.on('end', () => {
        seen.push({
          method: req.method,
          path: req.url,
          auth: req.headers.authorization,
          type: req.headers['content-type'],
          body,
        });
        res.statusCode = req.url === '/missing' ? 404 : 200;
        res.end(req.url === '/missing' ? '{"message":"gone"}' : '{"ok":true}');
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise((r) => server.close(r)));

  it('sends the token and a JSON body, and hands back any status with its text', async () => {
    const ok = await bearerRequest({ server: url, token: 't0k' }, 'POST', '/api/x?y=1', { a: 1 });
    expect(ok).toMatchObject({ status: 200, text: '{"ok":true}' });
    expect(ok.url.pathname).toBe('/api/x');
    expect(seen.at(-1)).toEqual({
      method: 'POST',
      path: '/api/x?y=1',
      auth: 'Bearer t0k',
      type: 'application/json',
      body: '{"a":1}',
    });
    const missing = await bearerRequest({ server: url, token: 't0k' }, 'GET', '/missing');
    expect(missing).toMatchObject({ status: 404, text: '{"message":"gone"}' });
    expect(seen.at(-1)).toMatchObject({ method: 'GET', type: undefined, body: '' });
  });

  it('rejects with the transport error when nothing answers', async () => {
    const closed = http.createServer();
    await new Promise<void>((r) => closed.listen(0, '127.0.0.1', r));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((r) => closed.close(r));
    await expect(
      bearerRequest({ server: `http://127.0.0.1:${port}`, token: 't' }, 'GET', '/'),
    ).rejects.toThrow(/ECONNREFUSED/);
  });
});

describe('serverUrl', () => {
  it('reads a bare host as https and drops trailing slashes', () => {
    expect(serverUrl('argocd.example.com')).toBe('https://argocd.example.com');
    expect(serverUrl('http://127.0.0.1:8080//')).toBe('http://127.0.0.1:8080');
  });
});
