// Section 1: browser bundle sizes of the same three jobs done with each library.
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { bundleOneFile, bundleOwnCode, bundleSplit, distRedirect } from './bundle.mjs';

// `lazy`: the chunks cognito-oauth loads with import() in that job (src/client.ts): `network` is the
// network half (ky + zod), `verify` the token verification (only with userPoolId/issuer set).
export const SCENARIOS = [
  // cognito-oauth's signin.js uses cognito-oauth/authorize; signin-client.js, measured beside it, the class.
  { id: 'signin', title: 'sign-in page (authorize URL + PKCE + state)', lazy: [] },
  { id: 'flow', title: 'full code flow (authorize, callback, exchange, refresh, userInfo)', lazy: ['network'] },
  { id: 'verify', title: 'full flow + ID-token verification', lazy: ['network', 'verify'] },
];

/** cognito-oauth first, then the peers in the order of bench/entries. */
export function libraries(benchDir) {
  const all = readdirSync(join(benchDir, 'entries'), { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .map((d) => d.name);
  return ['cognito-oauth', ...all.filter((name) => name !== 'cognito-oauth').sort()];
}

export async function measureSizes(benchDir, { verifyAvailable, distDir }) {
  const plugins = [distRedirect(distDir)];
  const rows = [];
  for (const scenario of SCENARIOS) {
    for (const lib of libraries(benchDir)) {
      const entry = `entries/${lib}/${scenario.id}.js`;
      const row = { scenario: scenario.id, lib };
      if (!existsSync(join(benchDir, entry))) {
        rows.push({ ...row, available: false, note: lib === 'cognito-oauth' && scenario.id === 'verify' && !verifyAvailable ? 'not available (verifyIdToken is not in src/ yet)' : 'n/a' });
        continue;
      }
      const one = await bundleOneFile(entry, benchDir, plugins);
      row.available = true;
      row.oneFile = { min: one.min, gzip: one.gzip, heavy: one.heavy };
      if (lib === 'cognito-oauth') {
        let split;
        try {
          split = await bundleSplit(entry, benchDir, scenario.lazy, plugins);
        } catch (error) {
          throw new Error(`${entry}: ${error.message}; if dist/ names its lazy chunks differently now, update SCENARIOS in bench/lib/sizes.mjs and bench/size/*.mjs`);
        }
        row.split = { initial: split.initial, loaded: split.loaded, all: split.all };
        // The same sign-in page through CognitoOAuthClient instead of cognito-oauth/authorize.
        if (scenario.id === 'signin') {
          const viaClient = await bundleSplit('entries/cognito-oauth/signin-client.js', benchDir, [], plugins);
          row.viaClient = { min: viaClient.initial.min, gzip: viaClient.initial.gzip, heavy: viaClient.initial.heavy };
          // The same page through CognitoSession (session.signIn() only).
          const viaSession = await bundleSplit('entries/cognito-oauth/session-signin.js', benchDir, [], plugins);
          row.viaSession = { min: viaSession.initial.min, gzip: viaSession.initial.gzip, heavy: viaSession.initial.heavy };
        }
        // The same flow through CognitoSession, and what the session adds on top of it.
        if (scenario.id === 'flow') {
          const session = await bundleSplit('entries/cognito-oauth/session.js', benchDir, scenario.lazy, plugins);
          row.withSession = { min: session.loaded.min, gzip: session.loaded.gzip, files: session.loaded.files, addedGzip: session.loaded.gzip - split.loaded.gzip };
        }
        // The headline: what the page downloads before any exchange for the sign-in page, and
        // what the flow loads (entry + lazy chunks it uses) for the flows.
        row.headline = scenario.id === 'signin' ? split.initial.gzip : split.loaded.gzip;
      } else {
        row.headline = one.gzip;
      }
      rows.push(row);
    }
  }
  return rows;
}

/**
 * Our own code in each flow (issue 10's 6 KB target is the full code flow's): the cognito-oauth
 * entry built from src/ with ky, zod and aws-jwt-verify external, split, the chunks the flow loads.
 * `packages` lists any npm package that still has bytes in them (none expected).
 */
export async function measureOwnCode(benchDir) {
  const rows = [];
  for (const scenario of SCENARIOS.filter((s) => s.lazy.length > 0)) {
    const loaded = await bundleOwnCode(`entries/cognito-oauth/${scenario.id}.js`, benchDir, scenario.lazy);
    rows.push({ scenario: scenario.id, min: loaded.min, gzip: loaded.gzip, files: loaded.files, packages: loaded.packages });
  }
  return rows;
}
