export * from './report';
export * from './drift';
