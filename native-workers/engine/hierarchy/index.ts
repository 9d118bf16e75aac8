export * from './types';
export { exploreHierarchy } from './explore';
export { canonicalForm, sameCanonical, type CanonicalForm, type CanonicalUnit } from './canonical';
