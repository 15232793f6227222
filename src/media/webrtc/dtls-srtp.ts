// DTLS-SRTP (RFC 5763/5764) of one WebRTC leg over werift's DTLS 1.2: the handshake runs over the
// leg's own socket (the caller hands us DTLS records and sends what we give back), the peer's
// certificate must match the fingerprint its SDP gave, and the keys exported from the handshake
// (RFC 5764 §4.2) protect RTP and RTCP both ways.
import type { DtlsCertificate } from './dtls-certificate.ts';
import { fingerprintOf } from './dtls-certificate.ts';
import type { Fingerprint } from './webrtc-sdp.ts';
import type { Werift } from './werift.ts';

type Socket = InstanceType<Werift['DtlsServer']> | InstanceType<Werift['DtlsClient']>;

export type DtlsRole = 'server' | 'client';

export interface DtlsSrtpEvents {
  /** Bytes of the handshake to send to the peer. */
  send(record: Buffer): void;
  ready(): void;
  failed(reason: string): void;
}

export class DtlsSrtp {
  #socket: Socket;
  #srtp: InstanceType<Werift['SrtpSession']> | undefined;
  #srtcp: InstanceType<Werift['SrtcpSession']> | undefined;
  readonly #transport: { type: string; address: { address: string; family: string; port: number }; closed: boolean; onData: (data: Buffer, addr: readonly [string, number]) => void; send: (data: Buffer) => Promise<void>; close: () => Promise<void> };
  #closed = false;
  /** Client role: a HelloVerifyRequest was answered (werift's client throws on a second one). */
  #helloVerified = false;
  /** Packets whose authentication failed (a stranger, or a replay), dropped. */
  authFailures = 0;

  constructor(
    private readonly w: Werift,
    cert: DtlsCertificate,
    readonly role: DtlsRole,
    private readonly remoteFingerprints: Fingerprint[],
    private readonly events: DtlsSrtpEvents,
  ) {
    this.#transport = {
      type: 'hotline',
      address: { address: '', family: 'IPv4', port: 0 },
      closed: false,
      onData: () => undefined,
      send: async (data) => {
        if (!this.#closed) events.send(data);
      },
      close: async () => undefined,
    };
    const options = {
      cert: cert.certPem,
      key: cert.keyPem,
      signatureHash: cert.signatureHash,
      transport: this.#transport,
      srtpProfiles: [w.ProtectionProfileAeadAes128Gcm, w.ProtectionProfileAes128CmHmacSha1_80],
      extendedMasterSecret: true,
    };
    this.#socket = role === 'server' ? new w.DtlsServer({ ...options, certificateRequest: true }) : new w.DtlsClient(options);
    this.#socket.onConnect.once(() => this.#connected());
    this.#socket.onError.once((err: Error) => this.#fail(`DTLS failed: ${err.message}`));
  }

  get ready(): boolean {
    return this.#srtp !== undefined;
  }

  /** Client role: starts the handshake (once ICE has a path). */
  start(): void {
    if (this.role === 'client' && !this.#closed) (this.#socket as InstanceType<Werift['DtlsClient']>).connect().catch((err: Error) => this.#fail(`DTLS failed: ${err.message}`));
  }

  /** A DTLS record from the peer (RFC 7983: first byte 20–63). The buffer is copied. */
  receive(record: Buffer): void {
    if (this.#closed) return;
    // RFC 6347 §4.2.4: a repeated flight is normal (a server answers each repeat of our ClientHello
    // with another HelloVerifyRequest); after the first, the ClientHello with its cookie is out and
    // our own timer repeats it, so further HelloVerifyRequests are dropped.
    if (this.role === 'client' && isHelloVerifyRequest(record)) {
      if (this.#helloVerified) return;
      this.#helloVerified = true;
    }
    this.#transport.onData(Buffer.from(record), ['', 0]);
  }

  #connected(): void {
    const remote = this.#socket.remoteCertificate;
    const der = remote === undefined ? undefined : Buffer.from(remote);
    // RFC 8122 §5 / RFC 5763 §5: the certificate must match a fingerprint of the SDP.
    const ok = der !== undefined && this.remoteFingerprints.some((f) => fingerprintOf(der, f.algorithm) === f.value);
    if (!ok) return this.#fail('the peer\'s DTLS certificate does not match its SDP fingerprint');
    const profile = this.#socket.srtp.srtpProfile;
    if (profile === undefined) return this.#fail('the peer negotiated no SRTP profile (use_srtp)');
    const keys = this.#socket.extractSessionKeys(this.w.keyLength(profile), this.w.saltLength(profile)) as { localKey: Buffer; localSalt: Buffer; remoteKey: Buffer; remoteSalt: Buffer };
    const config = { keys: { localMasterKey: keys.localKey, localMasterSalt: keys.localSalt, remoteMasterKey: keys.remoteKey, remoteMasterSalt: keys.remoteSalt }, profile };
    this.#srtp = new this.w.SrtpSession(config);
    this.#srtcp = new this.w.SrtcpSession(config);
    this.events.ready();
  }

  #fail(reason: string): void {
    if (this.#closed) return;
    this.close();
    this.events.failed(reason);
  }

  /** SRTP of one RTP packet, or undefined before the keys exist. */
  protectRtp(packet: Buffer): Buffer | undefined {
    const srtp = this.#srtp;
    if (srtp === undefined) return undefined;
    const header = this.w.RtpHeader.deSerialize(packet);
    return srtp.encrypt(packet.subarray(header.payloadOffset), header);
  }

  protectRtcp(packet: Buffer): Buffer | undefined {
    return this.#srtcp?.encrypt(packet);
  }

  /** The RTP packet, or undefined when it does not authenticate (or before the keys exist). */
  unprotectRtp(packet: Buffer): Buffer | undefined {
    return this.#unprotect(() => this.#srtp?.decrypt(Buffer.from(packet)));
  }

  unprotectRtcp(packet: Buffer): Buffer | undefined {
    return this.#unprotect(() => this.#srtcp?.decrypt(Buffer.from(packet)));
  }

  #unprotect(fn: () => Buffer | undefined): Buffer | undefined {
    try {
      return fn();
    } catch {
      this.authFailures++;
      return undefined;
    }
  }

  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#transport.closed = true;
    try {
      this.#socket.close();
    } catch {
      // Closing a handshake that never finished may throw inside werift; nothing is left to free.
    }
  }
}

/** A plaintext handshake record (type 22, epoch 0) carrying a HelloVerifyRequest (type 3). */
function isHelloVerifyRequest(record: Buffer): boolean {
  return record.length > 13 && record[0] === 22 && record.readUInt16BE(3) === 0 && record[13] === 3;
}
