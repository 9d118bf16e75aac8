export * from './types';
export { exploreHierarchy, hierarchyParameterCount } from './explore';
export { canonicalForm, sameCanonical, type CanonicalForm, type CanonicalUnit } from './canonical';
