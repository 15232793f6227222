/**
 * Runs Debian's baresip as an agent's softphone for a test: a temp config dir, loopback only,
 * no audio hardware (a sine source, a file player), auto-answer, killed after the test.
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface BaresipOptions {
  sipPort: number;
  registrar: string;
  username: string;
  password: string;
  rtpPorts: string;
}

export function startBaresip(opts: BaresipOptions): { output(): string; stop(): Promise<void> } {
  const dir = mkdtempSync(join(tmpdir(), 'hotline-baresip-'));
  // What the phone "says": a 440 Hz tone at the G.711 rate (ausine only runs at 48 kHz).
  const tone = join(dir, 'tone.wav');
  const sox = spawnSync('sox', ['-n', '-r', '8000', '-c', '1', '-b', '16', tone, 'synth', '30', 'sine', '440', 'vol', '0.3']);
  if (sox.status !== 0) throw new Error(`sox failed: ${sox.stderr?.toString()}`);
  writeFileSync(join(dir, 'config'), [
    'poll_method epoll',
    `sip_listen 127.0.0.1:${opts.sipPort}`,
    'audio_player aufile,/dev/null',
    `audio_source aufile,${tone}`,
    'audio_alert aufile,/dev/null',
    `rtp_ports ${opts.rtpPorts}`,
    'module_path /usr/lib/baresip/modules',
    'module g711.so',
    'module aufile.so',
    'module_app account.so',
    'module_app menu.so',
    '',
  ].join('\n'));
  writeFileSync(
    join(dir, 'accounts'),
    `<sip:${opts.username}@${opts.registrar}>;auth_pass=${opts.password};answermode=auto;regint=60;audio_codecs=PCMU,PCMA\n`,
  );
  writeFileSync(join(dir, 'contacts'), '');
  const child = spawn('baresip', ['-4', '-n', 'lo', '-f', dir], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout.on('data', (d: Buffer) => (out = (out + d.toString()).slice(-20000)));
  child.stderr.on('data', (d: Buffer) => (out = (out + d.toString()).slice(-20000)));
  return {
    output: () => out,
    stop: () =>
      new Promise((resolve) => {
        if (child.exitCode !== null) {
          rmSync(dir, { recursive: true, force: true });
          resolve();
          return;
        }
        child.once('exit', () => {
          rmSync(dir, { recursive: true, force: true });
          resolve();
        });
        child.kill('SIGKILL');
      }),
  };
}
