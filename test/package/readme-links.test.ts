// The README is the package's page on the npm registry, where a relative link leads nowhere (the
// docs and examples are not in the tarball). So every README link is absolute, and the repository
// paths they name must exist here: renaming a doc without its links fails this test. The guides in
// docs/ are read on GitHub, where relative links work; they must still lead to files that exist.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = path.resolve(import.meta.dirname, '..', '..');
const REPO = 'https://github.com/cognito-oauth/cognito-oauth';

/** Markdown without fenced code blocks and inline code, where `[x](y)` is not a link. */
function prose(markdown: string): string {
  return markdown.replace(/^(```|~~~)[^\n]*\n[\s\S]*?^\1[ \t]*$/gm, '').replace(/`[^`\n]*`/g, '');
}

/** Every link target of a Markdown file: inline links and images, reference definitions, HTML href/src. */
function links(markdown: string): string[] {
  const text = prose(markdown);
  const found: string[] = [];
  for (const [, target] of text.matchAll(/\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g)) found.push(target!);
  for (const [, target] of text.matchAll(/^\s{0,3}\[[^\]]+\]:\s*<?(\S+?)>?(?:\s|$)/gm)) found.push(target!);
  for (const [, target] of text.matchAll(/\s(?:href|src)\s*=\s*"([^"]+)"/g)) found.push(target!);
  return found;
}

/** GitHub's heading anchors: lower case, punctuation dropped, spaces to hyphens. */
function anchors(markdown: string): Set<string> {
  const seen = new Map<string, number>();
  const result = new Set<string>();
  for (const [, heading] of prose(markdown).matchAll(/^#{1,6}\s+(.+?)\s*#*\s*$/gm)) {
    const slug = heading!
      .toLowerCase()
      .replace(/[^\p{L}\p{N}\s_-]/gu, '')
      .replace(/\s/g, '-');
    const count = seen.get(slug) ?? 0;
    seen.set(slug, count + 1);
    result.add(count === 0 ? slug : `${slug}-${count}`);
  }
  return result;
}

function read(file: string): string {
  return fs.readFileSync(path.join(ROOT, file), 'utf8');
}

/** What is wrong with a link to `file` (relative to the root) and `anchor`, or undefined when it is fine. */
function problemWith(file: string, kind: 'file' | 'dir' | 'any', anchor: string | undefined): string | undefined {
  const full = path.join(ROOT, file);
  if (!full.startsWith(ROOT) || !fs.existsSync(full)) return `${file} does not exist`;
  const isDir = fs.statSync(full).isDirectory();
  if (kind === 'file' && isDir) return `${file} is a folder: link it with /tree/main/`;
  if (kind === 'dir' && !isDir) return `${file} is a file: link it with /blob/main/`;
  if (anchor !== undefined && !isDir && file.endsWith('.md') && !anchors(read(file)).has(anchor)) {
    return `${file} has no heading #${anchor}`;
  }
  return undefined;
}

/** For a link into this repository, what is wrong with it; undefined for a good one or another site. */
function problemWithRepoLink(target: string): string | undefined {
  if (target !== REPO && !target.startsWith(`${REPO}/`) && !target.startsWith(`${REPO}#`)) return undefined;
  const [base = '', anchor] = target.split('#') as [string, string | undefined];
  if (base === REPO) return problemWith('README.md', 'file', anchor);
  const rest = base.slice(REPO.length + 1);
  if (rest === 'issues' || rest.startsWith('issues/') || rest === 'releases' || rest.startsWith('security/')) return undefined;
  const match = /^(blob|tree)\/main\/(.+)$/.exec(rest);
  if (match === null) return `${target} is not a /blob/main/ or /tree/main/ link`;
  return problemWith(decodeURIComponent(match[2]!).replace(/\/$/, ''), match[1] === 'tree' ? 'dir' : 'file', anchor);
}

const readme = read('README.md');
const readmeLinks = links(readme);
const docs = fs.readdirSync(path.join(ROOT, 'docs')).filter((name) => name.endsWith('.md'));

describe('README links (the npm registry page)', () => {
  it('finds the links (the extractor works)', () => {
    expect(readmeLinks.length).toBeGreaterThan(15);
    expect(links('[a](x.md) `[b](y.md)` ![c](z.png)\n[d]: w.md\n<a href="v.md">v</a>\n```md\n[e](u.md)\n```\n')).toEqual([
      'x.md',
      'z.png',
      'w.md',
      'v.md',
    ]);
  });

  it('are all absolute (https), so they work outside the repository', () => {
    expect(readmeLinks.filter((target) => !target.startsWith('https://'))).toEqual([]);
  });

  it('name files and folders that exist in this repository (with their headings)', () => {
    expect(readmeLinks.map(problemWithRepoLink).filter(Boolean)).toEqual([]);
  });

  it('a renamed doc, a file linked as a folder and a missing heading are caught', () => {
    expect(problemWithRepoLink(`${REPO}/blob/main/docs/no-such-guide.md`)).toMatch(/does not exist/);
    expect(problemWithRepoLink(`${REPO}/blob/main/examples/spa`)).toMatch(/is a folder/);
    expect(problemWithRepoLink(`${REPO}/tree/main/docs/testing.md`)).toMatch(/is a file/);
    expect(problemWithRepoLink(`${REPO}/blob/main/docs/testing.md#no-such-heading`)).toMatch(/no heading/);
    expect(problemWithRepoLink(`${REPO}/blob/main/docs/testing.md`)).toBeUndefined();
  });
});

describe('links between the guides in docs/', () => {
  it.each(docs)('docs/%s: relative links lead to files that exist, repository links too', (name) => {
    const problems: string[] = [];
    for (const target of links(read(`docs/${name}`))) {
      if (/^[a-z][a-z+.-]*:/i.test(target)) {
        const problem = problemWithRepoLink(target);
        if (problem !== undefined) problems.push(problem);
        continue;
      }
      const [file = '', anchor] = target.split('#') as [string, string | undefined];
      const resolved = file === '' ? `docs/${name}` : path.posix.normalize(path.posix.join('docs', decodeURIComponent(file)));
      const problem = problemWith(resolved.replace(/\/$/, ''), file.endsWith('/') ? 'dir' : 'any', anchor);
      if (problem !== undefined) problems.push(`${target}: ${problem}`);
    }
    expect(problems).toEqual([]);
  });
});
