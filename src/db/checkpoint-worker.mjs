// The SQLite checkpointer's thread (see wal-checkpointer.ts): its own connection to the platform's
// file, copying the write-ahead log back into the database every `intervalMs`. Plain JavaScript on
// purpose: it needs nothing but better-sqlite3, so it starts without the TypeScript loader.
import { parentPort, workerData } from 'node:worker_threads';
import BetterSqlite3 from 'better-sqlite3';

const { file, intervalMs } = workerData;
const db = new BetterSqlite3(file);
db.pragma('busy_timeout = 1000');

function checkpoint() {
  try {
    // PASSIVE copies what it can without waiting for the writer or readers: never blocks them.
    const [result] = db.pragma('wal_checkpoint(PASSIVE)');
    parentPort?.postMessage({ type: 'checkpointed', ...result });
  } catch (err) {
    parentPort?.postMessage({ type: 'failed', message: err instanceof Error ? err.message : String(err) });
  }
}

const timer = setInterval(checkpoint, intervalMs);
parentPort?.on('message', (message) => {
  if (message === 'checkpoint') checkpoint();
  if (message !== 'stop') return;
  clearInterval(timer);
  db.close();
  parentPort?.close();
});
parentPort?.postMessage({ type: 'ready' });
