// The command line: which command, its flags, and the connection settings from flags and
// environment variables. Every mistake is a UsageError that names the flag (and its variable).
import { parseArgs } from 'node:util';
import { COMMAND_HELP, UsageError } from './usage.js';

export type CommandName = 'login' | 'token' | 'm2m' | 'verify' | 'logout' | 'status';

type OptionSpec = { type: 'string' | 'boolean'; multiple?: boolean; short?: string };

const CONNECTION_OPTIONS = {
  domain: { type: 'string' },
  'client-id': { type: 'string' },
  'client-secret': { type: 'string' },
  'user-pool-id': { type: 'string' },
  issuer: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const satisfies Record<string, OptionSpec>;

const COMMAND_OPTIONS = {
  login: {
    port: { type: 'string' },
    'no-browser': { type: 'boolean' },
    scope: { type: 'string', multiple: true },
    profile: { type: 'string' },
    timeout: { type: 'string' },
  },
  token: { id: { type: 'boolean' }, json: { type: 'boolean' }, profile: { type: 'string' } },
  m2m: { scope: { type: 'string', multiple: true } },
  verify: {},
  logout: { 'logout-uri': { type: 'string' }, 'no-browser': { type: 'boolean' }, profile: { type: 'string' } },
  status: { profile: { type: 'string' } },
} as const satisfies Record<CommandName, Record<string, OptionSpec>>;

/** The environment variable behind each connection flag. */
export const ENV_OF = {
  domain: 'COGNITO_DOMAIN',
  'client-id': 'COGNITO_CLIENT_ID',
  'client-secret': 'COGNITO_CLIENT_SECRET',
  'user-pool-id': 'COGNITO_USER_POOL_ID',
  issuer: 'COGNITO_ISSUER',
} as const;

export type ConnectionFlag = keyof typeof ENV_OF;

/** Connection settings as given (flag, else variable); nothing is checked against Cognito here. */
export interface Connection {
  domain?: string;
  clientId?: string;
  clientSecret?: string;
  userPoolId?: string;
  issuer?: string;
}

export interface ParsedCommand {
  command: CommandName;
  help: boolean;
  connection: Connection;
  /** The command's own flags, as node:util.parseArgs returned them. */
  flags: Record<string, string | boolean | string[] | undefined>;
  positionals: string[];
}

export function isCommand(name: string): name is CommandName {
  return Object.hasOwn(COMMAND_OPTIONS, name);
}

/** Parses the arguments after the command name. */
export function parseCommand(command: CommandName, args: string[], env: NodeJS.ProcessEnv): ParsedCommand {
  let parsed: { values: Record<string, string | boolean | (string | boolean)[] | undefined>; positionals: string[] };
  try {
    const options: Record<string, OptionSpec> = { ...CONNECTION_OPTIONS, ...COMMAND_OPTIONS[command] };
    parsed = parseArgs({ args, options, allowPositionals: command === 'verify', strict: true });
  } catch (error) {
    throw parseError(command, error);
  }
  // Only string options are `multiple`, so every array holds strings.
  const values = parsed.values as Record<string, string | boolean | string[] | undefined>;
  const { positionals } = parsed;
  const help = values.help === true;
  const connection: Connection = {};
  const set = (key: keyof Connection, flag: ConnectionFlag): void => {
    const value = pick(command, values, flag, env);
    if (value !== undefined) connection[key] = value;
  };
  set('domain', 'domain');
  set('clientId', 'client-id');
  set('clientSecret', 'client-secret');
  set('userPoolId', 'user-pool-id');
  set('issuer', 'issuer');
  for (const [name, value] of Object.entries(values)) {
    if (typeof value === 'string' && value === '' && !(name in ENV_OF)) throw new UsageError(`--${name} needs a value`, seeHelp(command));
    if (Array.isArray(value) && value.includes('')) throw new UsageError(`--${name} needs a value`, seeHelp(command));
  }
  if (!help && command === 'verify' && positionals.length !== 1) {
    throw new UsageError(
      positionals.length === 0 ? 'verify needs the TOKEN to verify (or - to read it from stdin)' : 'verify takes one TOKEN',
      seeHelp(command),
    );
  }
  return { command, help, connection, flags: values, positionals };
}

/** A connection flag's value, else its environment variable's; empty counts as unset for variables only. */
function pick(command: CommandName, values: Record<string, unknown>, flag: ConnectionFlag, env: NodeJS.ProcessEnv): string | undefined {
  const given = values[flag];
  if (typeof given === 'string') {
    if (given === '') throw new UsageError(`--${flag} needs a value (or set ${ENV_OF[flag]})`, seeHelp(command));
    return given;
  }
  const fromEnv = env[ENV_OF[flag]];
  return fromEnv === undefined || fromEnv === '' ? undefined : fromEnv;
}

/** Turns node:util.parseArgs errors into messages that name the flag, without echoing values. */
function parseError(command: CommandName, error: unknown): UsageError {
  const code = (error as { code?: unknown }).code;
  const message = error instanceof Error ? error.message : String(error);
  // parseArgs quotes the offending argument: 'Unknown option '--foo'...'. The value of a flag is
  // never quoted back (it might be a secret given by mistake in the wrong place).
  const flag = /'(-{1,2}[^'\s=]+)/.exec(message)?.[1];
  switch (code) {
    case 'ERR_PARSE_ARGS_UNKNOWN_OPTION':
      return new UsageError(`unknown option ${flag ?? ''} for ${command}`.replace('  ', ' '), seeHelp(command));
    case 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE':
      return new UsageError(
        flag !== undefined && isBoolean(command, flag) ? `${flag} takes no value` : `${flag ?? 'an option'} needs a value`,
        seeHelp(command),
      );
    case 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL':
      return new UsageError(`${command} takes no arguments, only options`, seeHelp(command));
    default:
      return new UsageError(`cannot read the arguments of ${command}`, seeHelp(command));
  }
}

