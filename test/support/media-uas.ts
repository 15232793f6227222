/**
 * A test-only SIP user agent made of the project's own stack — SipEndpoint, UA core, dialogs and
 * the embedded media engine — that answers every INVITE with a media endpoint and hands the
 * answered call to the test. It lets the media engine meet real peers (SIPp, baresip) without the
 * B2BUA in between.
 */
import { SipEndpoint } from '../../src/sip/endpoint/sip-endpoint.ts';
import { UserAgentCore } from '../../src/sip/ua/user-agent-core.ts';
import type { DialogOwner } from '../../src/sip/ua/user-agent-core.ts';
import { Dialog } from '../../src/sip/dialog/dialog.ts';
import { createResponse } from '../../src/sip/message/create-response.ts';
import { generateTag } from '../../src/sip/message/identifiers.ts';
import type { SipRequest } from '../../src/sip/message/message.ts';
import type { ServerTransaction } from '../../src/sip/endpoint/sip-endpoint-types.ts';
import { EmbeddedMediaEngine } from '../../src/media/embedded/embedded-media-engine.ts';
import { parseMessage } from '../../src/sip/message/parse-message.ts';
import { generateCallId } from '../../src/sip/message/identifiers.ts';
import { answerChallenge } from '../../src/sip/auth/answer-challenge.ts';
import type { SipResponse } from '../../src/sip/message/message.ts';
import type { MediaEndpoint } from '../../src/media/media-engine.ts';

export interface AnsweredCall {
  /** The Request-URI user the caller dialled: tests use it to pick a behaviour. */
  user: string;
  media: MediaEndpoint;
  /** Resolves when the far end hangs up (BYE). */
  ended: Promise<void>;
  /** Hangs up from our side (BYE). */
  hangup(): void;
}

export interface MediaUas {
  port: number;
  engine: EmbeddedMediaEngine;
  /** Next answered call. */
  nextCall(): Promise<AnsweredCall>;
  /**
   * REGISTERs `username` at the platform from this UA's own socket (digest answered), so calls to
   * that SIP user reach it too; resolves the final status.
   */
  register(platformPort: number, username: string, password: string): Promise<number>;
  close(): Promise<void>;
}

export async function startMediaUas(opts: { rtpPorts: string }): Promise<MediaUas> {
  const endpoint = await SipEndpoint.listen({ address: '127.0.0.1', port: 0 });
  const ua = new UserAgentCore(endpoint, { userAgent: 'media-uas' });
  const engine = new EmbeddedMediaEngine({ bindAddress: '127.0.0.1', ports: opts.rtpPorts });
  const waiting: ((c: AnsweredCall) => void)[] = [];
  const ready: AnsweredCall[] = [];
  ua.application = {
    onRequest(tx: ServerTransaction) {
      if (tx.request.method !== 'INVITE') {
        tx.respond(createResponse(tx.request, 405));
        return;
      }
      void answer(tx).then((call) => {
        const w = waiting.shift();
        if (w) w(call);
        else ready.push(call);
      });
    },
  };

  async function answer(tx: ServerTransaction): Promise<AnsweredCall> {
    const invite: SipRequest = tx.request;
    const media = await engine.createEndpoint({ label: 'uas', signallingAddress: tx.source.address });
    const sdp = await media.setRemoteOffer(invite.body.toString('utf8'));
    const tag = generateTag();
    const dialog = Dialog.asUas(invite, tag);
    let endedResolve!: () => void;
    const ended = new Promise<void>((r) => (endedResolve = r));
    const owner: DialogOwner = {
      onDialogRequest(req) {
        if (req.request.method === 'INVITE' && req.request.body.length > 0) {
          // A re-INVITE with an offer (the platform holds or unholds us): answer it from the endpoint.
          void media.setRemoteOffer(req.request.body.toString('utf8')).then((answer) => {
            const ok = createResponse(req.request, 200);
            ok.headers.setContact([ua.contact()]);
            ok.headers.set('Content-Type', 'application/sdp');
            ok.body = Buffer.from(answer);
            req.respond(ok);
          });
          return;
        }
        req.respond(createResponse(req.request, 200));
        if (req.request.method === 'BYE') {
          ua.removeDialog(dialog);
          endedResolve();
        }
      },
      onDialogAck() {},
    };
    ua.addDialog(dialog, owner);
    const ok = createResponse(invite, 200, 'OK', { toTag: tag });
    ok.headers.setContact([ua.contact()]);
    ok.headers.set('Content-Type', 'application/sdp');
    ok.body = Buffer.from(sdp);
    tx.respond(ok);
    const user = invite.uri.kind === 'sip' ? (invite.uri.user ?? '') : '';
    return {
      user,
      media,
      ended,
      hangup: () => {
        ua.removeDialog(dialog);
        ua.send(dialog.createRequest('BYE', { contact: ua.contact() }), { onFinal: () => endedResolve() });
      },
    };
  }

  async function register(platformPort: number, username: string, password: string): Promise<number> {
    const callId = generateCallId();
    const uri = `sip:127.0.0.1:${platformPort}`;
    const request = (cseq: number, authorization?: string) =>
      parseMessage(
        Buffer.from(
          [
            `REGISTER ${uri} SIP/2.0`,
            `From: <sip:${username}@127.0.0.1>;tag=${callId.slice(0, 8)}`,
            `To: <sip:${username}@127.0.0.1>`,
            `Call-ID: ${callId}`,
            `CSeq: ${cseq} REGISTER`,
            `Contact: <sip:${username}@127.0.0.1:${endpoint.port}>`,
            'Expires: 600',
            'Max-Forwards: 70',
            ...(authorization ? [`Authorization: ${authorization}`] : []),
            'Content-Length: 0',
            '',
            '',
          ].join('\r\n'),
        ),
      ) as SipRequest;
    const send = (req: SipRequest) =>
      new Promise<SipResponse>((resolve, reject) => {
        ua.send(req, { onFinal: resolve, onTimeout: () => reject(new Error('REGISTER timed out')), onTransportError: reject });
      });
    const first = await send(request(1));
    const challenge = first.headers.get('WWW-Authenticate');
    if (first.status !== 401 || !challenge) return first.status;
    return (await send(request(2, answerChallenge(challenge, { username, password, method: 'REGISTER', uri })))).status;
  }

  return {
    port: endpoint.port,
    engine,
    register,
    nextCall: () => {
      const c = ready.shift();
      return c ? Promise.resolve(c) : new Promise((resolve) => waiting.push(resolve));
    },
    close: async () => {
      await engine.close();
      await endpoint.close();
    },
  };
}
