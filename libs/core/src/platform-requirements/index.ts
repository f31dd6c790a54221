export * from './docs';
export * from './doctor';
export * from './kube-client';
export * from './requirements';
