// Worker threads do not inherit the tsx loader of the main thread (Node 20: neither
// `--import tsx` nor `register()` from tsx/esm/api reaches them), so every media worker starts
// here: register tsx in this thread, then import the TypeScript entry named in workerData.
import { workerData } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
await import(workerData.entry);
