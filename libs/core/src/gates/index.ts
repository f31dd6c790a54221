export * from './gates';
export * from './rejected';
export * from './trailers';
export * from './safeguards';
