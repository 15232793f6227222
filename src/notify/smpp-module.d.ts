/**
 * The slice of the untyped `smpp` package (node-smpp 0.5) the notify module uses: sessions,
 * servers (tests), PDUs and the text encodings.
 */
declare module 'smpp' {
  import type { Server as NetServer, Socket } from 'node:net';

  export interface Pdu {
    command: string;
    command_status: number;
    sequence_number: number;
    [field: string]: unknown;
    isResponse(): boolean;
    response(options?: Record<string, unknown>): Pdu;
  }

  export type PduCallback = (pdu: Pdu) => void;

  export interface SessionOptions {
    host?: string;
    port?: number;
    url?: string;
    auto_enquire_link_period?: number;
    connectTimeout?: number;
  }

  export class Session {
    socket: Socket;
    on(event: 'connect' | 'close', listener: () => void): this;
    on(event: 'error', listener: (err: Error) => void): this;
    on(event: string, listener: PduCallback): this;
    once(event: string, listener: (...args: unknown[]) => void): this;
    removeAllListeners(event?: string): this;
    send(pdu: Pdu, responseCallback?: PduCallback, sendCallback?: PduCallback): boolean;
    close(callback?: () => void): void;
    destroy(callback?: () => void): void;
    pause(): void;
    resume(): void;
    bind_transceiver(options: Record<string, unknown>, responseCallback?: PduCallback): boolean;
    submit_sm(options: Record<string, unknown>, responseCallback?: PduCallback): boolean;
    enquire_link(options?: Record<string, unknown> | PduCallback, responseCallback?: PduCallback): boolean;
    unbind(options?: Record<string, unknown> | PduCallback, responseCallback?: PduCallback): boolean;
    deliver_sm_resp?: unknown;
  }

  export interface Server extends NetServer {
    sessions: Session[];
  }

  export interface Encoding {
    match(value: string): boolean;
    encode(value: string): Buffer;
    decode(value: Buffer): string;
  }

  export function connect(options: SessionOptions, listener?: () => void): Session;
  export function createServer(listener: (session: Session) => void): Server;

  export const encodings: { ASCII: Encoding; LATIN1: Encoding; UCS2: Encoding };
  export const ESME_ROK: number;
  export const ESME_RBINDFAIL: number;
  export const ESME_RINVDSTADR: number;
  export const ESME_RTHROTTLED: number;
  export const ESME_RMSGQFUL: number;
  export const ESME_RSYSERR: number;

  const smpp: {
    connect: typeof connect;
    createServer: typeof createServer;
    encodings: typeof encodings;
    ESME_ROK: number;
    ESME_RBINDFAIL: number;
    ESME_RINVDSTADR: number;
    ESME_RTHROTTLED: number;
    ESME_RMSGQFUL: number;
    ESME_RSYSERR: number;
  };
  export default smpp;
}
