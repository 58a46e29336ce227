// The baseline and validation runs of a capture kept on disk between processes, beside the capture cache, with the
// profiles and validation plans they ran with: a second `replay` of the capture (the same command, or other kcompressd
// options) neither calibrates again nor runs more than the kcompressd scenario, as a re-run in the extension's kept
// worker does. One file per capture, keyed by the capture cache's key (its files'
// names, sizes and mtimes and the running bundle's hash, so a model change is a miss); the ReplayCache key inside
// names everything a baseline depends on. A missing, torn or foreign file is a miss. The files end in .v8 like the
// capture cache's entries, so its pruning keeps both within its count.
import { createHash } from 'node:crypto';
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { deserialize, serialize } from 'node:v8';
import { makeDirs } from '../outputFiles';
import { Task } from '../model/cpus';
import type { ScenarioOutput } from '../model/simulation';
import { newReplayCache, type ReplayCache, type ResolvedProfile } from './replay';
import type { ValidationPlan } from './validation';

const MAGIC = 'reclaim-replay baselines 2';

interface Entry {
  magic: string;
  key: string;
  baselines: [string, { baseline: ScenarioOutput; validation: ScenarioOutput }][];
  profiles: [string, ResolvedProfile][];
  plans: [string, ValidationPlan | undefined][];
}

const fileFor = (dir: string, captureKey: string) =>
  join(dir, `baselines-${createHash('sha256').update(captureKey).digest('hex').slice(0, 32)}.v8`);

/** A run read back: its CPU accounts are Tasks again (serialization keeps their fields, not their class). */
function revive(o: ScenarioOutput): ScenarioOutput {
  Object.setPrototypeOf(o.kswapd, Task.prototype);
  Object.setPrototypeOf(o.tasks, Task.prototype);
  return o;
}

/** The stored replay cache of the capture with this capture-cache key (empty on a miss). */
export function readBaselines(dir: string, captureKey: string): ReplayCache {
  try {
    const e = deserialize(readFileSync(fileFor(dir, captureKey))) as Entry;
    if (e?.magic !== MAGIC || e.key !== captureKey || ![e.baselines, e.profiles, e.plans].every(Array.isArray)) return newReplayCache();
    return {
      baselines: new Map(e.baselines.map(([k, b]) => [k, { baseline: revive(b.baseline), validation: revive(b.validation) }])),
      profiles: new Map(e.profiles),
      plans: new Map(e.plans),
    };
  } catch {
    return newReplayCache();
  }
}

/** Stores the capture's baselines (a baseline run has no kcompressd), profiles and plans; a folder that cannot be
 *  written only costs the next process the runs. */
export function writeBaselines(dir: string, captureKey: string, cache: ReplayCache): void {
  const file = fileFor(dir, captureKey);
  try {
    makeDirs(dir);
    const tmp = `${file}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
    const entry: Entry = { magic: MAGIC, key: captureKey, baselines: [...cache.baselines], profiles: [...cache.profiles], plans: [...cache.plans] };
    writeFileSync(tmp, serialize(entry));
    renameSync(tmp, file);
  } catch {
    // read-only or full: the next process runs the baselines again
  }
}
