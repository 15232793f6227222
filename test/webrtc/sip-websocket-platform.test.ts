/**
 * The platform's SIP WebSocket over TLS (HOTLINE_TLS_CERT): `wss://…/sip` on the HTTPS port takes
 * a REGISTER with the agent's digest credentials like a desk phone's (401, then 200), binds the
 * browser's `.invalid` Contact with the connection as its source (`wss`), and drops the binding the
 * moment the connection closes. An upgrade without the `sip` subprotocol is refused.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { WebSocket } from 'ws';
import { startHarness, tenantWithNumber } from '../support/platform-harness.ts';
import type { Harness } from '../support/platform-harness.ts';
import { selfSignedCertificate, type TestCertificate } from '../support/self-signed.ts';
import { until } from '../support/until.ts';
import { answerChallenge } from '../../src/sip/auth/answer-challenge.ts';

let h: Harness;
let cert: TestCertificate;

before(async () => {
  cert = selfSignedCertificate();
  h = await startHarness({ env: { HOTLINE_TLS_CERT: cert.certFile, HOTLINE_TLS_KEY: cert.keyFile } });
  await h.provision({ tenants: [tenantWithNumber('4006123456', [{ sip: '1001' }], [{ username: 'agent1001', role: 'agent', agentId: '1001', sip: { username: '1001', password: 'phone-secret-1001' } }])] });
});

after(async () => {
  await h?.stop();
  cert?.remove();
});

function register(cseq: number, authorization?: string): string {
  return [
    'REGISTER sip:127.0.0.1 SIP/2.0',
    `Via: SIP/2.0/WSS k3j2h1.invalid;branch=z9hG4bK-reg${cseq}`,
    'Max-Forwards: 70',
    'From: <sip:1001@127.0.0.1>;tag=b1',
    'To: <sip:1001@127.0.0.1>',
    'Call-ID: browser-reg-1',
    `CSeq: ${cseq} REGISTER`,
    'Contact: <sip:q8w7e6@k3j2h1.invalid;transport=ws>;expires=300',
    ...(authorization ? [`Authorization: ${authorization}`] : []),
    '',
    '',
  ].join('\r\n');
}

test('wss://…/sip: digest REGISTER as for a desk phone, bound over the connection, dropped when it closes', async () => {
  const ws = new WebSocket(`wss://127.0.0.1:${h.platform.httpPort}/sip`, 'sip', { rejectUnauthorized: false });
  const received: string[] = [];
  ws.on('message', (d: Buffer) => received.push(d.toString('utf8')));
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('error', reject);
  });
  assert.equal(ws.protocol, 'sip');
  ws.send(register(1));
  await until(() => received.length === 1, 'the challenge');
  assert.match(received[0] ?? '', /^SIP\/2\.0 401 /);
  const challenge = /^WWW-Authenticate: (.*)\r$/m.exec(received[0] ?? '')?.[1] ?? '';
  ws.send(register(2, answerChallenge(challenge, { username: '1001', password: 'phone-secret-1001', method: 'REGISTER', uri: 'sip:127.0.0.1' })));
  await until(() => received.length === 2, 'the answer to the authenticated REGISTER');
  assert.match(received[1] ?? '', /^SIP\/2\.0 200 /);
  assert.match(received[1] ?? '', /^Via: SIP\/2\.0\/WSS k3j2h1\.invalid;branch=z9hG4bK-reg2;rport=\d+;received=127\.0\.0\.1\r$/m);
  const [binding] = h.platform.registrar.lookup('1001');
  assert.ok(binding, `a binding (${JSON.stringify(h.platform.registrar.bindingCount())})`);
  assert.equal(binding.source.transport, 'wss');
  ws.close();
  await until(() => h.platform.registrar.bindingCount() === 0, 'the binding to go with the connection');
});

test('an upgrade to /sip without the "sip" subprotocol is refused', async () => {
  const ws = new WebSocket(`wss://127.0.0.1:${h.platform.httpPort}/sip`, { rejectUnauthorized: false });
  const status = await new Promise<number>((resolve) => {
    ws.once('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
    ws.once('open', () => resolve(101));
    ws.once('error', () => resolve(-1));
  });
  assert.equal(status, 400);
});
