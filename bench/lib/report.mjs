// Turns one bench run into the printed table and docs/performance.md; "Why the missed targets are
// missed" comes from the last `npm --prefix bench run analyze` (bench/analysis.json).
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { SCENARIOS } from './sizes.mjs';
import { CPU_RATIO_TARGET, CPU_TARGET_OPS } from './targets.mjs';

const mark = (pass) => (pass === null || pass === undefined ? '–' : pass ? 'PASS' : 'FAIL');
const fmtB = (n) => Math.round(n).toLocaleString('en-US');
const result = (t) => `${mark(t.pass)}${t.miss ? `: ${t.miss}` : ''}${t.detail ? ` (${t.detail})` : ''}`;

/** bench/analysis.json, written by analyze.mjs, or undefined when analyze has not run. */
export function readAnalysis(benchDir) {
  const file = join(benchDir, 'analysis.json');
  return existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : undefined;
}

/** Every figure of the run as rows of one table. */
export function tableRows(results, targets) {
  const rows = [];
  const push = (section, measure, lib, value, compare = '') => rows.push([section, measure, lib, value, compare]);
  for (const t of targets) push(`target (issue ${t.issue})`, t.target, 'cognito-oauth', t.value, result(t));
  for (const r of results.ownCode ?? [])
    push(
      'own code gzip',
      `${r.scenario}, from src/, ky + zod + aws-jwt-verify external`,
      'cognito-oauth (split, loaded by this flow)',
      `${fmtB(r.gzip)} B`,
      `${fmtB(r.min)} B min, ${r.files} files`,
    );
  for (const r of results.sizes ?? []) {
    if (!r.available) {
      if (r.lib === 'cognito-oauth' || r.note !== 'n/a') push('bundle gzip', r.scenario, r.lib, r.note);
      continue;
    }
    if (r.split) {
      push(
        'bundle gzip',
        r.scenario,
        'cognito-oauth (split, before any exchange)',
        `${fmtB(r.split.initial.gzip)} B`,
        `${r.split.initial.files} files${r.split.initial.heavy.length ? `, has ${r.split.initial.heavy.join('+')}` : ', no ky/zod'}`,
      );
      if (r.viaClient)
        push('bundle gzip', r.scenario, 'cognito-oauth (through the class)', `${fmtB(r.viaClient.gzip)} B`, 'signin-client.js');
      if (r.viaSession)
        push(
          'bundle gzip',
          r.scenario,
          'cognito-oauth (through CognitoSession)',
          `${fmtB(r.viaSession.gzip)} B`,
          `session-signin.js${r.viaSession.heavy.length ? `, has ${r.viaSession.heavy.join('+')}` : ', no ky/zod'}`,
        );
      if (r.withSession)
        push(
          'bundle gzip',
          r.scenario,
          'cognito-oauth (through CognitoSession, loaded by this flow)',
          `${fmtB(r.withSession.gzip)} B`,
          `session.js: +${fmtB(r.withSession.addedGzip)} B on top of the flow`,
        );
      if (r.scenario !== 'signin')
        push(
          'bundle gzip',
          r.scenario,
          'cognito-oauth (split, loaded by this flow)',
          `${fmtB(r.split.loaded.gzip)} B`,
          `${r.split.loaded.files} files: ${r.split.loaded.heavy.join('+') || 'no ky/zod'}`,
        );
      push('bundle gzip', r.scenario, 'cognito-oauth (split, every chunk)', `${fmtB(r.split.all.gzip)} B`, `${r.split.all.files} files`);
      push('bundle gzip', r.scenario, 'cognito-oauth (one file)', `${fmtB(r.oneFile.gzip)} B`);
    } else {
      const ours = results.sizes.find((o) => o.lib === 'cognito-oauth' && o.scenario === r.scenario && o.available);
      push(
        'bundle gzip',
        r.scenario,
        r.lib,
        `${fmtB(r.oneFile.gzip)} B`,
        ours ? `ours/peer ${(ours.headline / r.oneFile.gzip).toFixed(2)}` : '',
      );
    }
  }
  if (results.cold) {
    for (const r of results.cold.rows) {
      const what = r.kind === 'import' || r.kind === undefined ? 'import' : 'import + first network call';
      push(
        'cold start',
        `${what}: median of ${results.cold.runs}, over bare node (${results.cold.bareMs} ms wall, ${results.cold.bareCpuMs} ms CPU)`,
        r.name,
        `+${r.addedMs} ms wall`,
        `+${r.addedCpuMs} ms CPU, ±${r.spreadPercent}% wall`,
      );
    }
  }
  for (const op of results.cpu ?? []) {
    for (const r of op.rows) push('CPU µs/op', op.title, r.lib, `${r.usPerOp}`, r.ratio === null ? '' : `ours/peer ${r.ratio}`);
    if (op.note) push('CPU µs/op', op.title, 'cognito-oauth', op.note);
  }
  if (results.loopback) {
    const l = results.loopback;
    for (const r of l.rows) push('loopback', `${l.count} exchanges, concurrency ${l.concurrency}`, r.name, `${fmtB(r.perSecond)}/s`);
    push('loopback', 'ratio SDK / raw fetch (median of rounds)', 'cognito-oauth', `${l.ratio}×`);
  }
  return rows;
}

