/**
 * The desk's short-lived SIP credentials (POST /api/v1/me/softphone-credentials): the stored SIP
 * password is only a hash, so a signed-in agent is issued a digest name carrying its expiry and an
 * HMAC password. The registrar takes them over the SIP WebSocket while unexpired and only for the
 * agent's own SIP user; expired, tampered, someone else's, or over UDP they get 401 like a wrong
 * password. A UDP desk phone still registers with its own password.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createSocket } from 'node:dgram';
import { WebSocket } from 'ws';
import { startHarness, tenantWithNumber } from '../support/platform-harness.ts';
import type { Harness } from '../support/platform-harness.ts';
import { signIn } from '../support/platform-api.ts';
import { until } from '../support/until.ts';
import { answerChallenge } from '../../src/sip/auth/answer-challenge.ts';
import { issueSoftphoneCredentials, softphoneSecret } from '../../src/users/softphone-credentials.ts';

interface Issued { sipUsername: string; authorizationUser: string; password: string; realm: string; expiresAt: string }

let h: Harness;
let issued: Issued;

before(async () => {
  h = await startHarness();
  await h.provision({
    tenants: [tenantWithNumber('4006123456', [{ sip: '1001' }], [
      { username: 'agent1001', password: 'Agent-Passw0rd-1', role: 'agent', agentId: '1001', sip: { username: '1001', password: 'phone-secret-1001' } },
      { username: 'agent1002', password: 'Agent-Passw0rd-2', role: 'agent', agentId: '1002', sip: { username: '1002', password: 'phone-secret-1002' } },
      { username: 'nophone', password: 'Agent-Passw0rd-3', role: 'agent', agentId: '1003' },
    ])],
  });
  const session = await signIn(h, 'agent1001', 'Agent-Passw0rd-1');
  const res = await session.request('POST', '/api/v1/me/softphone-credentials');
  assert.equal(res.status, 200, JSON.stringify(res.body));
  issued = res.body as Issued;
});

after(async () => {
  await h?.stop();
});

function register(transport: 'WS' | 'UDP', user: string, cseq: number, authorization?: string, via = 'k3j2h1.invalid'): string {
  return [
    'REGISTER sip:127.0.0.1 SIP/2.0',
    `Via: SIP/2.0/${transport} ${via};branch=z9hG4bK-reg${user}-${cseq}`,
    'Max-Forwards: 70',
    `From: <sip:${user}@127.0.0.1>;tag=b1`,
    `To: <sip:${user}@127.0.0.1>`,
    `Call-ID: desk-reg-${transport}-${user}`,
    `CSeq: ${cseq} REGISTER`,
    `Contact: <sip:${user}@${via};transport=${transport.toLowerCase()}>;expires=300`,
    ...(authorization ? [`Authorization: ${authorization}`] : []),
    '',
    '',
  ].join('\r\n');
}

const statusOf = (response: string): number => Number(/^SIP\/2\.0 (\d{3}) /.exec(response)?.[1] ?? 0);
const challengeOf = (response: string): string => /^WWW-Authenticate: (.*)\r$/m.exec(response)?.[1] ?? '';

/** REGISTER `user` over a fresh ws://…/sip, answering the challenge as `authUser`/`password`; the final status. */
async function registerOverWebSocket(user: string, authUser: string, password: string): Promise<{ status: number; ws: WebSocket }> {
  const ws = new WebSocket(`ws://127.0.0.1:${h.platform.httpPort}/sip`, 'sip');
  const received: string[] = [];
  ws.on('message', (d: Buffer) => received.push(d.toString('utf8')));
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('error', reject);
  });
  ws.send(register('WS', user, 1));
  await until(() => received.length === 1, 'the challenge');
  ws.send(register('WS', user, 2, answerChallenge(challengeOf(received[0] ?? ''), { username: authUser, password, method: 'REGISTER', uri: 'sip:127.0.0.1' })));
  await until(() => received.length === 2, 'the answer to the authenticated REGISTER');
  return { status: statusOf(received[1] ?? ''), ws };
}

async function registerOverUdp(user: string, authUser: string, password: string): Promise<number> {
  const socket = createSocket('udp4');
  const received: string[] = [];
  socket.on('message', (m) => received.push(m.toString('utf8')));
  await new Promise<void>((r) => socket.bind(0, '127.0.0.1', () => r()));
  const via = `127.0.0.1:${socket.address().port}`;
  try {
    socket.send(register('UDP', user, 1, undefined, via), h.platform.sipPort, '127.0.0.1');
    await until(() => received.length === 1, 'the challenge over UDP');
    socket.send(register('UDP', user, 2, answerChallenge(challengeOf(received[0] ?? ''), { username: authUser, password, method: 'REGISTER', uri: 'sip:127.0.0.1' }), via), h.platform.sipPort, '127.0.0.1');
    await until(() => received.length === 2, 'the answer over UDP');
    return statusOf(received[1] ?? '');
  } finally {
    socket.close();
  }
}

test('the issued credentials register the agent’s own SIP user over ws://…/sip', async () => {
  assert.equal(issued.sipUsername, '1001');
  assert.match(issued.authorizationUser, /^1001\/\d+$/);
  assert.ok(Date.parse(issued.expiresAt) > Date.now());
  const { status, ws } = await registerOverWebSocket('1001', issued.authorizationUser, issued.password);
  assert.equal(status, 200);
  const [binding] = h.platform.registrar.lookup('1001');
  assert.equal(binding?.source.transport, 'ws');
  ws.close();
  await until(() => h.platform.registrar.bindingCount() === 0, 'the binding to go with the connection');
});

test('expired, tampered and someone else’s credentials get 401; a REGISTER for another user 403', async () => {
  const secret = softphoneSecret(h.dataDir);
  const expired = issueSoftphoneCredentials(secret, '1001', new Date(Date.now() - 2 * 3600_000), 3600_000);
  const tamperedExpiry = issued.authorizationUser.replace(/\/(\d+)$/, (_m, s: string) => `/${Number(s) + 86_400}`);
  const cases: [string, string, string, number][] = [
    ['expired', '1001', expired.authorizationUser, 401],
    ['expiry moved on', '1001', tamperedExpiry, 401],
    ['password changed', '1001', issued.authorizationUser, 401],
    ['another user’s name with this password', '1002', issued.authorizationUser.replace(/^1001/, '1002'), 401],
    ['this name for another user’s address', '1002', issued.authorizationUser, 403],
  ];
  for (const [what, user, authUser, want] of cases) {
    const password = what === 'password changed' ? `${issued.password.slice(0, -1)}${issued.password.endsWith('A') ? 'B' : 'A'}` : what === 'expired' ? expired.password : issued.password;
    const { status, ws } = await registerOverWebSocket(user, authUser, password);
    ws.close();
    assert.equal(status, want, what);
  }
  assert.equal(h.platform.registrar.bindingCount(), 0);
});

test('over UDP the issued credentials get 401; the desk phone registers with its own password', async () => {
  assert.equal(await registerOverUdp('1001', issued.authorizationUser, issued.password), 401);
  assert.equal(await registerOverUdp('1001', '1001', 'phone-secret-1001'), 200);
  assert.equal(h.platform.registrar.lookup('1001')[0]?.source.transport, 'udp');
});

test('an agent without a SIP account gets 409 with a reason', async () => {
  const session = await signIn(h, 'nophone', 'Agent-Passw0rd-3');
  const res = await session.request('POST', '/api/v1/me/softphone-credentials');
  assert.equal(res.status, 409);
  assert.match(JSON.stringify(res.body), /SIP phone account/);
});
