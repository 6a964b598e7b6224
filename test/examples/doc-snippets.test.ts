// scripts/check-doc-snippets.mjs: which blocks it takes, and that a type error is reported at the
// Markdown line it comes from.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CognitoOAuthClient, ErrorCode } from '../../src/index.js';
import { extractSnippets as extract } from '../../scripts/check-doc-snippets.mjs';

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

describe('the docs keep up with the API', () => {
  const root = join(import.meta.dirname, '..', '..');
  const read = (file: string): string => readFileSync(join(root, file), 'utf8');

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
