export * from './collect';
export * from './markdown';
export * from './report';
export * from './write';
export * from './shared';
