// The API reference is what a user without a clone reads: typedoc's own model of it (`--json`) must
// give every exported symbol a summary and a group, every public method, function and constructor
// an example, and every options interface an example and a `@default` on each optional option.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const ROOT = path.resolve(import.meta.dirname, '..', '..');

// typedoc's ReflectionKind values (typedoc/dist/lib/models/kind.d.ts).
const KIND = {
  Module: 2,
  Variable: 32,
  Function: 64,
  Class: 128,
  Interface: 256,
  Constructor: 512,
  Property: 1024,
  Method: 2048,
  TypeAlias: 2097152,
  Reference: 4194304,
};

interface Comment {
  summary?: { text: string }[];
  blockTags?: { tag: string }[];
  modifierTags?: string[];
}
interface Reflection {
  name: string;
  kind: number;
  flags?: { isOptional?: boolean; isPrivate?: boolean; isProtected?: boolean; isExternal?: boolean };
  comment?: Comment;
  signatures?: Reflection[];
  children?: Reflection[];
  inheritedFrom?: unknown;
}

let work: string;
let modules: Reflection[];

beforeAll(() => {
  work = fs.mkdtempSync(path.join(os.tmpdir(), 'cognito-oauth-api-'));
  const typedoc = path.join(ROOT, 'node_modules', 'typedoc', 'bin', 'typedoc');
  const json = path.join(work, 'api.json');
  // Warnings are `npm run docs`'s job; here the model is read even when there are some.
  const result = spawnSync(
    process.execPath,
    [typedoc, '--json', json, '--out', path.join(work, 'html'), '--treatWarningsAsErrors', 'false'],
    {
      cwd: ROOT,
      encoding: 'utf8',
      timeout: 240_000,
    },
  );
  if (result.status !== 0) throw new Error(`typedoc failed:\n${result.stdout}\n${result.stderr}`);
  modules = (JSON.parse(fs.readFileSync(json, 'utf8')) as Reflection).children ?? [];
}, 300_000);

afterAll(() => {
  if (work) fs.rmSync(work, { recursive: true, force: true });
});

const summary = (comment: Comment | undefined) =>
  (comment?.summary ?? [])
    .map((part) => part.text)
    .join('')
    .trim();
const tags = (comment: Comment | undefined) => (comment?.blockTags ?? []).map((tag) => tag.tag);
/** A symbol's comment: on the declaration, or on its first signature (functions). */
const commentOf = (r: Reflection) => r.comment ?? r.signatures?.[0]?.comment;
const hasExample = (r: Reflection) => [r.comment, ...(r.signatures ?? []).map((s) => s.comment)].some((c) => tags(c).includes('@example'));

/** Every exported symbol, as `module.name`, except re-exports of one documented elsewhere. */
function exported(): { id: string; r: Reflection }[] {
  return modules.flatMap((mod) =>
    (mod.children ?? []).filter((r) => r.kind !== KIND.Reference).map((r) => ({ id: `${mod.name}.${r.name}`, r })),
  );
}

describe('the API reference (typedoc --json)', { timeout: 30_000 }, () => {
  it('covers every documented entry point', () => {
    expect(modules.map((mod) => mod.name).sort()).toEqual([
      'cognito-oauth',
      'cognito-oauth/authorize',
      'cognito-oauth/session',
      'cognito-oauth/testing',
    ]);
    expect(exported().length).toBeGreaterThan(60);
  });

  it('every exported symbol has a summary', () => {
    expect(
      exported()
        .filter(({ r }) => summary(commentOf(r)) === '')
        .map(({ id }) => id),
    ).toEqual([]);
  });

  it('every exported symbol has a @group', () => {
    expect(
      exported()
        .filter(({ r }) => !tags(commentOf(r)).includes('@group'))
        .map(({ id }) => id),
    ).toEqual([]);
  });

  it('every exported function has an @example', () => {
    expect(
      exported()
        .filter(({ r }) => r.kind === KIND.Function && !hasExample(r))
        .map(({ id }) => id),
    ).toEqual([]);
  });

  it('every class has an @example on its constructor and on each public method of its own', () => {
    const missing: string[] = [];
    for (const { id, r } of exported().filter(({ r }) => r.kind === KIND.Class)) {
      for (const member of r.children ?? []) {
        const own =
          member.inheritedFrom === undefined && !member.flags?.isPrivate && !member.flags?.isProtected && !member.flags?.isExternal;
        if (own && (member.kind === KIND.Constructor || member.kind === KIND.Method) && !hasExample(member))
          missing.push(`${id}.${member.name}`);
      }
    }
    expect(missing).toEqual([]);
  });

  it('every options interface has an @example, and a @default on each optional option', () => {
    const missing: string[] = [];
    for (const { id, r } of exported().filter(({ r }) => r.kind === KIND.Interface && r.name.endsWith('Options'))) {
      if (!hasExample(r)) missing.push(`${id}: @example`);
      for (const option of r.children ?? []) {
        if (option.flags?.isOptional && !tags(option.comment).includes('@default')) missing.push(`${id}.${option.name}: @default`);
      }
    }
    expect(missing).toEqual([]);
  });
});
