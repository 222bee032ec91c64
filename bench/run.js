#!/usr/bin/env node
// `npm run bench`: synthesizes generated pipelines of 10, 100 and 1,000 CDC tables with the library
// and, in the same run, a raw-cdktf baseline that declares the same provider resources by hand.
// Each case runs in a fresh Node process (so import cost and peak memory are its own) against the
// compiled library (lib/*.js; `npx projen compile` builds it). Prints wall time, peak RSS and the
// library/baseline ratio.
const { execFileSync, spawnSync } = require('child_process');
const fs = require('fs');
const os = require('os');
const path = require('path');

const root = path.resolve(__dirname, '..');
const sizes = (process.env.BENCH_SIZES || '10,100,1000').split(',').map(Number);
const repeats = Number(process.env.BENCH_REPEATS || 3);

// Always compile: stale lib/*.js beside newer sources would measure old code.
console.log('compiling the library ...');
execFileSync('npx', ['jsii', '--silence-warnings=reserved-word'], { cwd: root, stdio: 'inherit' });

function runCase(kind, tables) {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), `bench-${kind}-${tables}-`));
  const r = spawnSync(process.execPath, [path.join(__dirname, 'case.js'), kind, String(tables), outdir], {
    cwd: root,
    encoding: 'utf8',
    env: { ...process.env, CHECKPOINT_DISABLE: '1' },
  });
  fs.rmSync(outdir, { recursive: true, force: true });
  if (r.status !== 0) throw new Error(`${kind} ${tables} failed:\n${r.stderr}`);
  return JSON.parse(r.stdout.trim().split('\n').pop());
}

function best(kind, tables) {
  const runs = Array.from({ length: repeats }, () => runCase(kind, tables));
  runs.sort((a, b) => a.ms - b.ms);
  return { ...runs[Math.floor(runs.length / 2)], maxRssMb: Math.max(...runs.map((r) => r.maxRssMb)) };
}

const importMs = [];
for (let i = 0; i < 5; i++) {
  const r = spawnSync(process.execPath, ['-e', "const t=process.hrtime.bigint(); require('./lib'); console.log(Number(process.hrtime.bigint()-t)/1e6)"], {
    cwd: root,
    encoding: 'utf8',
  });
  importMs.push(Number(r.stdout.trim()));
}
importMs.sort((a, b) => a - b);

const rows = [];
for (const n of sizes) {
  const lib = best('library', n);
  const raw = best('baseline', n);
  rows.push({ tables: n, lib, raw });
}

const cpu = os.cpus()[0]?.model ?? 'unknown CPU';
console.log(`\nmachine: ${os.cpus().length} cores (${cpu}), ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}; median of ${repeats}`);
console.log(`require('cdktf-realtime-pipeline'): ${importMs[2].toFixed(0)} ms (median of 5)\n`);
console.log('| tables | resources | cdk.tf.json library / baseline | library wall | library peak RSS | baseline wall | baseline peak RSS | ratio |');
console.log('|---:|---:|---:|---:|---:|---:|---:|---:|');
for (const r of rows) {
  console.log(
    `| ${r.tables} | ${r.lib.resources} | ${r.lib.outputMb} MB / ${r.raw.outputMb} MB | ${(r.lib.ms / 1000).toFixed(2)} s | ${r.lib.maxRssMb} MB | ${(r.raw.ms / 1000).toFixed(2)} s | ${r.raw.maxRssMb} MB | ${(r.lib.ms / r.raw.ms).toFixed(2)} |`,
  );
}
const byN = Object.fromEntries(rows.map((r) => [r.tables, r]));
if (byN[100] && byN[1000]) {
  console.log(`\ngrowth 100 → 1,000 tables: ${(byN[1000].lib.ms / byN[100].lib.ms).toFixed(1)}× (target ≤ 12×)`);
}
if (byN[1000]) {
  const r = byN[1000];
  const ok = r.lib.ms <= 3000 && r.lib.maxRssMb <= 500 && r.lib.ms / r.raw.ms <= 1.5;
  console.log(`1,000 tables: ${(r.lib.ms / 1000).toFixed(2)} s, ${r.lib.maxRssMb} MB, ratio ${(r.lib.ms / r.raw.ms).toFixed(2)} — targets (≤ 3 s, ≤ 500 MB, ratio ≤ 1.5) ${ok ? 'met' : 'NOT met'}`);
}
