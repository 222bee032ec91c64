export * from './duration';
export * from './size';
export * from './secret';
export * from './errors';
export * from './rules';
