/**
 * The prompt ids alone, without their geometry, so that code which only names prompts (URL
 * parsing on page load) does not carry the shapes' drawing code.
 */

/** The prompt ids, in menu order. */
export const PROMPT_IDS = ['heart', 'star', 'spiral', 'cat', 'tree', 'letter'] as const;

/** A prompt a reader can pick or type. */
export type PromptId = (typeof PROMPT_IDS)[number];
