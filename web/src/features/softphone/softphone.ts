// The agent's browser as a phone: JsSIP over the platform's SIP WebSocket (/sip, RFC 7118),
// registered with the agent's SIP credentials (the same digest as a desk phone), WebRTC media to the
// platform's media engine. The platform is ICE-lite and needs none of our candidates (it answers
// our checks), so ICE gathering is ended at the first candidate instead of JsSIP's wait for it to
// complete; no STUN server is ever used.
import JsSIP from 'jssip';
import type { RTCSession } from 'jssip/lib/RTCSession';
import type { UA } from 'jssip/lib/UA';

export type SoftphoneState = 'stopped' | 'connecting' | 'registered' | 'unregistered' | 'failed';
export type CallState = 'idle' | 'ringing' | 'connecting' | 'active' | 'held' | 'ended';

export interface SoftphoneOptions {
  /** ws(s)://host:port/sip; default: this page's origin. */
  webSocketUrl?: string;
  /** The agent's SIP username and password (the same as for a desk phone). */
  username: string;
  password: string;
  /**
   * The digest user name when it is not `username`: the desk's short-lived credentials
   * (POST /api/v1/me/softphone-credentials → `authorizationUser`, `password`).
   */
  authorizationUser?: string;
  /** The SIP domain (the platform's realm host); default: the page's host name. */
  domain?: string;
  /** Where the remote audio plays (an <audio> element); one is made when absent. */
  audio?: HTMLAudioElement;
}

export interface IncomingCall {
  /** The caller's number as the platform shows it (R12: the real caller). */
  from: string;
  displayName: string;
}

export function defaultWebSocketUrl(location: Location = window.location): string {
  return `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/sip`;
}

export class Softphone {
  readonly #ua: UA;
  readonly audio: HTMLAudioElement;
  #session: RTCSession | undefined;
  state: SoftphoneState = 'stopped';
  callState: CallState = 'idle';
  incoming: IncomingCall | undefined;
  /** The far end's audio once a call has media. */
  remoteStream: MediaStream | undefined;
  /** Told of every change of `state`, `callState` or `incoming`. */
  onChange: () => void = () => undefined;

  constructor(readonly options: SoftphoneOptions) {
    const domain = options.domain ?? window.location.hostname;
    const socket = new JsSIP.WebSocketInterface(options.webSocketUrl ?? defaultWebSocketUrl());
    this.#ua = new JsSIP.UA({
      sockets: [socket],
      uri: `sip:${options.username}@${domain}`,
      authorization_user: options.authorizationUser ?? options.username,
      password: options.password,
      register: true,
      session_timers: false,
      // The platform re-registers nothing for us: a closed page drops the binding at once anyway.
      register_expires: 300,
    });
    this.audio = options.audio ?? document.createElement('audio');
    this.audio.autoplay = true;
    this.#ua.on('connecting', () => this.#set({ state: 'connecting' }));
    this.#ua.on('registered', () => this.#set({ state: 'registered' }));
    this.#ua.on('unregistered', () => this.#set({ state: 'unregistered' }));
    this.#ua.on('registrationFailed', () => this.#set({ state: 'failed' }));
    this.#ua.on('newRTCSession', (e: { session: RTCSession; originator: string }) => this.#newSession(e.session, e.originator));
  }

  start(): void {
    this.#ua.start();
  }

  /**
   * New digest credentials (the desk's are short-lived, POST /api/v1/me/softphone-credentials):
   * registers again with them at once, so the binding never outlives the password it was made with.
   */
  renewCredentials(authorizationUser: string, password: string): void {
    this.#ua.set('authorization_user', authorizationUser);
    this.#ua.set('password', password);
    if (this.state !== 'stopped') this.#ua.register();
  }

  stop(): void {
    this.#session?.terminate();
    this.#ua.stop();
    this.#set({ state: 'stopped' });
  }

  /** Answers the ringing call with the microphone. */
  answer(): void {
    this.#session?.answer({ mediaConstraints: { audio: true, video: false }, pcConfig: { iceServers: [] } });
  }

  /** Rejects a ringing call (486) or hangs up an answered one. */
  hangUp(): void {
    const s = this.#session;
    if (!s || s.isEnded()) return;
    s.terminate(this.callState === 'ringing' ? { status_code: 486, reason_phrase: 'Busy Here' } : undefined);
  }

  hold(): void {
    this.#session?.hold();
  }

  unhold(): void {
    this.#session?.unhold();
  }

  mute(muted: boolean): void {
    if (muted) this.#session?.mute({ audio: true });
    else this.#session?.unmute({ audio: true });
  }

  /** One key as RFC 4733 telephone-event in the audio (the platform reads it like a desk phone's). */
  sendDtmf(digit: string): void {
    this.#session?.sendDTMF(digit, { transportType: JsSIP.C.DTMF_TRANSPORT.RFC2833 });
  }

  #newSession(session: RTCSession, originator: string): void {
    if (originator !== 'remote') return;
    if (this.#session && !this.#session.isEnded()) {
      session.terminate({ status_code: 486, reason_phrase: 'Busy Here' });
      return;
    }
    this.#session = session;
    const id = session.remote_identity;
    this.#set({ callState: 'ringing', incoming: { from: id.uri.user ?? '', displayName: id.display_name ?? '' } });
    // ICE-lite platform: our candidates are not needed, so do not wait for gathering to complete.
    session.on('icecandidate', (e: { ready: () => void }) => e.ready());
    session.on('peerconnection', (e: { peerconnection: RTCPeerConnection }) => {
      e.peerconnection.addEventListener('track', (t) => {
        const stream = t.streams[0] ?? new MediaStream([t.track]);
        this.remoteStream = stream;
        this.audio.srcObject = stream;
        void this.audio.play().catch(() => undefined);
        this.onChange();
      });
    });
    session.on('accepted', () => this.#set({ callState: 'connecting' }));
    session.on('confirmed', () => this.#set({ callState: 'active' }));
    session.on('hold', () => this.#set({ callState: 'held' }));
    session.on('unhold', () => this.#set({ callState: 'active' }));
    const ended = (): void => {
      this.remoteStream = undefined;
      this.#set({ callState: 'ended', incoming: undefined });
    };
    session.on('ended', ended);
    session.on('failed', ended);
  }

  #set(change: Partial<Pick<Softphone, 'state' | 'callState' | 'incoming'>>): void {
    Object.assign(this, change);
    this.onChange();
  }
}
