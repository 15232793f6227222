/**
 * A desk's softphone reduced to its SIP over WebSocket (RFC 7118): connects to ws://…/sip, registers
 * with digest credentials, and lets INVITEs ring (100, 180) until they are CANCELed (200 + 487) —
 * what the presence and screen-pop tests need of a browser phone without a browser. Closing it is
 * closing the desk's SIP flow.
 */
import { WebSocket } from 'ws';
import { answerChallenge } from '../../src/sip/auth/answer-challenge.ts';
import { until } from '../support/until.ts';

const statusOf = (m: string): number => Number(/^SIP\/2\.0 (\d{3}) /.exec(m)?.[1] ?? 0);
const header = (m: string, name: string): string[] => m.split('\r\n').filter((l) => l.toLowerCase().startsWith(`${name.toLowerCase()}:`));

/** A response to `req` with the headers §8.2.6 copies, a To tag added when missing. */
function respond(req: string, status: string, tag: string): string {
  const to = header(req, 'To')[0] ?? '';
  return [
    `SIP/2.0 ${status}`,
    ...header(req, 'Via'),
    ...header(req, 'From'),
    /;tag=/i.test(to) ? to : `${to};tag=${tag}`,
    ...header(req, 'Call-ID'),
    ...header(req, 'CSeq'),
    'Content-Length: 0',
    '',
    '',
  ].join('\r\n');
}

export class WsSipPhone {
  readonly received: string[] = [];
  readonly closed: Promise<void>;
  #cseq = 1;
  readonly #host = `${Math.random().toString(36).slice(2, 10)}.invalid`;

  private constructor(readonly ws: WebSocket, readonly user: string) {
    ws.on('message', (d: Buffer) => this.#onMessage(d.toString('utf8')));
    this.closed = new Promise((resolve) => ws.once('close', () => resolve()));
  }

  /** Connects and registers `user` answering the challenge as `authUser`/`password`; throws unless 200. */
  static async register(httpPort: number, user: string, authUser: string, password: string): Promise<WsSipPhone> {
    const ws = new WebSocket(`ws://127.0.0.1:${httpPort}/sip`, 'sip');
    await new Promise<void>((resolve, reject) => {
      ws.once('open', () => resolve());
      ws.once('error', reject);
    });
    const phone = new WsSipPhone(ws, user);
    const first = await phone.#register();
    if (statusOf(first) !== 401) throw new Error(`REGISTER: expected a challenge, got ${first.split('\r\n')[0]}`);
    const challenge = header(first, 'WWW-Authenticate')[0]?.replace(/^[^:]*:\s*/, '') ?? '';
    const done = await phone.#register(answerChallenge(challenge, { username: authUser, password, method: 'REGISTER', uri: 'sip:127.0.0.1' }));
    if (statusOf(done) !== 200) throw new Error(`REGISTER: ${done.split('\r\n')[0]}`);
    return phone;
  }

  /** INVITEs received so far. */
  invites(): string[] {
    return this.received.filter((m) => m.startsWith('INVITE '));
  }

  /** Closes the WebSocket (the page went away) and waits for it to be closed. */
  async close(): Promise<void> {
    this.ws.close();
    await this.closed;
  }

  async #register(authorization?: string): Promise<string> {
    const cseq = this.#cseq++;
    const before = this.received.length;
    this.ws.send([
      'REGISTER sip:127.0.0.1 SIP/2.0',
      `Via: SIP/2.0/WS ${this.#host};branch=z9hG4bK-${this.user}-${cseq}-${Date.now()}`,
      'Max-Forwards: 70',
      `From: <sip:${this.user}@127.0.0.1>;tag=desk${cseq}`,
      `To: <sip:${this.user}@127.0.0.1>`,
      `Call-ID: desk-reg-${this.user}-${this.#host}`,
      `CSeq: ${cseq} REGISTER`,
      `Contact: <sip:${this.user}@${this.#host};transport=ws>;expires=600`,
      ...(authorization ? [`Authorization: ${authorization}`] : []),
      'Content-Length: 0',
      '',
      '',
    ].join('\r\n'));
    await until(() => this.received.slice(before).some((m) => m.startsWith('SIP/2.0') && / REGISTER\r$/m.test(m) && !m.startsWith('SIP/2.0 100')), 'the REGISTER’s answer');
    return this.received.slice(before).find((m) => m.startsWith('SIP/2.0') && !m.startsWith('SIP/2.0 100'))!;
  }

  #onMessage(m: string): void {
    this.received.push(m);
    if (this.ws.readyState !== WebSocket.OPEN) return;
    const tag = `ring${this.user}`;
    if (m.startsWith('INVITE ')) {
      this.ws.send(respond(m, '100 Trying', tag));
      this.ws.send(respond(m, '180 Ringing', tag));
    } else if (m.startsWith('CANCEL ')) {
      this.ws.send(respond(m, '200 OK', tag));
      const invite = this.invites().find((i) => header(i, 'Call-ID')[0] === header(m, 'Call-ID')[0]);
      if (invite) this.ws.send(respond(invite, '487 Request Terminated', tag));
    } else if (m.startsWith('BYE ') || m.startsWith('OPTIONS ')) {
      this.ws.send(respond(m, '200 OK', tag));
    }
  }
}
