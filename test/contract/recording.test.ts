// Proves the recording path of `npm run test:record` end to end, without AWS: a small local HTTP
// server on 127.0.0.1 plays a user pool with real-looking credentials and tokens; every scenario is
// recorded against it in nock.back `update` mode into a temp directory; the written fixtures must
// hold none of the real values and only the canonical host; then, with the server stopped, they
// are replayed in `lockdown` mode.
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import nock from 'nock';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CognitoOAuthError, computeCodeChallenge, generateRandomValue } from '../../src/index.js';
import { CANONICAL_ORIGIN } from '../support/nock-back.js';
import { PLACEHOLDERS, SCENARIOS, runScenario } from '../support/scenarios.js';

const stamp = randomUUID().slice(0, 8);
const CLIENTS: Record<string, { secret: string; refreshToken: string; rotates: boolean }> = {
  [`realclient${stamp}`]: { secret: `real-secret-${randomUUID()}`, refreshToken: `real-refresh-${randomUUID()}`, rotates: false },
  [`realrotating${stamp}`]: {
    secret: `real-rotating-secret-${randomUUID()}`,
    refreshToken: `real-rotating-refresh-${randomUUID()}`,
    rotates: true,
  },
  [`realm2m${stamp}`]: { secret: `real-m2m-secret-${randomUUID()}`, refreshToken: '', rotates: false },
};
const [PLAIN, ROTATING, M2M] = Object.keys(CLIENTS) as [string, string, string];
const REAL = {
  redirectUri: `https://real-app-${stamp}.example.org/auth/callback`,
  code: `real-code-${randomUUID()}`,
  verifier: generateRandomValue(),
  accessToken: `real-access-${randomUUID()}`,
  revokeToken: `real-revoke-refresh-${randomUUID()}`,
  scope: `real-api-${stamp}.example.org/orders.read`,
  sub: randomUUID(),
  email: `real.person.${stamp}@real-corp.example`,
};
/** Every token the fake pool hands out, so the fixtures can be checked for them. */
const issued: string[] = [];

function issue(kind: string): string {
  const token = `real-issued-${kind}-${randomUUID()}`;
  issued.push(token);
  return token;
}

