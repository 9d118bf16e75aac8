/** Pure parts of the paper's recipes: run lists, result tables, intervals, App. C/D counts and bounds. */
export * from './counts';
export * from './bounds';
export * from './wilson';
export * from './runList';
export * from './outcomes';
export * from './advop';
