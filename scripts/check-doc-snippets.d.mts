/** One ```ts block: the Markdown line its code starts on, and the code (fence indentation removed). */
export interface Snippet {
  line: number;
  code: string;
}

/** The ```ts / ```typescript blocks of a Markdown text, except ```ts nocheck; throws on an unclosed fence. */
export function extractSnippets(markdown: string): Snippet[];
