/**
 * Short-lived SIP credentials for the browser desk. Only HA1 hashes of a user's SIP password are
 * stored, so the desk cannot know it; instead a signed-in agent is issued a digest user name that
 * carries its own expiry (`<sip user>/<unix seconds>`: '/' is never in a SIP user name, so it
 * cannot collide with a real account) and a password that is an HMAC of that name under a secret
 * kept in the data directory. The registrar recomputes the password from the name, so nothing
 * is stored per issue, any node sharing the data directory accepts it, and it dies on its own.
 */
import { createHmac, randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Kysely } from 'kysely';
import { computeHa1 } from '../sip/auth/index.ts';
import type { DigestAlgorithm } from '../sip/auth/index.ts';
import { isWebSocket } from '../sip/transport/address.ts';
import type { TransportName } from '../sip/transport/address.ts';
import { findSipAccount } from './find-sip-credentials.ts';

/** A desk's working day: the desk asks for new ones when it opens again. */
export const SOFTPHONE_CREDENTIALS_TTL_MS = 12 * 3600_000;
const SECRET_FILE = 'softphone-credentials.key';
const SEPARATOR = '/';

export interface SoftphoneCredentials {
  /** The SIP user (the address-of-record the browser registers). */
  sipUsername: string;
  /** The digest user name to authenticate with (JsSIP's `authorization_user`). */
  authorizationUser: string;
  password: string;
  expiresAt: Date;
}

const secrets = new Map<string, Buffer>();

/** The data directory's secret, made on first use (mode 0600); cached per directory. */
export function softphoneSecret(dataDir: string): Buffer {
  const cached = secrets.get(dataDir);
  if (cached) return cached;
  const path = join(dataDir, SECRET_FILE);
  let secret: Buffer;
  try {
    secret = readFileSync(path);
  } catch {
    mkdirSync(dataDir, { recursive: true });
    try {
      writeFileSync(path, randomBytes(32), { mode: 0o600, flag: 'wx' });
    } catch (err) {
      // Another process made it first: theirs is the one to share.
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
    secret = readFileSync(path);
  }
  if (secret.length < 32) throw new Error(`${path} is shorter than 32 bytes`);
  secrets.set(dataDir, secret);
  return secret;
}

const passwordFor = (secret: Buffer, authorizationUser: string): string =>
  createHmac('sha256', secret).update(`hotline-softphone:${authorizationUser}`).digest('base64url');

export function issueSoftphoneCredentials(secret: Buffer, sipUsername: string, now: Date, ttlMs = SOFTPHONE_CREDENTIALS_TTL_MS): SoftphoneCredentials {
  const expiresSeconds = Math.floor((now.getTime() + ttlMs) / 1000);
  const authorizationUser = `${sipUsername}${SEPARATOR}${expiresSeconds}`;
  return { sipUsername, authorizationUser, password: passwordFor(secret, authorizationUser), expiresAt: new Date(expiresSeconds * 1000) };
}

/** The SIP user and expiry an issued digest user name carries; undefined for any other name. */
export function parseSoftphoneUser(authorizationUser: string): { sipUsername: string; expiresAtMs: number } | undefined {
  const m = /^([^/]+)\/(\d{1,12})$/.exec(authorizationUser);
  if (!m) return undefined;
  return { sipUsername: m[1] as string, expiresAtMs: Number(m[2]) * 1000 };
}

/**
 * The registrar's answer for an issued name: the HA1 of its password and the SIP user it stands
 * for, while unexpired, over a browser's transport (ws/wss), for an account still enabled in this
 * realm; undefined otherwise (the digest check then fails like a wrong password).
 */
export async function softphoneHa1(
  db: Kysely<object>, secret: Buffer, o: { authorizationUser: string; realm: string; algorithm: DigestAlgorithm; transport: TransportName; nowMs: number },
): Promise<{ ha1: string; user: string } | undefined> {
  const parsed = parseSoftphoneUser(o.authorizationUser);
  if (!parsed || !isWebSocket(o.transport) || parsed.expiresAtMs <= o.nowMs) return undefined;
  if (!(await findSipAccount(db, parsed.sipUsername, o.realm, o.algorithm))) return undefined;
  return { ha1: computeHa1(o.authorizationUser, o.realm, passwordFor(secret, o.authorizationUser), o.algorithm), user: parsed.sipUsername };
}