export function printTable(rows) {
  const header = ['section', 'measure', 'library', 'value', 'compare'];
  const all = [header, ...rows];
  const widths = header.map((_, i) => Math.max(...all.map((r) => String(r[i]).length)));
  const line = (r) => r.map((c, i) => String(c).padEnd(widths[i])).join(' | ');
  console.log(line(header));
  console.log(widths.map((w) => '-'.repeat(w)).join('-|-'));
  for (const r of rows) console.log(line(r));
}

function mdTable(header, rows) {
  return [`| ${header.join(' | ')} |`, `| ${header.map(() => '---').join(' | ')} |`, ...rows.map((r) => `| ${r.join(' | ')} |`)].join('\n');
}

export function markdown(results, targets, analysis) {
  const m = results.meta;
  const out = [];
  out.push('# Performance', '');
  out.push(
    'Generated by `npm run bench` (bench/run.mjs); do not edit by hand. cognito-oauth is measured from the',
    "repo's built `dist/` and compared with its peers doing the same job. The raw figures are in",
    '`bench/results.json`. Headlines are medians and ratios: absolute times depend on the machine and',
    'on its load (the load average is recorded below), ratios between libraries measured side by side',
    'in the same run much less.',
    '',
  );
  out.push('## Run', '');
  out.push(
    mdTable(
      ['', ''],
      [
        ['date', m.date],
        ['command', `\`${m.command}\``],
        ['cognito-oauth', `${m.version} (git ${m.git})`],
        ['machine', `${m.cpus} × ${m.cpuModel}, ${m.memGiB} GiB, ${m.os}`],
        ['load average (1 min) at start / end', `${m.loadStart} / ${m.loadEnd}`],
        ['Node / npm / esbuild', `${m.node} / ${m.npm} / ${m.esbuild}`],
        [
          'peers',
          Object.entries(m.peers)
            .map(([k, v]) => `${k} ${v}`)
            .join(', '),
        ],
        [
          'cognito-oauth dependencies',
          Object.entries(m.deps)
            .map(([k, v]) => `${k} ${v}`)
            .join(', '),
        ],
      ],
    ),
    '',
  );
  out.push('## Targets', '');
  out.push(
    "Issue 10's targets, and issue 5's that still stand. A miss says by how much; the next section says",
    "what of it is ky's or zod's.",
    '',
    mdTable(
      ['issue', 'target', 'measured', 'result'],
      targets.map((t) => [String(t.issue), t.target, t.value, result(t)]),
    ),
    '',
  );

  out.push(whyMissed(results, targets, analysis), '');

  if (results.sizes) {
    out.push('## 1. Browser bundle size', '');
    out.push(
      '`esbuild --bundle --minify --format=esm --platform=browser` (esbuild JS API, same options), then gzip',
      'level 9 per file. The entry files are in `bench/entries/<library>/`: (a) `signin.js` builds the',
      'authorize URL with PKCE and state and redirects; (b) `flow.js` adds the callback with its state check,',
      'the code exchange, refresh and userInfo; (c) `verify.js` adds ID-token signature and claim checks.',
      '',
      'cognito-oauth loads its network half (ky + zod) with `import()`, so an app bundler that splits',
      'code puts it in a chunk of its own; token verification (aws-jwt-verify) is a second lazy chunk,',
      'loaded only when `userPoolId`/`issuer` is set. It is measured both ways: with `--splitting`',
      '("before any exchange" = the entry chunk plus the chunks it imports statically, what a sign-in page',
      'downloads; "loaded by this flow" = that plus the lazy chunks the flow uses: the network half for (b),',
      'the network half and verification for (c)), and as one file (a bundler that does not split inlines',
      'every `import()`, so the one file carries verification even when it is not used).',
      'The targets are checked against the split figures: "before any exchange" for (a), "loaded by this',
      'flow" for (b) and (c). Peers are one file each (none of them splits itself).',
      '',
      '"Our own code" (issue 10) is the same flow built from `src/` (not `dist/`, which may bundle zod/mini',
      "into its network chunk) with ky, zod and aws-jwt-verify left external: what is left is the SDK's code.",
      '',
    );
    for (const s of SCENARIOS) {
      const rows = [];
      for (const r of results.sizes.filter((x) => x.scenario === s.id)) {
        if (!r.available) {
          if (r.lib === 'cognito-oauth') rows.push([r.lib, r.note, '', '']);
          continue;
        }
        if (r.split) {
          rows.push([
            `**cognito-oauth**${s.id === 'signin' ? ' (`cognito-oauth/authorize`)' : ''}, split: before any exchange`,
            fmtB(r.split.initial.min),
            `**${fmtB(r.split.initial.gzip)}**`,
            `${r.split.initial.files} files; ${r.split.initial.heavy.length ? r.split.initial.heavy.join(', ') : 'no ky/zod'}`,
          ]);
          if (r.viaClient)
            rows.push([
              'cognito-oauth through `CognitoOAuthClient`, split: before any exchange',
              fmtB(r.viaClient.min),
              fmtB(r.viaClient.gzip),
              `the class chunk (every synchronous method); ${r.viaClient.heavy.length ? r.viaClient.heavy.join(', ') : 'no ky/zod'}`,
            ]);
          if (r.viaSession)
            rows.push([
              'cognito-oauth through `CognitoSession` (`session.signIn()`), split: before any exchange',
              fmtB(r.viaSession.min),
              fmtB(r.viaSession.gzip),
              `the class chunk with the session; ${r.viaSession.heavy.length ? r.viaSession.heavy.join(', ') : 'no ky/zod'}`,
            ]);
          if (s.id !== 'signin')
            rows.push([
              '**cognito-oauth**, split: loaded by this flow',
              fmtB(r.split.loaded.min),
              `**${fmtB(r.split.loaded.gzip)}**`,
              `${r.split.loaded.files} files; ${r.split.loaded.heavy.join(', ') || 'no ky/zod'}`,
            ]);
          if (r.withSession)
            rows.push([
              'cognito-oauth through `CognitoSession` (`session.js`), split: loaded by this flow',
              fmtB(r.withSession.min),
              fmtB(r.withSession.gzip),
              `${r.withSession.files} files; +${fmtB(r.withSession.addedGzip)} B gzip on top of the flow above`,
            ]);
          rows.push([
            'cognito-oauth, split: every chunk emitted',
            fmtB(r.split.all.min),
            fmtB(r.split.all.gzip),
            `${r.split.all.files} files (includes lazy chunks this flow never loads)`,
          ]);
          rows.push(['**cognito-oauth**, one file', fmtB(r.oneFile.min), fmtB(r.oneFile.gzip), r.oneFile.heavy.join(', ')]);
        } else {
          rows.push([r.lib, fmtB(r.oneFile.min), fmtB(r.oneFile.gzip), '']);
        }
      }
      const own = results.ownCode?.find((r) => r.scenario === s.id);
      if (own)
        rows.splice(
          rows.findIndex((r) => r[0].startsWith('cognito-oauth, split: every')),
          0,
          [
            'our own code, split: loaded by this flow (from `src/`, ky + zod + aws-jwt-verify external)',
            fmtB(own.min),
            `**${fmtB(own.gzip)}**`,
            `${own.files} files${own.packages.length ? `; still bundles ${own.packages.join(', ')}` : ''}`,
          ],
        );
      out.push(`### (${'abc'[SCENARIOS.indexOf(s)]}) ${s.title}`, '', mdTable(['library', 'min bytes', 'gzip bytes', 'notes'], rows), '');
    }
    out.push(
      'Peers in (c): openid-client and oauth4webapi use their own signature checks (`enableNonRepudiationChecks`,',
      '`validateApplicationLevelSignature`); Amplify, arctic and oidc-client-ts verify nothing themselves and are',
      'paired with aws-jwt-verify. aws-jwt-verify and jose alone are verification only. arctic has no callback',
      'parsing or userInfo; its entry does both by hand. Amplify has no `/oauth2/userInfo` call; its entry uses',
      '`fetchUserAttributes` (the GetUser API).',
      '',
    );
  }
  if (results.cold) {
    const c = results.cold;
    out.push('## 2. Node cold start', '');
    out.push(
      `Median of ${c.runs} fresh \`node\` processes per library (interleaved rounds), each importing the library and`,
      `exiting, minus the median of a bare \`node\` doing nothing (${c.bareMs} ms wall, ${c.bareCpuMs} ms CPU in this run).`,
      'Wall time is measured around the process; CPU time (user + system) is what the process reports',
      'as it exits, and is less inflated when other work shares the machine. "ESM + network half" also',
      'imports the lazily loaded chunk (ky + zod) by hand.',
      '',
      'The "import + first …" rows are what a Lambda pays on a cold start before its first answer: the',
      'process imports `dist/`, builds a client whose `fetch` is a stub answering a canned Cognito token',
      'response, and runs `parseCallback` + `exchangeCode` (and `refreshTokens` after it in one row), with',
      'no network. "node: Request + Response" does only what any fetch-based client does on its first',
      "call (Node loads its fetch implementation then); oauth4webapi's row is the same exchange with it.",
      '',
      mdTable(
        ['library', 'median wall', 'added wall', 'added CPU', 'spread (MAD, wall)'],
        c.rows.map((r) => [r.name, `${r.medianMs} ms`, `**+${r.addedMs} ms**`, `+${r.addedCpuMs} ms`, `±${r.spreadPercent}%`]),
      ),
      '',
    );
  }
  if (results.cpu) {
    out.push('## 3. CPU per operation', '');
    out.push(
      'In-process, `fetch` replaced by a function that returns canned Cognito responses (an RS256-signed',
      'ID token and access token, a refresh response without `refresh_token`, a userInfo body with',
      '`email_verified: "true"`), so only library code is measured. Each library runs the same operation',
      `for ${results.meta.cpu.blockMs} ms blocks, sequentially awaited, in ${results.meta.cpu.rounds} interleaved rounds (order rotated each`,
      'round); the figure is the median of the process CPU time (user + system) per operation, which',
      'other load on the machine inflates less than wall time (wall time is in results.json).',
      '"ours/peer" is cognito-oauth ÷ that library (above 1: cognito-oauth is slower). arctic takes no',
      'fetch option, so its runs replace `globalThis.fetch`.',
      '',
      'Not the same work everywhere: oauth4webapi and openid-client also decode the ID token and check its',
      'claims (iss, aud, exp, nonce) during the exchange; cognito-oauth does that only when `userPoolId` is set.',
      '',
    );
    for (const op of results.cpu) {
      out.push(
        `### ${op.title}`,
        '',
        mdTable(
          ['library', 'CPU µs/op (median)', 'spread (MAD)', 'wall µs/op', 'ours/peer'],
          op.rows.map((r) => [
            r.lib === 'cognito-oauth' ? '**cognito-oauth**' : r.lib,
            String(r.usPerOp),
            `±${r.spreadPercent}%`,
            String(r.wallUsPerOp),
            r.ratio === null ? '–' : String(r.ratio),
          ]),
        ),
        '',
      );
      if (op.note) out.push(op.note, '');
    }
  }
  if (results.loopback) {
    const l = results.loopback;
    out.push('## 4. Loopback throughput', '');
    out.push(
      `${l.count} code exchanges with at most ${l.concurrency} in flight, against a token endpoint on 127.0.0.1 run as a child`,
      'process (node:http, canned Cognito token response), through `exchangeCode` and through a raw `fetch`',
      `doing the same form POST and JSON parse. ${l.rounds} rounds, alternating which goes first; the ratio is`,
      'the median of the per-round ratios.',
      '',
      mdTable(
        ['client', 'exchanges/s (median)'],
        l.rows.map((r) => [r.name, fmtB(r.perSecond)]),
      ),
      '',
      `Ratio SDK / raw fetch: **${l.ratio}** (per round: ${l.ratios.join(', ')}).`,
      '',
    );
  }
  return out.join('\n');
}