function isBoolean(command: CommandName, flag: string): boolean {
  const name = flag.replace(/^-+/, '');
  const spec = (COMMAND_OPTIONS[command] as Record<string, OptionSpec>)[name] ?? (CONNECTION_OPTIONS as Record<string, OptionSpec>)[name];
  return spec?.type === 'boolean' || name === 'h';
}

export function seeHelp(command: CommandName): string {
  return `run: cognito-oauth ${command} --help`;
}

/** `--port`: a TCP port. */
export function portOf(value: unknown): number {
  if (value === undefined) return 8765;
  const port = Number(value);
  if (!/^\d+$/.test(String(value)) || port < 1 || port > 65_535) throw new UsageError('--port must be a port number from 1 to 65535', seeHelp('login'));
  return port;
}

/** `--timeout`: whole seconds. */
export function timeoutOf(value: unknown): number {
  if (value === undefined) return 300;
  const seconds = Number(value);
  if (!/^\d+$/.test(String(value)) || seconds < 1 || seconds > 86_400) {
    throw new UsageError('--timeout must be a whole number of seconds from 1 to 86400', seeHelp('login'));
  }
  return seconds;
}

/** `--profile` (else COGNITO_OAUTH_PROFILE, else `default`): also a file name, so a narrow alphabet. */
export function profileOf(value: unknown, env: NodeJS.ProcessEnv, command: CommandName): string {
  const given = typeof value === 'string' ? value : env.COGNITO_OAUTH_PROFILE || 'default';
  if (!/^[A-Za-z0-9][\w.-]{0,63}$/.test(given)) {
    throw new UsageError(
      `${typeof value === 'string' ? '--profile' : 'COGNITO_OAUTH_PROFILE'} must be 1-64 letters, digits, _, . or -, starting with a letter or digit`,
      seeHelp(command),
    );
  }
  return given;
}

export { COMMAND_HELP };
