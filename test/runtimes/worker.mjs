// Entry for workerd (bundled by run.mjs with esbuild): `workerd test` calls the `test` handler.
// The config comes in as the CONFIG text binding; the result goes to the log as one RESULT line.
import { runScenario } from './scenario.mjs';

export default {
  async test(_controller, env) {
    try {
      const steps = await runScenario(JSON.parse(env.CONFIG));
      console.log(`RESULT ${JSON.stringify({ ok: true, steps })}`);
    } catch (error) {
      console.log(`RESULT ${JSON.stringify({ ok: false, error: String(error?.stack ?? error) })}`);
      throw error;
    }
  },
};
