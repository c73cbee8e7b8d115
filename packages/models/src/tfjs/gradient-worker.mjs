// Worker entry: Node's worker threads do not inherit tsx's loader, so register it before loading the TS body.
import { register } from 'tsx/esm/api';

register();
await import('./gradient-worker.ts');
