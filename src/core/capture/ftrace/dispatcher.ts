// Routes each tokenized line to the tracker that handles its event (Perfetto-style): counts every event, resets the
// field reader only for handled ones, and turns a timestamp that goes backwards (files joined end to end) into a
// discontinuity every tracker is told about, so no interval spans the join.
import { EventCounter, type EventEntry } from './eventCounter';
import { FieldReader } from './fields';
import type { TraceLine } from './tokenizer';

/** The largest CONFIG_NR_CPUS any architecture allows (x86 MAXSMP: 8192). */
export const MAX_NR_CPUS = 8192;

export type Handler = (line: TraceLine, f: FieldReader) => void;

export interface Tracker {
  /** Drop open state: the next event does not continue the previous one in time. */
  discontinuity?(lastTs: number): void;
  finish?(lastTs: number): void;
}

export class Dispatcher {
  readonly counter = new EventCounter<Handler>();
  private readonly fields = new FieldReader();
  private readonly trackers: Tracker[] = [];
  firstTs = NaN;
  lastTs = NaN;
  /** First timestamp after the start or after the last backward jump. */
  segmentStart = NaN;
  minTs = Infinity;
  maxTs = -Infinity;
  /** Lines of the earliest and the latest event (1-based), for coverage warnings. */
  minTsLine = 0;
  maxTsLine = 0;
  maxCpu = -1;
  backwardJumps = 0;
  firstJumpLine = 0;
  /** Lines dropped for a CPU column ≥ MAX_NR_CPUS, and the first one. */
  badCpu = 0;
  badCpuLine = 0;
  /** Events whose handler found no usable fields (counted, with the first line numbers). */
  malformed = 0;
  readonly malformedLines: number[] = [];

  private readonly entries = new Map<string, EventEntry<Handler>>();

  /** Registers a tracker's handlers; `tracker` is given when it has discontinuity / finish hooks. */
  add(tracker: Tracker | null, handlers: Record<string, Handler>): void {
    if (tracker) this.trackers.push(tracker);
    for (const [name, h] of Object.entries(handlers)) this.entries.set(name, this.counter.define(name, h));
  }

  /** Runs `h` after the handler an event already has (a second tracker reading the same event), on fresh fields. */
  also(name: string, h: Handler): void {
    const e = this.entries.get(name);
    const first = e?.handler;
    if (!e || !first) throw new Error(`also: ${name} has no handler`);
    e.handler = (line, f) => {
      first(line, f);
      h(line, this.fields.reset(line.buf, line.fieldsStart, line.end));
    };
  }

  /** Names events as known but unhandled (a tracker left out on purpose): counted, not reported as unknown. */
  ignore(names: readonly string[]): null {
    for (const name of names) this.counter.define(name, null);
    return null;
  }

  dispatch(line: TraceLine): void {
    if (line.cpu >= MAX_NR_CPUS) {
      // A CPU column no kernel can print is damage; it must not size the model (trace CPUs → modelled CPUs).
      this.badCpu++;
      this.badCpuLine ||= line.lineNo;
      return;
    }
    const ts = line.ts;
    if (ts < this.lastTs) {
      this.backwardJumps++;
      this.firstJumpLine ||= line.lineNo;
      for (const t of this.trackers) t.discontinuity?.(this.lastTs);
      this.segmentStart = ts;
    }
    if (this.lastTs !== this.lastTs) this.firstTs = this.segmentStart = ts;
    this.lastTs = ts;
    if (ts >= this.maxTs) { this.maxTs = ts; this.maxTsLine = line.lineNo; }
    if (ts < this.minTs) { this.minTs = ts; this.minTsLine = line.lineNo; }
    if (line.cpu > this.maxCpu) this.maxCpu = line.cpu;
    const e = this.counter.lookup(line.buf, line.eventStart, line.eventEnd, line.eventHash, line.eventHash2);
    e.count++;
    if (e.handler !== null) e.handler(line, this.fields.reset(line.buf, line.fieldsStart, line.end));
  }

  /** For handlers: the event's fields did not parse. */
  reject(line: TraceLine): void {
    this.malformed++;
    if (this.malformedLines.length < 5) this.malformedLines.push(line.lineNo);
  }

  finish(): void {
    for (const t of this.trackers) t.finish?.(this.lastTs);
  }
}
