/** One ```ts block: the Markdown line its code starts on, and the code (fence indentation removed). */
export interface Snippet {
  line: number;
  code: string;
}

/** The ```ts / ```typescript blocks of a Markdown text, except ```ts nocheck; throws on an unclosed fence. */
export function extractSnippets(markdown: string): Snippet[];

/** True when the page holds `<!-- doc-snippets: one-program -->`. */
export function isOneProgram(markdown: string): boolean;

/** One module to type-check: its code, and the Markdown line of each of its lines. */
export interface SnippetModule {
  code: string;
  lines: number[];
}

/** A page's modules: one per block, or one for all blocks of a one-program page. */
export function pageModules(markdown: string): SnippetModule[];
