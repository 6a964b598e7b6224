// Entry for Node, Bun and Deno: `<runtime> main.mjs '<config JSON>'`. Prints one `RESULT {...}`
// line and exits non-zero when a step fails.
import { runScenario } from './scenario.mjs';

const args = globalThis.Deno?.args ?? globalThis.process.argv.slice(2);
const version = globalThis.Deno?.version?.deno ?? globalThis.Bun?.version ?? globalThis.process?.versions?.node;
try {
  const steps = await runScenario(JSON.parse(args[0] ?? '{}'));
  console.log(`RESULT ${JSON.stringify({ ok: true, version, steps })}`);
} catch (error) {
  console.log(`RESULT ${JSON.stringify({ ok: false, version, error: String(error?.stack ?? error) })}`);
  throw error;
}
