export * from './client';
export * from './wait';
