export * from './apply.js';
export * from './refine.js';
export * from './resource-cover.js';
export * from './from-request.js';
