// `reclaim-replay lab build`: unpack a kernel source into the build folder, apply the user's patches there, adapt
// what the tree needs, configure (tinyconfig + the lab fragment), build bzImage. Every step logs to DIR/logs/ and a
// failure names the step and its log. The result is cached: the same inputs give the same bzImage without a rebuild.
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { kconfigFragment, missingOptions } from './kconfig';
import { LabError, tail } from './labError';
import { ADAPTATIONS, describeApplication, describePatch, designOf, parsePatchOutput, type PatchInfo } from './patches';

export interface BuildOptions {
  kernelSource: string;
  patches: string[];
  outDir: string;
  jobs: number;
  /** Run make under `nice -n 19` (the machines are shared). */
  nice: boolean;
  log?: (m: string) => void;
}

/** DIR/lab-build.json: what was built from what. */
export interface BuildRecord {
  key: string;
  kernelVersion: string;
  design: string;
  patches: { file: string; subject: string; date?: string; sha256: string; applied: string }[];
  adaptations: string[];
  kconfigOptionsAdded: string[];
  bzImage: string;
  builtAt: string;
  buildSeconds: number;
}

function sha256(data: string | Buffer): string {
  return createHash('sha256').update(data).digest('hex');
}

/** Runs a command with its output appended to `logFile`; resolves with the output, rejects with a LabError. */
function runLogged(step: string, logFile: string, cmd: string, args: string[], cwd: string): Promise<string> {
  return new Promise((done, fail) => {
    fs.appendFileSync(logFile, `$ ${cmd} ${args.join(' ')}\n`);
    const child = spawn(cmd, args, { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    const take = (b: Buffer) => {
      out += b.toString();
      if (out.length > 1 << 20) out = out.slice(-(1 << 19));
      fs.appendFileSync(logFile, b);
    };
    child.stdout.on('data', take);
    child.stderr.on('data', take);
    child.on('error', (err) => fail(new LabError(step, logFile, `cannot run ${cmd}: ${err.message}`)));
    child.on('close', (code) => (code === 0 ? done(out)
      : fail(new LabError(step, logFile, `${cmd} exited with ${code}; last lines:\n${tail(out)}`))));
  });
}

/** The version `make kernelversion` would print, from the top Makefile. */
export function kernelVersion(makefile: string): string {
  const v = (k: string) => new RegExp(`^${k}[ \\t]*=[ \\t]*(\\S*)`, 'm').exec(makefile)?.[1] ?? '';
  return `${v('VERSION')}.${v('PATCHLEVEL')}.${v('SUBLEVEL')}${v('EXTRAVERSION')}`;
}

async function unpack(source: string, tree: string, logFile: string): Promise<void> {
  fs.rmSync(tree, { recursive: true, force: true });
  fs.mkdirSync(tree, { recursive: true });
  const st = fs.statSync(source);
  if (st.isDirectory()) {
    await runLogged('unpack', logFile, 'cp', ['-a', `${resolve(source)}/.`, tree], tree);
  } else {
    await runLogged('unpack', logFile, 'tar', ['-xf', resolve(source), '--strip-components=1', '-C', tree], tree);
  }
  if (!fs.existsSync(join(tree, 'Makefile')) || !fs.existsSync(join(tree, 'mm', 'vmscan.c'))) {
    throw new LabError('unpack', logFile, `${source} does not hold a kernel tree (no Makefile and mm/vmscan.c at its top level)`);
  }
}

export async function buildKernel(o: BuildOptions): Promise<BuildRecord> {
  const log = o.log ?? (() => {});
  const out = resolve(o.outDir);
  const logs = join(out, 'logs');
  fs.mkdirSync(logs, { recursive: true });
  if (!fs.existsSync(o.kernelSource)) throw new LabError('unpack', o.kernelSource, 'no such kernel source (tarball or folder)');
  const texts = o.patches.map((p) => {
    try {
      return fs.readFileSync(p, 'utf8');
    } catch (err) {
      throw new LabError('patch', p, `cannot read the patch: ${(err as Error).message}`);
    }
  });
  const infos: PatchInfo[] = o.patches.map((p, i) => describePatch(p, texts[i]));
  const design = designOf(infos);
  const added = [...new Set(infos.flatMap((p) => p.kconfigOptions))];
  const fragment = kconfigFragment(design === 'other' ? 'baseline' : design)
    + added.filter((n) => !kconfigFragment('baseline').includes(`CONFIG_${n}=`)).map((n) => `CONFIG_${n}=y\n`).join('');
  const st = fs.statSync(o.kernelSource);
  const key = sha256(JSON.stringify({ src: resolve(o.kernelSource), size: st.size, mtime: st.mtimeMs, patches: texts.map(sha256), fragment,
    adaptations: ADAPTATIONS.map((a) => a.id) }));
  const recordFile = join(out, 'lab-build.json');
  const bzImage = join(out, 'bzImage');
  if (fs.existsSync(recordFile) && fs.existsSync(bzImage)) {
    const prev = JSON.parse(fs.readFileSync(recordFile, 'utf8')) as BuildRecord;
    if (prev.key === key) {
      log(`cached: ${bzImage} (${prev.kernelVersion}, ${prev.design}) already built from these inputs`);
      return prev;
    }
  }
  const t0 = Date.now();
  const tree = join(out, 'linux');
  log(`unpacking ${o.kernelSource} into ${tree}`);
  await unpack(o.kernelSource, tree, join(logs, 'unpack.log'));
  const version = kernelVersion(fs.readFileSync(join(tree, 'Makefile'), 'utf8'));

  const applied: BuildRecord['patches'] = [];
  for (const [i, info] of infos.entries()) {
    const plog = join(logs, `patch-${i + 1}.log`);
    fs.writeFileSync(plog, '');
    log(`patch ${i + 1}: ${info.subject}`);
    let report: string;
    try {
      report = await runLogged('patch', plog, 'patch', ['-p1', '--forward', '--batch', '-i', resolve(info.file)], tree);
    } catch (err) {
      if (err instanceof LabError) {
        throw new LabError('patch', plog, `patch ${i + 1} ("${info.subject}", ${basename(info.file)}) does not apply to ${version}:\n${tail(fs.readFileSync(plog, 'utf8'))}`);
      }
      throw err;
    }
    applied.push({ file: basename(info.file), subject: info.subject, date: info.date, sha256: sha256(texts[i]),
      applied: describeApplication(info.subject, parsePatchOutput(report)) });
  }
  const read = (rel: string) => (fs.existsSync(join(tree, rel)) ? fs.readFileSync(join(tree, rel), 'utf8') : undefined);
  const adaptations: string[] = [];
  for (const a of ADAPTATIONS) {
    if (!a.needed(read, texts)) continue;
    const path = join(tree, a.file);
    const before = fs.readFileSync(path, 'utf8');
    const after = a.apply(before);
    if (after === before) throw new LabError('adapt', path, `adaptation ${a.id} is needed but found nothing to change in ${a.file}`);
    fs.writeFileSync(path, after);
    adaptations.push(a.words);
    log(`adapted: ${a.id}`);
  }

  const clog = join(logs, 'configure.log');
  fs.writeFileSync(clog, '');
  fs.writeFileSync(join(out, 'lab.config'), fragment);
  log('configuring: tinyconfig + lab.config');
  await runLogged('configure', clog, 'make', ['tinyconfig'], tree);
  await runLogged('configure', clog, 'scripts/kconfig/merge_config.sh', ['-m', '.config', join(out, 'lab.config')], tree);
  await runLogged('configure', clog, 'make', ['olddefconfig'], tree);
  const missing = missingOptions(fragment, fs.readFileSync(join(tree, '.config'), 'utf8'));
  if (missing.length > 0) {
    throw new LabError('configure', clog, `olddefconfig dropped options the lab needs (unmet dependencies):\n    ${missing.join('\n    ')}`);
  }
  fs.copyFileSync(join(tree, '.config'), join(out, 'config'));

  const mlog = join(logs, 'make.log');
  fs.writeFileSync(mlog, '');
  log(`building bzImage with make -j${o.jobs}${o.nice ? ' under nice -n 19' : ''} (log: ${mlog})`);
  const make = ['make', `-j${o.jobs}`, 'bzImage'];
  await runLogged('make', mlog, o.nice ? 'nice' : make[0], o.nice ? ['-n', '19', ...make] : make.slice(1), tree);
  fs.copyFileSync(join(tree, 'arch', 'x86', 'boot', 'bzImage'), bzImage);

  const record: BuildRecord = {
    key, kernelVersion: version, design, patches: applied, adaptations, kconfigOptionsAdded: added, bzImage,
    builtAt: new Date().toISOString(), buildSeconds: Math.round((Date.now() - t0) / 1000),
  };
  fs.writeFileSync(recordFile, `${JSON.stringify(record, null, 1)}\n`);
  fs.writeFileSync(join(out, 'adaptations.md'), buildNotes(record));
  return record;
}

/** The build in words: kernel, patches by subject and date, how each applied, what was adapted. */
export function buildNotes(r: BuildRecord): string {
  const lines = [`# Lab kernel ${r.kernelVersion} (${r.design})`, ''];
  if (r.patches.length === 0) lines.push('No patches: the unpatched kernel.');
  for (const p of r.patches) lines.push(`- ${p.subject}${p.date ? ` (${p.date})` : ''}: ${p.applied}`);
  lines.push('', r.adaptations.length === 0 ? 'No adaptations were needed.' : 'Adaptations:', ...r.adaptations.map((a) => `- ${a}`));
  if (r.kconfigOptionsAdded.length > 0) lines.push('', `Kconfig options from the patches, set to y: ${r.kconfigOptionsAdded.join(', ')}.`);
  return `${lines.join('\n')}\n`;
}
