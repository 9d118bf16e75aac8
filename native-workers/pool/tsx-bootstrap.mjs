// Worker bootstrap for TypeScript sources: register tsx in this thread, then load the real entry.
import { workerData } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
await import(workerData.tsxEntry);
