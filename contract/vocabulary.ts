/**
 * Closed vocabularies of the studio. They mirror the engine's lists (ACTIVATIONS, TEACHER_NAMES,
 * init schemes); tests/unit/service/contract.test.ts checks that the two stay equal, because the
 * contract may import nothing but zod.
 */
export const TEACHERS = ['fig3a', 'fig3c', 'fig6'] as const;
export const ACTIVATION_NAMES = [
  'identity',
  'relu',
  'softplus',
  'sigmoid',
  'tanh',
  'gelu',
  'normal_cdf',
  'g',
  'square',
] as const;
export const INIT_SCHEMES = ['glorot_normal', 'glorot_uniform', 'he_normal'] as const;
/** flow: gradient flow (+ polish); gd / adam: full-batch descent; minimize: fast minimizer. */
export const TRAIN_METHODS = ['flow', 'gd', 'adam', 'minimize'] as const;
/**
 * What the critical-point analysis calls a point (engine: analysis CLASSIFICATIONS). `global-min`
 * is the loss below the loss target (paper: 1e-25), i.e. what a run's `success` flag means.
 */
/**
 * `kink-min`: Clarke stationary on ReLU kinks, every active kink convex, reduced Hessian PSD (a
 * certified kink minimum). `kink-stationary`: Clarke stationary but a kink is concave — a descent
 * direction exists (labels stored before the split may also be convex ones: not a certificate).
 */
export const CLASSIFICATIONS = ['global-min', 'local-min', 'strict-saddle', 'flat', 'kink-min', 'kink-stationary', 'not-critical'] as const;
export const JOB_KINDS = ['train', 'analyze', 'split', 'hierarchy', 'recipe'] as const;
export const JOB_STATES = ['queued', 'running', 'done', 'failed', 'cancelled'] as const;

export type TeacherName = (typeof TEACHERS)[number];
export type ActivationId = (typeof ACTIVATION_NAMES)[number];
export type InitScheme = (typeof INIT_SCHEMES)[number];
export type TrainMethod = (typeof TRAIN_METHODS)[number];
export type Classification = (typeof CLASSIFICATIONS)[number];
export type JobKind = (typeof JOB_KINDS)[number];
export type JobState = (typeof JOB_STATES)[number];
