/**
 * Runs Debian's baresip as a softphone for a test: a temp config dir, loopback only, no audio
 * hardware (an 8 kHz tone as its microphone, a WAV file as its speaker). Either registers and
 * auto-answers (an agent's phone) or dials out and types keys (a caller).
 */
import { freePort, portFree } from './free-port.ts';
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface BaresipOptions {
  sipPort: number;
  rtpPorts: string;
  /** Register at this `host:port` with digest credentials (an agent's phone); absent: no registration. */
  registrar?: string;
  username: string;
  password?: string;
  /** Dial this SIP URI at start (a caller). */
  dial?: string;
  /** Keep what the phone hears and says as WAV files in this directory (sndfile's dump-*-dec.wav is what it heard). */
  audioDumpDir?: string;
  /** A registered phone answers at once (default), or rings until the caller gives up ('manual'). */
  answerMode?: 'auto' | 'manual';
}

export interface Baresip {
  output(): string;
  /** Types keys on the phone's keypad (in a call, each is sent as DTMF). */
  press(keys: string): void;
  /** Quits cleanly (files closed). */
  stop(): Promise<void>;
}

/**
 * A port for baresip's `sip_listen`: baresip 1.0 binds UDP and TCP on it and TLS on the next port,
 * and cannot be told otherwise; all three must be free (a UDP-only check let a CI run collide with
 * another test's TCP connection on the TLS port).
 */
export async function freeBaresipPort(): Promise<number> {
  for (;;) {
    const port = await freePort('tcp');
    if (port < 65535 && (await portFree(port + 1, 'tcp'))) return port;
  }
}

export function startBaresip(opts: BaresipOptions): Baresip {
  const dir = mkdtempSync(join(tmpdir(), 'hotline-baresip-'));
  // What the phone "says": a 440 Hz tone at the G.711 rate (ausine only runs at 48 kHz).
  const tone = join(dir, 'tone.wav');
  const sox = spawnSync('sox', ['-n', '-r', '8000', '-c', '1', '-b', '16', tone, 'synth', '30', 'sine', '440', 'vol', '0.3']);
  if (sox.status !== 0) throw new Error(`sox failed: ${sox.stderr?.toString()}`);
  writeFileSync(join(dir, 'config'), [
    'poll_method epoll',
    `sip_listen 127.0.0.1:${opts.sipPort}`,
    'audio_player aufile,/dev/null',
    ...(opts.audioDumpDir ? [`snd_path ${opts.audioDumpDir}`, 'module sndfile.so'] : []),
    `audio_source aufile,${tone}`,
    'audio_alert aufile,/dev/null',
    `rtp_ports ${opts.rtpPorts}`,
    'module_path /usr/lib/baresip/modules',
    'module g711.so',
    'module aufile.so',
    'module stdio.so',
    'module_app account.so',
    'module_app menu.so',
    '',
  ].join('\n'));
  const account = opts.registrar
    ? `<sip:${opts.username}@${opts.registrar}>;auth_pass=${opts.password ?? ''};answermode=${opts.answerMode ?? 'auto'};regint=60;audio_codecs=PCMU,PCMA`
    : `<sip:${opts.username}@127.0.0.1:${opts.sipPort}>;regint=0;audio_codecs=PCMU,PCMA`;
  writeFileSync(join(dir, 'accounts'), `${account}\n`);
  writeFileSync(join(dir, 'contacts'), '');
  // -4: IPv4 only (baresip 1.0 picks an unusable IPv6 default otherwise).
  const args = ['-4', '-f', dir, ...(opts.dial ? ['-e', `/dial ${opts.dial}`] : [])];
  const child = spawn('baresip', args, { stdio: ['pipe', 'pipe', 'pipe'] });
  let out = '';
  child.stdout.on('data', (d: Buffer) => (out = (out + d.toString()).slice(-20000)));
  child.stderr.on('data', (d: Buffer) => (out = (out + d.toString()).slice(-20000)));
  child.stdin.on('error', () => undefined);
  return {
    output: () => out,
    press: (keys) => void child.stdin.write(keys),
    stop: () =>
      new Promise((resolve) => {
        const done = () => {
          rmSync(dir, { recursive: true, force: true });
          resolve();
        };
        if (child.exitCode !== null) return done();
        const kill = setTimeout(() => child.kill('SIGKILL'), 2000);
        child.once('exit', () => {
          clearTimeout(kill);
          done();
        });
        child.kill('SIGTERM');
      }),
  };
}
