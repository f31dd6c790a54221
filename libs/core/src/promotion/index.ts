export * from './image-ref';
export * from './values-edit';
export * from './diff';
export * from './git';
export * from './promote';
export * from './helm-deploy';
export * from './deploy';
