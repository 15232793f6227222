// Timestamps every UDP packet arriving on a port; prints {t:[ms…]} on SIGTERM. Runs in its own
// process so the measurement does not share an event loop with the sender.
import { createSocket } from 'node:dgram';

const port = Number(process.argv[2]);
const t = [];
const s = createSocket('udp4');
s.on('message', () => t.push(Number(process.hrtime.bigint()) / 1e6));
s.bind(port, '127.0.0.1');
process.on('SIGTERM', () => {
  process.stdout.write(JSON.stringify({ t }));
  process.exit(0);
});