// What the analyze stand-ins say about each target they bear on: one value per variant, measured
// side by side in one analyze run.
function analyzeMetrics(a) {
  const metrics = [];
  const v = a.variants;
  const sizes = (job, label, limitKb, targetId) =>
    a.sizes[job] &&
    metrics.push({
      targetId,
      label: `${label}, gzip (split, from src/)`,
      limit: limitKb * 1000,
      limitText: `${fmtB(limitKb * 1000)} B`,
      lower: true,
      fmt: (x) => `${fmtB(x)} B`,
      delta: (d) => `${fmtB(d)} B`,
      values: v.map((name) => a.sizes[job][name]?.split),
    });
  sizes('flow', 'full code flow', 17, 'flow');
  sizes('verify', 'flow + verification', 22, 'verify-flow');
  for (const { id, op, label } of CPU_TARGET_OPS) {
    const cpu = a.cpu?.[op];
    if (!cpu) continue;
    metrics.push({
      targetId: id,
      label: `${label}, CPU × oauth4webapi's (${cpu.oauth4webapi} µs)`,
      limit: CPU_RATIO_TARGET,
      limitText: `${CPU_RATIO_TARGET}×`,
      lower: true,
      fmt: (x) => `${x.toFixed(2)}× (${(x * cpu.oauth4webapi).toFixed(0)} µs)`,
      delta: (d) => `${d.toFixed(2)}× (${(d * cpu.oauth4webapi).toFixed(0)} µs)`,
      values: v.map((name) => cpu[name] / cpu.oauth4webapi),
    });
  }
  if (a.loopback)
    metrics.push({
      targetId: 'loopback',
      label: 'loopback throughput, ratio to raw fetch',
      limit: 0.9,
      limitText: '0.9×',
      lower: false,
      fmt: (x) => `${x.toFixed(2)}×`,
      delta: (d) => `${d.toFixed(2)}×`,
      values: v.map((name) => a.loopback[name]),
    });
  if (a.cold) {
    metrics.push({
      targetId: 'cold-first-call',
      label: 'import + first exchangeCode, added CPU ms (dependencies from node_modules)',
      limit: 40,
      limitText: '+40 ms',
      lower: true,
      fmt: (x) => `+${x.toFixed(0)} ms`,
      delta: (d) => `${d.toFixed(0)} ms`,
      values: v.map((name) => a.cold[name]?.addedCpuMs),
    });
  }
  return metrics;
}

