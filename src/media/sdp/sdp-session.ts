// SDP session description as data (RFC 4566 §5). Lines we do not interpret are kept in order, so
// what we parse and serialise again keeps them.

export interface SdpOrigin {
  username: string;
  sessionId: string;
  sessionVersion: string;
  netType: string;
  addrType: string;
  address: string;
}

export interface SdpConnection {
  netType: string;
  /** 'IP4' or 'IP6'. */
  addrType: string;
  address: string;
}

export interface SdpAttribute {
  name: string;
  /** Absent for property attributes (`a=sendonly`). */
  value?: string;
}

/** A line we keep but do not interpret (`i=`, `u=`, `e=`, `p=`, `b=`, `z=`, `k=`, `r=`, ...). */
export interface SdpOtherLine {
  type: string;
  value: string;
}

export interface SdpMedia {
  /** 'audio', 'video', 'application', ... */
  type: string;
  port: number;
  portCount?: number;
  /** 'RTP/AVP', 'RTP/SAVP', ... */
  proto: string;
  formats: string[];
  connection?: SdpConnection;
  /** b=, i=, k= lines of this media section, in order. */
  other: SdpOtherLine[];
  attributes: SdpAttribute[];
}

export interface SdpSession {
  version: number;
  origin: SdpOrigin;
  sessionName: string;
  connection?: SdpConnection;
  /** `t=` start and stop (NTP seconds; 0 0 is a permanent session). */
  timing: { start: string; stop: string };
  /** i=, u=, e=, p=, b=, z=, k=, r= lines at session level, in order. */
  other: SdpOtherLine[];
  attributes: SdpAttribute[];
  media: SdpMedia[];
}

export class SdpParseError extends Error {
  override readonly name = 'SdpParseError';
}
