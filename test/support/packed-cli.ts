// The `cognito-oauth` bin as users get it: `npm pack`, installed into a fresh project, run as
// node_modules/.bin/cognito-oauth (its shebang, its executable bit, its self-import of the package).
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const ROOT = path.resolve(import.meta.dirname, '..', '..');
const NPM = process.platform === 'win32' ? 'npm.cmd' : 'npm';

export interface PackedCli {
  /** node_modules/.bin/cognito-oauth of the consumer project. */
  bin: string;
  /** A scratch directory, removed by `cleanup`. */
  work: string;
  cleanup(): void;
}

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

function npm(args: string[], cwd: string): string {
  const result = spawnSync(NPM, args, { cwd, encoding: 'utf8', timeout: 300_000, env: { ...process.env, NODE_OPTIONS: '' } });
  if (result.status !== 0) throw new Error(`npm ${args.join(' ')} failed (${result.status ?? result.signal}):\n${result.stdout}\n${result.stderr}`);
  return result.stdout;
}

/** Packs the built package (run `npm run build` first) and installs it into a fresh project. */
export function installPackedCli(): PackedCli {
  if (!fs.existsSync(path.join(ROOT, 'dist', 'cli.js'))) throw new Error('dist/cli.js is missing: run `npm run build` first');
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'cognito-oauth-cli-'));
  const packed = JSON.parse(npm(['pack', '--json', '--pack-destination', work], ROOT)) as { filename: string }[];
  const app = path.join(work, 'app');
  fs.mkdirSync(app);
  fs.writeFileSync(path.join(app, 'package.json'), JSON.stringify({ name: 'cli-consumer', private: true }));
  npm(['install', '--no-audit', '--no-fund', '--prefer-offline', path.join(work, packed[0]!.filename)], app);
  return {
    bin: path.join(app, 'node_modules', '.bin', process.platform === 'win32' ? 'cognito-oauth.cmd' : 'cognito-oauth'),
    work,
    cleanup: () => fs.rmSync(work, { recursive: true, force: true }),
  };
}

/** An environment with nothing from the test runner's COGNITO_* variables: PATH plus `extra`. */
export function cliEnv(extra: Record<string, string | undefined>): NodeJS.ProcessEnv {
  return { PATH: process.env.PATH, NO_COLOR: '1', ...extra };
}

export interface RunningCli {
  /** Resolves with the first stderr line that matches, or rejects when the process ends first. */
  waitForStderr(pattern: RegExp): Promise<RegExpMatchArray>;
  exited: Promise<CliResult>;
  kill(): void;
}

/** Starts the bin; kills it after `timeoutMs` so that no test can hang on it. */
export function startCli(bin: string, args: string[], env: NodeJS.ProcessEnv, input?: string, timeoutMs = 30_000): RunningCli {
  const child = spawn(bin, args, { env, stdio: ['pipe', 'pipe', 'pipe'], timeout: timeoutMs, killSignal: 'SIGKILL' });
  let stdout = '';
  let stderr = '';
  let closed = false;
  const watchers: { pattern: RegExp; resolve: (m: RegExpMatchArray) => void; reject: (e: Error) => void }[] = [];
  const check = (): void => {
    for (const w of [...watchers]) {
      const match = stderr.match(w.pattern);
      if (match !== null) {
        watchers.splice(watchers.indexOf(w), 1);
        w.resolve(match);
      }
    }
  };
  child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
  child.stderr.setEncoding('utf8').on('data', (d: string) => {
    stderr += d;
    check();
  });
  const exited = new Promise<CliResult>((resolve) => {
    child.on('close', (code) => {
      closed = true;
      for (const w of watchers.splice(0)) w.reject(new Error(`cognito-oauth exited (${code}) before printing ${w.pattern}:\n${stderr}`));
      resolve({ code, stdout, stderr });
    });
  });
  child.stdin.end(input ?? '');
  return {
    waitForStderr: (pattern) =>
      new Promise((resolve, reject) => {
        const match = stderr.match(pattern);
        if (match !== null) resolve(match);
        else if (closed) reject(new Error(`cognito-oauth exited before printing ${pattern}:\n${stderr}`));
        else watchers.push({ pattern, resolve, reject });
      }),
    exited,
    kill: () => child.kill('SIGKILL'),
  };
}

/** Runs the bin to the end. */
export function runCli(bin: string, args: string[], env: NodeJS.ProcessEnv, input?: string): Promise<CliResult> {
  return startCli(bin, args, env, input).exited;
}