function clientOf(request: http.IncomingMessage, form: URLSearchParams): { id: string; ok: boolean } {
  const header = request.headers.authorization ?? '';
  if (header.startsWith('Basic ')) {
    const decoded = Buffer.from(header.slice(6), 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    const id = decoded.slice(0, colon);
    return { id, ok: CLIENTS[id]?.secret === decoded.slice(colon + 1) };
  }
  const id = form.get('client_id') ?? '';
  return { id, ok: CLIENTS[id] !== undefined && CLIENTS[id].secret === form.get('client_secret') };
}

async function handle(
  request: http.IncomingMessage,
  body: string,
): Promise<{ status: number; json?: unknown; headers?: Record<string, string> }> {
  const form = new URLSearchParams(body);
  const url = new URL(request.url ?? '/', 'http://127.0.0.1');
  if (request.method === 'GET' && url.pathname === '/oauth2/userInfo') {
    if (request.headers.authorization !== `Bearer ${REAL.accessToken}`) {
      return {
        status: 401,
        headers: {
          'www-authenticate':
            'error="invalid_token", error_description="Access token is expired, disabled, or deleted, or the user has globally signed out."',
        },
      };
    }
    return {
      status: 200,
      json: {
        sub: REAL.sub,
        email_verified: 'true',
        'custom:plan': 'pro',
        phone_number_verified: 'false',
        phone_number: '+15555550123',
        email: REAL.email,
        username: `realperson${stamp}`,
      },
    };
  }
  if (request.method !== 'POST') return { status: 404 };
  const client = clientOf(request, form);
  if (!client.ok) return { status: url.pathname === '/oauth2/revoke' ? 401 : 400, json: { error: 'invalid_client' } };
  if (url.pathname === '/oauth2/revoke') return { status: 200 };
  if (url.pathname !== '/oauth2/token') return { status: 404 };
  const grant = form.get('grant_type');
  const tokens = { access_token: issue('access'), token_type: 'Bearer', expires_in: 3600 };
  if (grant === 'authorization_code') {
    const verifierOk = (await computeCodeChallenge(form.get('code_verifier') ?? '')) === (await computeCodeChallenge(REAL.verifier));
    if (form.get('code') !== REAL.code || !verifierOk || form.get('redirect_uri') !== REAL.redirectUri)
      return { status: 400, json: { error: 'invalid_grant' } };
    return { status: 200, json: { ...tokens, id_token: issue('id'), refresh_token: issue('refresh') } };
  }
  if (grant === 'refresh_token') {
    const entry = CLIENTS[client.id]!;
    if (form.get('refresh_token') !== entry.refreshToken) return { status: 400, json: { error: 'invalid_grant' } };
    return { status: 200, json: { ...tokens, id_token: issue('id'), ...(entry.rotates ? { refresh_token: issue('rotated') } : {}) } };
  }
  if (grant === 'client_credentials' && client.id === M2M && form.get('scope') === REAL.scope) return { status: 200, json: tokens };
  return { status: 400, json: { error: 'unauthorized_client' } };
}

const server = http.createServer((request, response) => {
  let body = '';
  request.setEncoding('utf8');
  request.on('data', (chunk: string) => (body += chunk));
  request.on('end', () => {
    void handle(request, body).then(({ status, json, headers = {} }) => {
      response.writeHead(status, {
        ...(json === undefined ? {} : { 'content-type': 'application/json;charset=UTF-8' }),
        'set-cookie': `XSRF-TOKEN=real-cookie-${stamp}; Path=/; Secure; HttpOnly`,
        'x-amz-cognito-request-id': randomUUID(),
        'access-control-allow-origin': '*',
        ...headers,
      });
      response.end(json === undefined ? '' : JSON.stringify(json));
    });
  });
});

let env: Record<string, string>;
let dir: string;

beforeAll(async () => {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  env = {
    COGNITO_DOMAIN: `http://127.0.0.1:${port}`,
    COGNITO_CLIENT_ID: PLAIN,
    COGNITO_CLIENT_SECRET: CLIENTS[PLAIN]!.secret,
    COGNITO_REDIRECT_URI: REAL.redirectUri,
    COGNITO_AUTH_CODE: REAL.code,
    COGNITO_CODE_VERIFIER: REAL.verifier,
    COGNITO_REFRESH_TOKEN: CLIENTS[PLAIN]!.refreshToken,
    COGNITO_ROTATING_CLIENT_ID: ROTATING,
    COGNITO_ROTATING_CLIENT_SECRET: CLIENTS[ROTATING]!.secret,
    COGNITO_ROTATING_REFRESH_TOKEN: CLIENTS[ROTATING]!.refreshToken,
    COGNITO_M2M_CLIENT_ID: M2M,
    COGNITO_M2M_CLIENT_SECRET: CLIENTS[M2M]!.secret,
    COGNITO_M2M_SCOPE: REAL.scope,
    COGNITO_ACCESS_TOKEN: REAL.accessToken,
    COGNITO_REVOKE_REFRESH_TOKEN: REAL.revokeToken,
  };
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cognito-oauth-record-'));
  nock.back.fixtures = dir;
});

afterAll(async () => {
  if (server.listening) await new Promise((resolve) => server.close(resolve));
  fs.rmSync(dir, { recursive: true, force: true });
  nock.back.setMode('wild');
  nock.restore();
  nock.activate();
});

describe.sequential('recording against a local look-alike pool', () => {
  it('records every scenario in update mode against the live server', async () => {
    nock.back.setMode('update');
    for (const scenario of SCENARIOS) await runScenario(scenario, env);
    expect(fs.readdirSync(dir).sort()).toEqual(SCENARIOS.map((s) => s.fixture).sort());
  });

  it('wrote fixtures without any real id, secret, code, verifier, token, cookie or personal data', () => {
    const realValues = [...Object.values(env), ...issued, stamp, REAL.sub, REAL.email];
    expect(issued.length).toBeGreaterThan(5);
    for (const file of fs.readdirSync(dir)) {
      const text = fs.readFileSync(path.join(dir, file), 'utf8');
      for (const value of realValues) expect(text, `${file} leaks a real value`).not.toContain(value);
      expect(text, file).not.toMatch(/real-|127\.0\.0\.1|XSRF/);
    }
  });

  it('wrote the canonical host, placeholder credentials and no volatile headers', () => {
    const placeholderBasic = `Basic ${btoa(`${PLACEHOLDERS.clientId}:${PLACEHOLDERS.clientSecret}`)}`;
    for (const file of fs.readdirSync(dir)) {
      const definitions = JSON.parse(fs.readFileSync(path.join(dir, file), 'utf8')) as {
        scope: string;
        rawHeaders: Record<string, string>;
        reqheaders?: Record<string, string>;
        response: unknown;
      }[];
      expect(definitions.length, file).toBe(1);
      for (const definition of definitions) {
        expect(definition.scope).toBe(`${CANONICAL_ORIGIN}:443`);
        const names = Object.keys(definition.rawHeaders).map((name) => name.toLowerCase());
        for (const dropped of ['date', 'set-cookie', 'content-length', 'x-amz-cognito-request-id', 'connection', 'keep-alive']) {
          expect(names, file).not.toContain(dropped);
        }
        const authorization = definition.reqheaders?.['authorization'];
        if (file === 'token-authorization-code-success.json' || file === 'revoke-success.json')
          expect(authorization).toBe(placeholderBasic);
        if (file === 'userinfo-success.json') expect(authorization).toBe(`Bearer ${PLACEHOLDERS.accessToken}`);
      }
    }
    const code = JSON.parse(fs.readFileSync(path.join(dir, 'token-authorization-code-success.json'), 'utf8')) as [
      { body: string; response: Record<string, unknown> },
    ];
    expect(Object.fromEntries(new URLSearchParams(code[0].body))).toStrictEqual({
      grant_type: 'authorization_code',
      client_id: PLACEHOLDERS.clientId,
      code: PLACEHOLDERS.code,
      redirect_uri: PLACEHOLDERS.redirectUri,
      code_verifier: PLACEHOLDERS.codeVerifier,
    });
    expect(code[0].response).toMatchObject({ access_token: 'redacted-access_token', refresh_token: 'redacted-refresh_token' });
  });

  it('replays the recordings in lockdown mode with the server stopped', async () => {
    await new Promise((resolve) => server.close(resolve));
    nock.back.setMode('lockdown');
    for (const scenario of SCENARIOS) await runScenario(scenario, undefined);
  });

  it('fails in lockdown mode when a fixture is missing', async () => {
    nock.back.setMode('lockdown');
    fs.rmSync(path.join(dir, 'userinfo-success.json'));
    const scenario = SCENARIOS.find((s) => s.fixture === 'userinfo-success.json')!;
    await expect(runScenario(scenario, undefined)).rejects.toBeInstanceOf(CognitoOAuthError);
  });
});
