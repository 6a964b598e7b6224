#!/usr/bin/env node
// Type-checks every ```ts block of README.md and docs/*.md, and every ```ts block of a TSDoc comment
// (`@example`) in src/ and testing/, against the repo's own src/: each block becomes a module in a
// temporary folder whose tsconfig maps `cognito-oauth` to src/index.ts, then `tsc --noEmit` runs
// once over all of them. Errors are reported as file:line of the Markdown or the source file.
//
// Mark a deliberately partial block with ```ts nocheck (keep those rare).
//
// A page that holds `<!-- doc-snippets: one-program -->` is checked as one program instead: its
// blocks, in order, become a single module, so a later block uses what an earlier one declared
// (and a name imported twice is an error, as it would be in the reader's file).
//
// Usage: node scripts/check-doc-snippets.mjs [file.md ...]   (default: README.md and docs/**/*.md)
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/** README.md plus every Markdown file under docs/, except the generated API reference. */
function defaultFiles() {
  const files = [join(root, 'README.md')];
  const walk = (dir) => {
    if (!existsSync(dir)) return;
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) {
        if (relative(root, path) !== join('docs', 'api')) walk(path);
      } else if (entry.name.endsWith('.md')) {
        files.push(path);
      }
    }
  };
  walk(join(root, 'docs'));
  const sources = [];
  const walkSources = (dir) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walkSources(path);
      else if (/\.(ts|mts)$/.test(entry.name)) sources.push(path);
    }
  };
  for (const dir of ['src', 'testing']) if (existsSync(join(root, dir))) walkSources(join(root, dir));
  return [...files.filter((file) => existsSync(file)).sort(), ...sources.sort()];
}

/** The ```ts blocks of a source file's TSDoc comments, as Markdown with each line where it was. */
export function tsdocAsMarkdown(source) {
  // Keep the line count: every line becomes its text without the leading ` * `, and lines outside
  // comments become blank, so a snippet's line in this Markdown is its line in the source file.
  const lines = source.split(/\r?\n/);
  let inDoc = false;
  return lines
    .map((line) => {
      if (!inDoc && /^\s*\/\*\*/.test(line)) inDoc = !line.includes('*/');
      else if (inDoc && line.includes('*/')) inDoc = false;
      else if (inDoc) return line.replace(/^\s*\* ?/, '');
      return '';
    })
    .join('\n');
}

/** True when a page asks for its blocks to be checked as one program. */
export function isOneProgram(markdown) {
  return /<!--\s*doc-snippets:\s*one-program\s*-->/.test(markdown);
}

/**
 * The module(s) to check for one page: one per block, or (one-program pages) one for all, with the
 * Markdown line of every line of code.
 */
export function pageModules(markdown) {
  const snippets = extractSnippets(markdown);
  const modules = snippets.map((snippet) => ({ code: snippet.code, lines: snippet.code.split('\n').map((_, i) => snippet.line + i) }));
  if (!isOneProgram(markdown) || modules.length === 0) return modules;
  return [{ code: modules.map((m) => m.code).join('\n'), lines: modules.flatMap((m) => m.lines) }];
}

/** The ```ts / ```typescript blocks of one Markdown file, with the line their code starts on. */
export function extractSnippets(markdown) {
  const lines = markdown.split(/\r?\n/);
  const snippets = [];
  let open;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    if (open === undefined) {
      const fence = /^(\s*)(`{3,}|~{3,})\s*([^\s`]*)\s*(.*)$/.exec(line);
      if (fence) open = { indent: fence[1].length, fence: fence[2], lang: fence[3].toLowerCase(), meta: fence[4], start: i + 2, body: [] };
    } else if (line.trim().startsWith(open.fence) && line.trim().replace(/[`~]/g, '') === '') {
      if ((open.lang === 'ts' || open.lang === 'typescript') && !/\bnocheck\b/.test(open.meta)) {
        snippets.push({ line: open.start, code: open.body.map((l) => l.slice(Math.min(open.indent, l.search(/\S|$/)))).join('\n') });
      }
      open = undefined;
    } else {
      open.body.push(line);
    }
  }
  if (open !== undefined) throw new Error(`unclosed code fence opened at line ${open.start - 1}`);
  return snippets;
}

function main() {
  const files = process.argv.length > 2 ? process.argv.slice(2).map((file) => resolve(file)) : defaultFiles();
  const work = mkdtempSync(join(tmpdir(), 'doc-snippets-'));
  try {
    // The snippets live outside the repo; a link lets them resolve hono, zod and @types/node from it.
    symlinkSync(join(root, 'node_modules'), join(work, 'node_modules'), 'dir');
    mkdirSync(join(work, 'snippets'));
    const origin = new Map();
    let count = 0;
    for (const file of files) {
      const name = relative(root, file);
      let modules;
      try {
        const text = readFileSync(file, 'utf8');
        modules = pageModules(/\.(ts|mts)$/.test(file) ? tsdocAsMarkdown(text) : text);
      } catch (error) {
        console.error(`${name}: ${error.message}`);
        process.exitCode = 1;
        continue;
      }
      for (const module of modules) {
        const id = `${name.replace(/[^\w.-]+/g, '_').replace(/^[._]+/, '')}_L${module.lines[0]}.ts`;
        // `export {}` makes each block a module: its own scope, and top-level await allowed.
        writeFileSync(join(work, 'snippets', id), `${module.code}\nexport {};\n`);
        origin.set(id, { name, lines: module.lines });
        count++;
      }
    }
    if (count === 0) {
      console.log('check-doc-snippets: no ```ts blocks found');
      return;
    }
    writeFileSync(
      join(work, 'tsconfig.json'),
      JSON.stringify(
        {
          extends: join(root, 'tsconfig.json'),
          compilerOptions: {
            noEmit: true,
            // Snippets show usage; unused names in them are not mistakes.
            noUnusedLocals: false,
            noUnusedParameters: false,
            paths: {
              'cognito-oauth': [join(root, 'src', 'index.ts')],
              'cognito-oauth/authorize': [join(root, 'src', 'authorize.ts')],
              'cognito-oauth/session': [join(root, 'src', 'session.ts')],
              'cognito-oauth/testing': [join(root, 'testing', 'index.d.mts')],
            },
          },
          include: ['snippets/*.ts'],
        },
        null,
        2,
      ),
    );
    const tsc = join(root, 'node_modules', 'typescript', 'bin', 'tsc');
    const result = spawnSync(process.execPath, [tsc, '-p', join(work, 'tsconfig.json'), '--pretty', 'false'], { encoding: 'utf8' });
    const output = `${result.stdout}${result.stderr}`;
    let errors = 0;
    for (const raw of output.split('\n')) {
      const match = /^(.*?)\((\d+),(\d+)\): (error|warning) (TS\d+): (.*)$/.exec(raw);
      if (match) {
        const source = origin.get(basename(match[1]));
        if (source !== undefined) {
          const line = source.lines[Number(match[2]) - 1] ?? source.lines.at(-1);
          console.error(`${source.name}:${line}:${match[3]} - ${match[4]} ${match[5]}: ${match[6]}`);
        } else {
          console.error(raw);
        }
        errors++;
      } else if (raw.trim() !== '') {
        console.error(raw.startsWith(' ') ? raw : `  ${raw}`);
      }
    }
    if (result.status !== 0) {
      console.error(`check-doc-snippets: ${errors} error(s) in ${count} snippets from ${files.length} files`);
      process.exitCode = 1;
    } else {
      console.log(`check-doc-snippets: ${count} snippets from ${files.length} files type-check`);
    }
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) main();
