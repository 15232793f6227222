// The DTLS certificate of this engine (one per thread, made at its first WebRTC leg): a
// self-signed ECDSA P-256 certificate, as browsers make their own. RFC 8827 §6.5 makes the
// fingerprint in SDP, not a CA, what authenticates it; a fresh one each start is fine.
import { createHash } from 'node:crypto';
import { loadWerift, type Werift } from './werift.ts';

export interface DtlsCertificate {
  certPem: string;
  keyPem: string;
  /** werift's signature/hash pair of the key. */
  signatureHash: Awaited<ReturnType<Werift['CipherContext']['createSelfSignedCertificateWithKey']>>['signatureHash'];
  /** `sha-256 AB:CD:…` (RFC 8122 §5) for a=fingerprint. */
  fingerprint: string;
}

let made: Promise<DtlsCertificate> | undefined;

export function dtlsCertificate(): Promise<DtlsCertificate> {
  made ??= (async () => {
    const w = await loadWerift();
    const { certPem, keyPem, signatureHash } = await w.CipherContext.createSelfSignedCertificateWithKey(
      { signature: w.SignatureAlgorithm.ecdsa_3, hash: w.HashAlgorithm.sha256_4 },
      w.NamedCurveAlgorithm.secp256r1_23,
    );
    return { certPem, keyPem, signatureHash, fingerprint: `sha-256 ${sha256Fingerprint(derOf(certPem))}` };
  })();
  return made;
}

export function derOf(pem: string): Buffer {
  return Buffer.from(pem.replace(/-----[^-]+-----/g, '').replace(/\s+/g, ''), 'base64');
}

/** Upper-case hex pairs joined by colons (RFC 8122 §5 fingerprint syntax). */
export function sha256Fingerprint(der: Buffer): string {
  return createHash('sha256').update(der).digest('hex').toUpperCase().match(/../g)?.join(':') ?? '';
}

/** The fingerprint of `der` by a=fingerprint's hash name (sha-1, sha-256 … as node:crypto names them). */
export function fingerprintOf(der: Buffer, algorithm: string): string | undefined {
  const name = algorithm.toLowerCase().replace('-', '');
  try {
    return createHash(name).update(der).digest('hex').toUpperCase().match(/../g)?.join(':');
  } catch {
    return undefined;
  }
}
