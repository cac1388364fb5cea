export * from './parse.js';
export * from './propose-fix.js';
