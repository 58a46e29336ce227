// Test helper: the replay worker entry straight from TypeScript (the bundle, dist/worker.js, needs no loader).
import { register } from 'tsx/esm/api';

register();
await import('../worker.ts');
