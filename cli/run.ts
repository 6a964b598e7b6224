// One command line, start to exit code. Parses the arguments, then loads the command (and through
// it the library) only when it runs: `--help` and usage errors load nothing but node:util.
import { createRequire } from 'node:module';
import { isCommand, parseCommand, type CommandName, type ParsedCommand } from './args.js';
import { report, type ReportContext } from './report.js';
import { COMMAND_HELP, MAIN_HELP, UsageError } from './usage.js';

/** How a command talks to the world; tests may pass their own. */
export interface Io {
  env: NodeJS.ProcessEnv;
  /** A line on stdout: tokens and JSON the user asked for, nothing else. */
  out(line: string): void;
  /** A line on stderr: progress, URLs, messages. Never a secret. */
  err(line: string): void;
  /** All of stdin, for `verify -`. */
  readStdin(): Promise<string>;
  /** Filled in by a command once it knows them, for error hints. */
  context: ReportContext;
}

export type CommandRunner = (parsed: ParsedCommand, io: Io) => Promise<void>;

const COMMANDS: Record<CommandName, () => Promise<CommandRunner>> = {
  login: async () => (await import('./commands/login.js')).login,
  token: async () => (await import('./commands/token.js')).token,
  m2m: async () => (await import('./commands/m2m.js')).m2m,
  verify: async () => (await import('./commands/verify.js')).verify,
  logout: async () => (await import('./commands/logout.js')).logout,
  status: async () => (await import('./commands/status.js')).status,
};

/** Runs one command line; resolves with the exit code. */
export async function run(argv: string[], io: Io): Promise<number> {
  const [first, ...rest] = argv;
  try {
    if (first === undefined) {
      io.err(MAIN_HELP);
      throw new UsageError('missing command', 'run: cognito-oauth --help');
    }
    if (first === '--help' || first === '-h') {
      io.out(MAIN_HELP);
      return 0;
    }
    if (first === 'help') {
      const topic = rest[0];
      if (topic !== undefined && !isCommand(topic)) throw unknownCommand(topic);
      io.out(topic === undefined ? MAIN_HELP : COMMAND_HELP[topic]!);
      return 0;
    }
    if (first === '--version' || first === '-v') {
      io.out(createRequire(import.meta.url)('../package.json').version as string);
      return 0;
    }
    if (!isCommand(first)) throw unknownCommand(first);
    const parsed = parseCommand(first, rest, io.env);
    if (parsed.help) {
      io.out(COMMAND_HELP[first]!);
      return 0;
    }
    const runner = await COMMANDS[first]();
    await runner(parsed, io);
    return 0;
  } catch (error) {
    const { exitCode, message, hint } = report(error, io.context);
    io.err(`cognito-oauth: ${printable(message)}`);
    if (hint !== undefined) io.err(`  ${printable(hint)}`);
    return exitCode;
  }
}

/** Error texts can quote a server or a callback URL: no terminal escape sequences from there. */
function printable(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g, '?');
}

function unknownCommand(name: string): UsageError {
  // Echo the name only when it looks like one: a token pasted in the wrong place stays off the screen.
  const shown = /^[\w-]{1,32}$/.test(name) ? ` "${name}"` : '';
  return new UsageError(`unknown command${shown}`, 'run: cognito-oauth --help for the commands');
}

export function readStdin(): Promise<string> {
  return new Promise((resolve, reject) => {
    let text = '';
    process.stdin.setEncoding('utf8');
    process.stdin.on('data', (chunk: string) => {
      text += chunk;
      if (text.length > 1_048_576) reject(new UsageError('stdin holds more than 1 MiB; pass one token'));
    });
    process.stdin.once('end', () => resolve(text));
    process.stdin.once('error', reject);
  });
}

