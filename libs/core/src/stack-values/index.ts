export * from './layer';
export * from './from-plan';
export * from './predict';
export * from './missing';
export * from './resolve';
export * from './publish';
