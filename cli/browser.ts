// Opens a URL in the user's browser: a few lines per platform instead of a dependency. The URL
// is one argv entry of a program that is not a shell, except on Windows where `start` is a
// cmd built-in: there it is quoted whole so cmd reads `&` as text, not as a command separator.
import { spawn } from 'node:child_process';

export interface OpenCommand {
  command: string;
  args: string[];
  windowsVerbatimArguments?: boolean;
}

/** The program and arguments that open `url` on `platform`. */
export function openCommand(url: string, platform: NodeJS.Platform = process.platform): OpenCommand {
  const parsed = new URL(url);
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') throw new TypeError('openBrowser: url must be http(s)');
  // The WHATWG serialisation percent-encodes quotes and spaces, so the quoted argument below stays
  // one argument.
  const href = parsed.href;
  if (platform === 'darwin') return { command: 'open', args: [href] };
  if (platform === 'win32') {
    // `start "" "URL"`: the empty title keeps start from taking the quoted URL as the window title.
    return { command: 'cmd', args: ['/d', '/s', '/c', `start "" "${href}"`], windowsVerbatimArguments: true };
  }
  return { command: 'xdg-open', args: [href] };
}

/** Starts the browser; resolves false when the opener is missing or fails to start. Never rejects. */
export function openBrowser(url: string): Promise<boolean> {
  const { command, args, windowsVerbatimArguments } = openCommand(url);
  return new Promise((resolve) => {
    try {
      const child = spawn(command, args, {
        stdio: 'ignore',
        detached: true,
        ...(windowsVerbatimArguments === undefined ? {} : { windowsVerbatimArguments }),
      });
      child.once('error', () => resolve(false));
      child.once('spawn', () => {
        child.unref();
        resolve(true);
      });
    } catch {
      resolve(false);
    }
  });
}
