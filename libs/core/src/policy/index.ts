export * from './types';
export * from './cel';
export * from './catalogue';
export * from './terraform';
export * from './admission';
export * from './exceptions';
export * from './report';
export * from './run';
