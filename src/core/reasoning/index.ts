export * from './answer.js';
export * from './merge.js';
export * from './prompt.js';
export * from './sanitize.js';
export type * from './types.js';
export * from './refine-prompt.js';
export * from './render.js';
