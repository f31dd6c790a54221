export * from './compare';
export * from './diff';
export * from './markdown';
export * from './objects';
export * from './render-cache';
export * from './tree';
