// `npm run bench:cli`: the cold start of the `cognito-oauth` bin (dist/cli.js) against a bare
// `node`, interleaved so both see the same machine load. Two clocks per sample: wall time around
// the process, and the process's own CPU time (user + system, reported by a hook at exit), which
// other load on the machine inflates less. Prints medians; the target is `--help` under 150 ms wall.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const cli = fileURLToPath(new URL('../dist/cli.js', import.meta.url));
if (!existsSync(cli)) throw new Error('dist/cli.js is missing: run `npm run build`');
const SAMPLES = Number(process.env.SAMPLES ?? 21);
const CPU_HOOK = `data:text/javascript,${encodeURIComponent(
  'process.on("exit", () => { const u = process.cpuUsage(); process.stderr.write(`\\nCPU_US ${u.user + u.system}\\n`); });',
)}`;

const commands = [
  { name: 'node -e 0 (baseline)', args: ['-e', '0'] },
  { name: 'cognito-oauth --help', args: [cli, '--help'] },
  { name: 'cognito-oauth (usage error)', args: [cli, 'm2m'], status: 2 },
  { name: 'cognito-oauth token (signed out)', args: [cli, 'token'], status: 1 },
];

const env = { PATH: process.env.PATH, COGNITO_OAUTH_HOME: fileURLToPath(new URL('./.cli-bench-home-never-created', import.meta.url)) };
const samples = commands.map(() => ({ wall: [], cpu: [] }));
for (let round = 0; round < SAMPLES + 2; round++) {
  commands.forEach((command, i) => {
    const start = process.hrtime.bigint();
    const result = spawnSync(process.execPath, ['--import', CPU_HOOK, ...command.args], { env, encoding: 'utf8', timeout: 30_000 });
    const wall = Number(process.hrtime.bigint() - start) / 1e6;
    if (result.status !== (command.status ?? 0)) throw new Error(`${command.name} exited ${result.status}: ${result.stderr}`);
    if (round < 2) return; // warm the file cache first
    samples[i].wall.push(wall);
    samples[i].cpu.push(Number(/CPU_US (\d+)/.exec(result.stderr)?.[1]) / 1000);
  });
}

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const base = { wall: median(samples[0].wall), cpu: median(samples[0].cpu) };
console.log(`${SAMPLES} samples each, interleaved; node ${process.version}`);
console.log(`${'command'.padEnd(34)}${'wall ms'.padStart(9)}${'+ vs node'.padStart(11)}${'cpu ms'.padStart(9)}${'+ vs node'.padStart(11)}`);
commands.forEach((command, i) => {
  const wall = median(samples[i].wall);
  const cpu = median(samples[i].cpu);
  const plus = (value, zero) => (i === 0 ? '' : `${value >= zero ? '+' : ''}${(value - zero).toFixed(1)}`);
  console.log(
    `${command.name.padEnd(34)}${wall.toFixed(1).padStart(9)}${plus(wall, base.wall).padStart(11)}${cpu.toFixed(1).padStart(9)}${plus(cpu, base.cpu).padStart(11)}`,
  );
});
