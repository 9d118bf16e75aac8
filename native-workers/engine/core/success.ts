/**
 * The paper's success criterion: a run reaches a global minimum (zero imitation loss up to
 * float64 round-off) when its plain-MSE loss L = (1/N) Σₙ ‖f(xₙ) − yₙ‖² falls below 1e-25.
 * The one copy of the number: trainers' default loss target, the analysis' `global-min` class,
 * the hierarchy explorer and the studio's `success` flag all use it.
 */
export const SUCCESS_LOSS = 1e-25;
