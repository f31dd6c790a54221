export * from './rollback';
