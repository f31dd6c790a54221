export * from './prices';
export * from './resources';
export * from './service';
export * from './stack';
export * from './workload';
export * from './write';
export * from './docs';
export * from './estimate';