function whyMissed(results, targets, a) {
  const out = ['## Why the missed targets are missed', ''];
  if (!a) {
    out.push('`bench/analysis.json` is missing: run `npm --prefix bench run analyze`, then `npm --prefix bench run bench -- --render`.');
    return out.join('\n');
  }
  // The first missed target of each id (the ESM row before the CJS one for the cold start).
  const missed = new Map();
  for (const t of targets) if (t.pass === false && !missed.has(t.id)) missed.set(t.id, t);
  out.push(
    'Each miss is measured, not assumed. `npm --prefix bench run analyze` rebuilds the SDK from `src/` with',
    'ky and/or zod/mini swapped for minimal hand-written stand-ins (`bench/analyze/`: exactly the API `src/`',
    'uses, on plain `fetch`; measuring instruments, never shipped) and measures every variant side by side',
    `in one run, CPU beside oauth4webapi and loopback beside a raw \`fetch\`. These figures: ${a.meta.date.slice(0, 10)},`,
    `git ${a.meta.git}, Node ${a.meta.node}, ${a.meta.cpus} cores, load average ${a.meta.loadStart} / ${a.meta.loadEnd} at start / end.`,
    "They are built from `src/`, so they can differ a little from the bench's `dist/` figures above; compare",
    'within a row. A share is "as built" minus the variant with that package replaced; the two shares need',
    'not add up to what replacing both saves. ✓ marks a figure that would meet the target.',
    '',
  );
  const metrics = analyzeMetrics(a);
  const meets = (m, x) => (m.lower ? x <= m.limit : x >= m.limit);
  const cell = (m, x) => (x === undefined || Number.isNaN(x) ? 'n/a' : `${m.fmt(x)}${meets(m, x) ? ' ✓' : ''}`);
  out.push(
    mdTable(
      ['target', `limit`, ...a.variants],
      metrics.map((m) => [m.label, `${m.lower ? '≤' : '≥'} ${m.limitText ?? m.limit}`, ...m.values.map((x) => cell(m, x))]),
    ),
    '',
  );
  const lines = [];
  for (const m of metrics) {
    const t = missed.get(m.targetId);
    if (!t) continue;
    const [asIs, noZod, noKy, neither] = m.values;
    if ([asIs, noZod, noKy, neither].some((x) => x === undefined || Number.isNaN(x))) continue;
    const share = (x) => {
      const saved = m.lower ? asIs - x : x - asIs;
      return saved > 0 ? m.delta(saved) : `nothing (its stand-in measures ${m.delta(-saved)} worse)`;
    };
    const verdict = meets(m, neither)
      ? meets(m, noKy) && meets(m, noZod)
        ? 'either stand-in alone would meet it'
        : meets(m, noKy)
          ? "with ky replaced it would be met: the miss is ky's"
          : meets(m, noZod)
            ? "with zod/mini replaced it would be met: the miss is zod's"
            : "only with both replaced would it be met: the miss is ky's and zod's together"
      : `even with both replaced it is ${m.fmt(neither)}, ${m.delta(m.lower ? neither - m.limit : m.limit - neither)} ${m.lower ? 'over' : 'short'}: that part of the miss is neither ky's nor zod's`;
    lines.push(
      `- **${t.target}** (${t.value}; ${t.miss}): in analyze ${m.fmt(asIs)} as built; zod/mini accounts for ${share(noZod)}, ky for ${share(noKy)}; ${verdict}.`,
    );
  }
  const top = (job, n = 5) =>
    (a.modules?.[job] ?? [])
      .filter(([name]) => name.startsWith('src/'))
      .slice(0, n)
      .map(([name, bytes]) => `\`${name}\` ${fmtB(bytes)}`)
      .join(', ');
  const own = missed.get('own-code');
  if (own)
    lines.push(
      `- **${own.target}** (${own.value}; ${own.miss}): ky, zod and aws-jwt-verify are not in this figure, so the whole miss is ours. Largest own modules in the flow (min bytes): ${top('flow')}.`,
    );
  const client = missed.get('signin-client');
  if (client)
    lines.push(
      `- **${client.target}** (${client.value}; ${client.miss}): no ky or zod on this page; the miss is ours. Largest modules (min bytes): ${top('signin-client')}.`,
    );
  const authorize = missed.get('authorize');
  if (authorize)
    lines.push(
      `- **${authorize.target}** (${authorize.value}; ${authorize.miss}): no ky or zod on this page.${a.signinChecks ? ` The same URL with no input checks at all is ${fmtB(a.signinChecks.unchecked)} B (${fmtB(a.signinChecks.checked)} B with them, one file): the checks weigh ${fmtB(a.signinChecks.checked - a.signinChecks.unchecked)} B.` : ''} Largest modules (min bytes): ${top('signin')}.`,
    );
  if (a.prose) {
    const bytesTargets = { signin: 'authorize', 'signin-client': 'signin-client', flow: 'flow', verify: 'verify-flow' };
    const rows = Object.entries(a.prose).map(([job, { asIs, withoutProse }]) => {
      const t = missed.get(bytesTargets[job]);
      return `${job} ${fmtB(asIs)} B → ${fmtB(withoutProse)} B${t ? ` (${t.target.replace(/^.*≤ /, 'target ')})` : ''}`;
    });
    lines.push(
      `- **What the messages weigh:** with every message cut to one letter and every check kept (analyze, split as loaded): ${rows.join('; ')}. No size target of issue 10 is met even then: the misses are code, not prose.`,
    );
  }
  const first = missed.get('cold-first-call');
  const platform = results.cold?.rows.find((r) => r.lib === 'node' && r.kind === 'first-call');
  if (first && a.cold?.['every dependency bundled (tree-shaken)'])
    lines.push(
      `- **Cold start, bundling:** with ky, zod/mini and aws-jwt-verify bundled and tree-shaken into the build (as a bundler would) analyze measures +${a.cold['every dependency bundled (tree-shaken)'].addedCpuMs} ms CPU for import + first exchange, against +${a.cold['as is'].addedCpuMs} ms with them loaded from node_modules.${platform ? ` Node's own Request + Response cost +${platform.addedCpuMs} ms CPU on first use in the bench run above, which every fetch-based client pays.` : ''}`,
    );
  const verify = missed.get('cpu-verify');
  const awsJwtVerify = results.cpu?.find((op) => op.id === 'verify')?.rows.find((r) => r.lib === 'aws-jwt-verify');
  if (verify && awsJwtVerify)
    lines.push(
      `- **${verify.target}** (${verify.value}): aws-jwt-verify's own \`verify\` measures ${awsJwtVerify.usPerOp} µs in the same run (ours ÷ it: ${awsJwtVerify.ratio}).`,
    );
  out.push(lines.length ? lines.join('\n') : 'No target that analyze bears on is missed in this run.');
  return out.join('\n');
}
