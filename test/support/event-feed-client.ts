/**
 * A test client of the event feed (GET /api/v1/events): signs in over HTTP, connects with the
 * session cookie (or an API key header), and collects every message with helpers to wait for one.
 */
import WebSocket from 'ws';

export interface FeedMessage {
  kind: string;
  type?: string;
  seq?: number;
  tenant?: string;
  stream?: string;
  data?: { callId?: string; [k: string]: unknown };
  [k: string]: unknown;
}

export async function signInCookie(httpPort: number, username: string, password: string): Promise<string> {
  const res = await fetch(`http://127.0.0.1:${httpPort}/api/v1/auth/sign-in`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-csrf-token': 'anonymous' }, body: JSON.stringify({ username, password }) });
  if (res.status !== 200) throw new Error(`sign-in ${username}: ${res.status} ${await res.text()}`);
  const cookie = res.headers.get('set-cookie')?.split(';')[0];
  if (!cookie) throw new Error('no session cookie');
  return cookie;
}

export class FeedClient {
  readonly messages: FeedMessage[] = [];
  readonly closed: Promise<{ code: number; reason: string }>;
  private waiters: (() => void)[] = [];

  private constructor(readonly ws: WebSocket) {
    ws.on('message', (data: Buffer) => {
      this.messages.push(JSON.parse(data.toString('utf8')) as FeedMessage);
      for (const w of this.waiters.splice(0)) w();
    });
    this.closed = new Promise((resolve) => ws.on('close', (code, reason) => resolve({ code, reason: reason.toString() })));
  }

  /** Connects; rejects with the HTTP status when the upgrade is refused. */
  static connect(httpPort: number, opts: { cookie?: string; apiKey?: string; origin?: string; query?: string; /** false: a client that never answers pings (a dead one). */ autoPong?: boolean } = {}): Promise<FeedClient> {
    const headers: Record<string, string> = {};
    if (opts.cookie) headers.cookie = opts.cookie;
    if (opts.apiKey) headers.authorization = `Bearer ${opts.apiKey}`;
    const ws = new WebSocket(`ws://127.0.0.1:${httpPort}/api/v1/events${opts.query ? `?${opts.query}` : ''}`, { headers, origin: opts.origin ?? `http://127.0.0.1:${httpPort}`, autoPong: opts.autoPong ?? true });
    const client = new FeedClient(ws);
    return new Promise((resolve, reject) => {
      ws.once('open', () => resolve(client));
      ws.once('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)));
      ws.once('error', reject);
    });
  }

  events(): FeedMessage[] {
    return this.messages.filter((m) => m.kind === 'event');
  }

  /** Resolves with the first message (from `from` on) that matches, waiting up to `ms`. */
  async waitFor(match: (m: FeedMessage) => boolean, ms = 15000, from = 0): Promise<FeedMessage> {
    const deadline = Date.now() + ms;
    for (;;) {
      const found = this.messages.slice(from).find(match);
      if (found) return found;
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`no matching feed message; got ${JSON.stringify(this.messages.map((m) => m.type ?? m.kind))}`);
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, left);
        this.waiters.push(() => {
          clearTimeout(t);
          resolve();
        });
      });
    }
  }

  close(): Promise<{ code: number; reason: string }> {
    this.ws.close(1000, 'bye');
    return this.closed;
  }
}
