// scripts/check-doc-snippets.mjs: which blocks it takes, and that a type error is reported at the
// Markdown line it comes from.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CognitoOAuthClient, ErrorCode } from '../../src/index.js';
import { extractSnippets as extract, pageModules } from '../../scripts/check-doc-snippets.mjs';

const script = join(import.meta.dirname, '..', '..', 'scripts', 'check-doc-snippets.mjs');
const work = mkdtempSync(join(tmpdir(), 'doc-snippets-test-'));

afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('check-doc-snippets', () => {
  it('takes ts and typescript blocks with the line their code starts on, and skips nocheck and other languages', () => {
    const markdown = [
      '# Title', // 1
      '```ts', // 2
      'const a = 1;', // 3
      '```', // 4
      '```sh', // 5
      'npm test', // 6
      '```', // 7
      '```ts nocheck', // 8
      'partial(', // 9
      '```', // 10
      '- item', // 11
      '  ```typescript', // 12
      '  const b: string = "x";', // 13
      '    const c = 2;', // 14
      '  ```', // 15
    ].join('\n');
    expect(extract(markdown)).toEqual([
      { line: 3, code: 'const a = 1;' },
      { line: 13, code: 'const b: string = "x";\n  const c = 2;' },
    ]);
  });

  it('refuses an unclosed fence', () => {
    expect(() => extract('text\n```ts\nconst a = 1;\n')).toThrow('unclosed code fence opened at line 2');
  });

  it('reports a type error at its Markdown line and column, and only that one', { timeout: 90_000 }, () => {
    const file = join(work, 'guide.md');
    const client = "import { CognitoOAuthClient } from 'cognito-oauth';\n\nconst c = new CognitoOAuthClient({ domain: 'auth.example.com', clientId: 'abc' });\n";
    // Lines 3-8: a valid block; lines 11-16: the same client, then a wrong type on line 15.
    writeFileSync(file, `Intro\n\n\`\`\`ts\n${client}console.log(c.domain);\n\`\`\`\n\nThen\n\`\`\`ts\n${client}const n: number = c.domain;\n\`\`\`\n`);

    const result = spawnSync(process.execPath, [script, file], { encoding: 'utf8' });
    expect(result.status).toBe(1);
    const errors = result.stderr.split('\n').filter((line) => / - error TS/.test(line));
    expect(errors).toEqual([expect.stringMatching(/guide\.md:15:7 - error TS2322: Type 'string' is not assignable to type 'number'/)]);
    expect(result.stderr).toContain('1 error(s) in 2 snippets from 1 files');
  });
});

describe('check-doc-snippets, one-program pages', () => {
  const page = (marker: string): string =>
    [
      marker, // 1
      '```ts', // 2
      "import { CognitoOAuthClient } from 'cognito-oauth';", // 3
      "const c = new CognitoOAuthClient({ domain: 'auth.example.com', clientId: 'abc' });", // 4
      '```', // 5
      'Then', // 6
      '```ts', // 7
      'const n: number = c.domain;', // 8
      '```', // 9
    ].join('\n');

  it('joins the blocks of a marked page into one module, keeping each line\'s Markdown line', () => {
    expect(pageModules(page('<!-- doc-snippets: one-program -->'))).toEqual([
      { code: expect.stringContaining('const c = new') as string, lines: [3, 4, 8] },
    ]);
    expect(pageModules(page('# not marked'))).toHaveLength(2);
  });

  it('checks a marked page as one program: a later block sees an earlier one, and errors keep their line', { timeout: 90_000 }, () => {
    const file = join(work, 'program.md');
    writeFileSync(file, page('<!-- doc-snippets: one-program -->'));
    const result = spawnSync(process.execPath, [script, file], { encoding: 'utf8' });
    expect(result.status).toBe(1);
    const errors = result.stderr.split('\n').filter((line) => / - error TS/.test(line));
    // Only the wrong type: `c` itself resolves, across blocks.
    expect(errors).toEqual([expect.stringMatching(/program\.md:8:7 - error TS2322: Type 'string' is not assignable to type 'number'/)]);
  });
});

describe('the docs keep up with the API', () => {
  const root = join(import.meta.dirname, '..', '..');
  const read = (file: string): string => readFileSync(join(root, file), 'utf8');

  it('docs/servers.md is one program (its blocks type-check together), over CognitoSession', () => {
    const servers = read('docs/servers.md');
    expect(servers).toContain('<!-- doc-snippets: one-program -->');
    const [program] = pageModules(servers);
    expect(program?.code).toContain('new CognitoSession(client, { storage, key: KEY })');
    // One session shape: no hand-made refresh, no second session type.
    expect(program?.code).not.toMatch(/freshTokens|refreshTokens\(|createSession/);
  });

  it('docs/errors.md and the README list every ErrorCode', () => {
    const errors = read('docs/errors.md');
    const readme = read('README.md');
    for (const code of Object.values(ErrorCode)) {
      expect(errors, `docs/errors.md lacks ${code}`).toContain(`\`${code}\``);
      expect(readme, `README.md lacks ${code}`).toContain(code);
    }
  });

  it("the README's API table names every public method of CognitoOAuthClient", () => {
    const readme = read('README.md');
    const methods = Object.getOwnPropertyNames(CognitoOAuthClient.prototype).filter(
      (name) => name !== 'constructor' && typeof Object.getOwnPropertyDescriptor(CognitoOAuthClient.prototype, name)?.value === 'function',
    );
    expect(methods.length).toBeGreaterThan(10);
    for (const method of methods) expect(readme, `README.md lacks ${method}`).toContain(`\`${method}(`);
  });
});
