// The `cognito-oauth` bin: the process's streams and environment, handed to run().
import { readStdin, run, type Io } from './run.js';

const io: Io = {
  env: process.env,
  out: (line) => void process.stdout.write(`${line}\n`),
  err: (line) => void process.stderr.write(`${line}\n`),
  readStdin,
  context: {},
};

process.exitCode = await run(process.argv.slice(2), io);
