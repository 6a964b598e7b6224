// test/support/chromium.ts: where the browser tests' Chromium comes from, and what the error says
// when there is none. (Launching it is what spa-flow.test.ts does.)
import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findChromium } from '../support/chromium.js';
import { rejectionOf } from '../support/outcomes.js';

let dir: string;
let fakeBrowser: string;

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'cognito-oauth-launcher-'));
  fakeBrowser = path.join(dir, 'my-chrome');
  await writeFile(fakeBrowser, '#!/bin/sh\n');
  await chmod(fakeBrowser, 0o755);
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('findChromium', () => {
  it('takes CHROMIUM_PATH before anything installed or from npm', async () => {
    for (const platform of ['linux', 'darwin', 'win32'] as const) {
      await expect(findChromium({ env: { CHROMIUM_PATH: fakeBrowser }, platform, arch: 'x64' })).resolves.toEqual({
        path: fakeBrowser,
        source: 'CHROMIUM_PATH',
      });
    }
  });

  it('fails on a CHROMIUM_PATH with no file, saying what to set, instead of quietly using another browser', async () => {
    const missing = path.join(dir, 'no-such-chrome');
    const error = await rejectionOf(findChromium({ env: { CHROMIUM_PATH: missing }, platform: 'linux', arch: 'x64' }));
    expect(error).toBeInstanceOf(Error);
    expect((error as Error).message).toBe(
      `CHROMIUM_PATH is ${missing}, but there is no file there: point it at a Chrome or Chromium executable, ` +
        'or unset it to use an installed one or the one from npm (@sparticuz/chromium)',
    );
  });

  it('says what to install where the npm Chromium does not run and nothing is installed', async () => {
    const error = await rejectionOf(findChromium({ env: {}, platform: 'freebsd', arch: 'x64' }));
    expect((error as Error).message).toBe(
      [
        'No Chromium for the browser tests. Do one of:',
        '  - set CHROMIUM_PATH to a Chrome or Chromium executable;',
        '  - install Google Chrome or Chromium (the npm Chromium, @sparticuz/chromium, is for Linux x64 only; this is freebsd x64);',
        'Looked in: (no standard paths for this platform).',
      ].join('\n'),
    );
  });

  it('looks for Chrome and Chromium at their standard Windows paths, Edge last', async () => {
    const env = {
      LOCALAPPDATA: 'C:\\Users\\a\\AppData\\Local',
      ProgramFiles: 'C:\\Program Files',
      'ProgramFiles(x86)': 'C:\\Program Files (x86)',
    };
    const error = await rejectionOf(findChromium({ env, platform: 'win32', arch: 'arm64' }));
    const looked = (error as Error).message.split('Looked in: ')[1]?.replace(/\.$/, '').split(', ');
    expect(looked?.[0]).toBe('C:\\Users\\a\\AppData\\Local\\Google\\Chrome\\Application\\chrome.exe');
    expect(looked).toContain('C:\\Program Files\\Google\\Chrome\\Application\\chrome.exe');
    expect(looked).toContain('C:\\Program Files (x86)\\Chromium\\Application\\chrome.exe');
    expect(looked?.at(-1)).toBe('C:\\Program Files (x86)\\Microsoft\\Edge\\Application\\msedge.exe');
  });

  // (On a Mac the real /Applications may hold Chrome, and then there is no error to read.)
  it.skipIf(process.platform === 'darwin')('looks in /Applications and ~/Applications on macOS', async () => {
    const error = await rejectionOf(findChromium({ env: {}, platform: 'darwin', arch: 'arm64' }));
    expect((error as Error).message).toContain('/Applications/Google Chrome.app/Contents/MacOS/Google Chrome');
    expect((error as Error).message).toContain(path.join(os.homedir(), 'Applications/Chromium.app/Contents/MacOS/Chromium'));
  });

  it.runIf(process.platform === 'linux' && process.arch === 'x64')(
    'falls back to the npm Chromium on Linux x64, unpacked once into the temp folder',
    async () => {
      const found = await findChromium({ env: {}, platform: 'linux', arch: 'x64' });
      if (found.source === 'installed') return; // a system Chromium wins; nothing to check about npm's here
      expect(found.source).toMatch(/^npm @sparticuz\/chromium 153\./);
      expect(found.path).toBe(
        path.join(os.tmpdir(), `cognito-oauth-chromium-${found.source.split(' ').at(-1)}-${process.getuid?.()}`, 'chromium'),
      );
      // The second call reuses it.
      expect((await findChromium({ env: {}, platform: 'linux', arch: 'x64' })).unpackMs).toBeUndefined();
    },
  );
});
