// Cuts a TCP byte stream into SIP messages. RFC 3261 §18.3: "In the case of stream-oriented
// transports such as TCP, the Content-Length header field indicates the size of the body. All
// implementations MUST be able to use it to find the end of a message." The framer reads only the
// header block's Content-Length (long form or compact `l`); the message parser runs afterwards.
// It is pure: bytes in, frames out; no sockets.

export type StreamFrame =
  /** One complete message: start line, headers and exactly Content-Length body bytes. */
  | { kind: 'message'; data: Buffer }
  /** RFC 5626 §4.4.1 keepalive ping (double CRLF); the transport answers with a single CRLF. */
  | { kind: 'ping' }
  /**
   * The stream cannot be framed any more (too large, bad or conflicting Content-Length). `head` is
   * the header block seen so far, so the transport can still answer a request with an error
   * response before closing the connection.
   */
  | { kind: 'error'; reason: StreamFrameError; head: Buffer }
  /** The peer closed its side in the middle of a message (fewer bytes than Content-Length announced). */
  | { kind: 'truncated'; data: Buffer };

export type StreamFrameError = 'too-large' | 'bad-content-length' | 'conflicting-content-length';

const CR = 0x0d;
const LF = 0x0a;

export class StreamFramer {
  #buf: Buffer = Buffer.alloc(0);
  #failed = false;
  readonly #maxMessage: number;

  constructor(maxMessage: number) {
    this.#maxMessage = maxMessage;
  }

  /** Bytes buffered but not yet framed. */
  get buffered(): number {
    return this.#buf.length;
  }

  /** Feeds a chunk; returns the frames it completes. After an error frame, everything is ignored. */
  push(chunk: Buffer): StreamFrame[] {
    if (this.#failed) return [];
    this.#buf = this.#buf.length === 0 ? chunk : Buffer.concat([this.#buf, chunk]);
    const frames: StreamFrame[] = [];
    for (;;) {
      const frame = this.#next();
      if (frame === undefined) break;
      frames.push(frame);
      if (frame.kind === 'error') {
        this.#failed = true;
        this.#buf = Buffer.alloc(0);
        break;
      }
    }
    return frames;
  }

  /**
   * The peer half-closed the stream. RFC 3261 §18.3: "If the transport packet ends before the end
   * of the message body, this is considered an error." Returns the unfinished message, if any.
   */
  end(): StreamFrame[] {
    if (this.#failed) return [];
    this.#failed = true;
    const rest = this.#buf;
    this.#buf = Buffer.alloc(0);
    for (const b of rest) if (b !== CR && b !== LF) return [{ kind: 'truncated', data: rest }];
    return [];
  }

  #next(): StreamFrame | undefined {
    const ka = this.#skipKeepalives();
    if (ka !== 'message') return ka === 'wait' ? undefined : ka;
    const head = findHeaderEnd(this.#buf);
    if (head === undefined) {
      if (this.#buf.length > this.#maxMessage) return { kind: 'error', reason: 'too-large', head: this.#buf };
      return undefined;
    }
    const headBytes = this.#buf.subarray(0, head.bodyStart);
    const cl = readContentLength(headBytes.toString('latin1', 0, head.headerEnd));
    if (cl.kind === 'bad') return { kind: 'error', reason: 'bad-content-length', head: headBytes };
    if (cl.kind === 'conflict') return { kind: 'error', reason: 'conflicting-content-length', head: headBytes };
    // RFC 3261 §18.3 makes Content-Length mandatory on streams; a message without it is taken as
    // having no body, and the parser/validator decides whether that is acceptable.
    const total = head.bodyStart + (cl.kind === 'value' ? cl.value : 0);
    if (total > this.#maxMessage) return { kind: 'error', reason: 'too-large', head: headBytes };
    if (this.#buf.length < total) return undefined;
    const data = this.#buf.subarray(0, total);
    this.#buf = this.#buf.subarray(total);
    return { kind: 'message', data };
  }

  /**
   * RFC 3261 §7.5: "implementations processing SIP messages over stream-oriented transports MUST
   * ignore any CRLF appearing before the start-line". RFC 5626 §3.5.1: a double CRLF is a ping.
   * Line ends that may still become a ping wait for more bytes.
   */
  #skipKeepalives(): StreamFrame | 'wait' | 'message' {
    for (;;) {
      const b = this.#buf;
      if (b.length === 0) return 'wait';
      if (b[0] !== CR && b[0] !== LF) return 'message';
      if (b.length >= 4 && b[0] === CR && b[1] === LF && b[2] === CR && b[3] === LF) {
        this.#buf = b.subarray(4);
        return { kind: 'ping' };
      }
      if (isPingPrefix(b)) return 'wait';
      this.#buf = b.subarray(b[0] === CR && b[1] === LF ? 2 : 1);
    }
  }
}

/** True when b is shorter than a ping and every byte matches the ping's start. */
function isPingPrefix(b: Buffer): boolean {
  const ping = [CR, LF, CR, LF];
  if (b.length >= ping.length) return false;
  for (let k = 0; k < b.length; k++) if (b[k] !== ping[k]) return false;
  return true;
}

/** Finds the blank line ending the header block (CRLFCRLF, or bare LFLF from lax peers). */
function findHeaderEnd(b: Buffer): { headerEnd: number; bodyStart: number } | undefined {
  const crlf = b.indexOf('\r\n\r\n', 0, 'latin1');
  const lf = b.indexOf('\n\n', 0, 'latin1');
  if (crlf >= 0 && (lf < 0 || crlf + 1 <= lf)) return { headerEnd: crlf, bodyStart: crlf + 4 };
  if (lf >= 0) return { headerEnd: lf, bodyStart: lf + 2 };
  return undefined;
}

type ContentLength = { kind: 'absent' } | { kind: 'value'; value: number } | { kind: 'bad' } | { kind: 'conflict' };

const CONTENT_LENGTH_LINE = /^(?:content-length|l)[ \t]*:[ \t]*(.*?)[ \t]*$/i;

/** Reads Content-Length from a header block, unfolding continuation lines first. */
export function readContentLength(head: string): ContentLength {
  const lines = head.replace(/\r?\n[ \t]+/g, ' ').split(/\r?\n/);
  let found: number | undefined;
  for (const line of lines.slice(1)) {
    const m = CONTENT_LENGTH_LINE.exec(line);
    if (m === null) continue;
    const raw = m[1] ?? '';
    if (!/^\d{1,10}$/.test(raw)) return { kind: 'bad' };
    const value = Number(raw);
    if (found !== undefined && found !== value) return { kind: 'conflict' };
    found = value;
  }
  return found === undefined ? { kind: 'absent' } : { kind: 'value', value: found };
}
