export * from './types';
export * from './layout';
