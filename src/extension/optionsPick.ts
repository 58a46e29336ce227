// The options step: one quick pick to run with the remembered choices, or walk through each option.
import * as vscode from 'vscode';
import type { RerunOptions } from '../shared/protocol';
import { BUILTIN_PROFILES } from '../core/profiles/builtin';
import { CHOICES, DEFAULTS, MM_FIFO_SIZE, PRESSURES, PRESSURE_INFO, V1_DEFAULT_QUEUE, VARIANTS, VARIANT_INFO } from '../core/vocabulary';
import { counted } from '../core/warnings';

interface Step<T> {
  title: string;
  choices: { label: string; value: T | undefined; description?: string }[];
  current: T | undefined;
  /** Free input for values not in the list (whole numbers). */
  custom?: { prompt: string };
}

const CUSTOM = Symbol('custom');

async function step<T>(s: Step<T>, index: number, total: number): Promise<{ value: T | undefined } | undefined> {
  type Item = vscode.QuickPickItem & { value: T | undefined | typeof CUSTOM };
  const list: Item[] = s.choices.map((c) => ({ label: c.label, description: c.value === s.current ? `${c.description ?? ''} (current)`.trim() : c.description, value: c.value }));
  if (s.custom) list.push({ label: 'Other…', value: CUSTOM });
  const current = list.find((i) => i.value === s.current);
  if (current) {
    list.splice(list.indexOf(current), 1);
    list.unshift(current);
  }
  const picked = await vscode.window.showQuickPick(list, { title: `Reclaim Replay: ${s.title} (${index}/${total})`, ignoreFocusOut: true });
  if (!picked) return undefined;
  if (picked.value !== CUSTOM) return { value: picked.value };
  const text = await vscode.window.showInputBox({
    title: `Reclaim Replay: ${s.title}`, prompt: s.custom!.prompt, ignoreFocusOut: true,
    validateInput: (v) => (/^\s*[1-9]\d*\s*$/.test(v) ? undefined : 'a whole number above 0'),
  });
  return text === undefined ? undefined : { value: Number(text) as T };
}

export function describe(o: RerunOptions): string {
  return [o.variant ?? DEFAULTS.variant, counted(o.kcompressd ?? DEFAULTS.kcompressd, 'worker'), `queue ${o.queue ?? 'default'}`, `CPUs ${o.cpus ?? 'from capture'}`,
    `profile ${o.profile ?? 'calibrated on the capture'}`, `${o.pressure ?? DEFAULTS.pressure} pressure`].join(' · ');
}

const FILE = Symbol('file');

/** The profile step: calibrated on this capture, a built-in (with where its figures come from), or a JSON file. */
async function pickProfile(current: string | undefined, index: number, total: number): Promise<{ value: string | undefined } | undefined> {
  type Item = vscode.QuickPickItem & { value: string | undefined | typeof FILE };
  const items: Item[] = [
    { label: 'from this capture', description: 'calibrate the CPU costs on the capture being replayed', value: undefined },
    ...Object.values(BUILTIN_PROFILES).map((p) => ({ label: p.name, description: counted(p.cpus, 'CPU'), detail: p.source, value: p.name })),
    { label: '$(file) Profile JSON file…', description: 'written by `reclaim-replay calibrate`', value: FILE },
  ];
  for (const i of items) if (i.value === current || (i.value === undefined && (current === undefined || current === DEFAULTS.profile))) i.description = `${i.description ?? ''} (current)`.trim();
  if (current?.endsWith('.json')) items.splice(1, 0, { label: current, description: 'profile file (current)', value: current });
  const picked = await vscode.window.showQuickPick(items, { title: `Reclaim Replay: device profile (${index}/${total})`, ignoreFocusOut: true, matchOnDetail: true });
  if (!picked) return undefined;
  if (picked.value !== FILE) return { value: picked.value };
  const file = await vscode.window.showOpenDialog({ canSelectMany: false, filters: { 'Profile JSON': ['json'] }, title: 'Reclaim Replay: device profile' });
  return file?.[0] ? { value: file[0].fsPath } : undefined;
}

/** Returns the chosen options (undefined when the user backs out). */
export async function pickOptions(start: RerunOptions): Promise<RerunOptions | undefined> {
  const first = await vscode.window.showQuickPick(
    [{ label: '$(play) Replay', description: describe(start), change: false }, { label: '$(settings) Change options…', description: '', change: true }],
    { title: 'Reclaim Replay: options', ignoreFocusOut: true },
  );
  if (!first) return undefined;
  if (!first.change) return start;
  const o: RerunOptions = { ...start };
  const steps = 6;
  const variant = await step({ title: 'kcompressd variant', current: o.variant,
    choices: VARIANTS.map((v) => ({ label: v, value: v, description: `${VARIANT_INFO[v].title}: ${VARIANT_INFO[v].description}` })) }, 1, steps);
  if (!variant) return undefined;
  o.variant = variant.value;
  const workers = await step({ title: 'kcompressd workers', current: o.kcompressd, custom: { prompt: 'number of kcompressd workers' },
    choices: CHOICES.kcompressd.map((n) => ({ label: String(n), value: n })) }, 2, steps);
  if (!workers) return undefined;
  o.kcompressd = workers.value;
  const queue = await step({ title: 'queue size per worker', current: o.queue, custom: { prompt: 'FIFO entries per worker' },
    choices: [{ label: 'variant default', value: undefined, description: `v1 ${V1_DEFAULT_QUEUE}, mm ${MM_FIFO_SIZE}` },
      ...CHOICES.queue.map((n) => ({ label: String(n), value: n }))] }, 3, steps);
  if (!queue) return undefined;
  o.queue = queue.value;
  const cpus = await step({ title: 'CPUs', current: o.cpus, custom: { prompt: 'CPU cores' },
    choices: [{ label: 'from the capture', value: undefined }, ...CHOICES.cpus.map((n) => ({ label: String(n), value: n }))] }, 4, steps);
  if (!cpus) return undefined;
  o.cpus = cpus.value;
  const profile = await pickProfile(o.profile, 5, steps);
  if (!profile) return undefined;
  o.profile = profile.value;
  const pressure = await step({ title: 'pressure', current: o.pressure,
    choices: PRESSURES.map((p) => ({ label: p, value: p, description: PRESSURE_INFO[p] })) }, 6, steps);
  if (!pressure) return undefined;
  o.pressure = pressure.value;
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as RerunOptions;
}
