/**
 * The in-app help as data: a guided tour of the paper's Fig. 6 story (train → certify → split →
 * escape → landscape), the units, and the vocabulary. Kept apart from the dialog so a test can
 * check that every tour step opens a panel that exists and every class is explained.
 */
import { CLASSIFICATIONS, type Classification } from '../../../contract/vocabulary';
import { CERTIFICATES } from '../state/certificates';
import { CLASS_LABELS } from '../state/classes';

export interface TourStep {
  readonly title: string;
  /** What to do. */
  readonly action: string;
  /** What you should see (the paper's numbers where there are some). */
  readonly expect: string;
  /** The dock panel this step works in. */
  readonly panel: string;
}

export const TOUR: readonly TourStep[] = [
  {
    title: '1. Train a width-3 student',
    action: 'New experiment → preset "Fig. 6: width-3 local minimum" (fig6 softplus teacher, width 3, seed 4, gradient flow + Newton polish) → Run.',
    expect: 'One job; in about a second the run appears in the run browser with L ≈ 1.8386e-4 — not zero: the student is stuck.',
    panel: 'new-experiment',
  },
  {
    title: '2. Certify the end point',
    action: 'Select the run; read its class in the inspector; open the Hessian spectrum.',
    expect: '‖∇L‖ ≈ 1e-17 and all 13 eigenvalues > 0 (smallest ≈ 1.19e-5): a certified strict local minimum, class local-min.',
    panel: 'spectrum',
  },
  {
    title: '3. Split a neuron',
    action: 'Split and escape → neuron 1, γ = 0.5, nudge ε = 0.001 → Split & train.',
    expect:
      'Two points: the exact split point (ε = 0) has the same loss and ‖∇L‖ ≈ 0 but a negative Hessian eigenvalue — the minimum became a strict saddle of the width-4 network (paper Thm 3.1–3.2); the nudged start next to it is not critical.',
    panel: 'split',
  },
  {
    title: '4. Watch the escape',
    action: 'Loss curves: the split run, started where its parent ended; ▶ Play scrubs every panel through its trajectory. Try ε = 0 too.',
    expect:
      'The loss falls from 1.8e-4 to below 1e-25 (a global minimum). The curve is coloured by trainer phase: when the split point is exact, the gradient flow stalls (∇L = 0), the Newton polish leaves the saddle along negative curvature, and the flow finishes.',
    panel: 'curves',
  },
  {
    title: '5. See the landscape',
    action: 'Landscape → θ₀ = exact split point, plane "escape × curvature".',
    expect: 'The saddle at the centre: the loss curves down along the escape direction (negative eigenvalue) and up along the other.',
    panel: 'landscape',
  },
];

export interface Term {
  readonly term: string;
  readonly meaning: string;
}

export const UNITS_AND_TERMS: readonly Term[] = [
  { term: 'L', meaning: 'Loss L(θ) = (1/N) Σₙ ‖f(xₙ) − yₙ‖² — plain mean squared error (no ½), float64 throughout.' },
  {
    term: 't',
    meaning:
      'Gradient flow: ODE time of dθ/dt = −∇L(θ) (not seconds, not steps); a polish after it continues the axis at one unit per Newton step. Full-batch gd: steps × learning rate; adam and minimize: iterations. Budgets (Max ODE time, Max steps) count these, never wall-clock time.',
  },
  { term: '‖∇L‖', meaning: 'Euclidean norm of the gradient; a critical point has ‖∇L‖ ≈ 0 (≲ 1e-10 here).' },
  { term: 'success', meaning: 'The run reached a global minimum: L below the loss target (default 1e-25). The same event as the class global-min.' },
  { term: 'neuron k', meaning: 'Hidden units are numbered from 1 everywhere — in the studio and in the CLI (escape-studio split --layer 1 --neuron 1 = the first unit).' },
  { term: 'γ', meaning: 'Split factor: the outgoing weight a of the split neuron becomes γ·a (the neuron) and (1 − γ)·a (its copy, appended last).' },
  {
    term: 'nudge ε',
    meaning:
      "The two copies' incoming weights (and bias) are moved ε apart along a seeded random unit direction: the function changes only to second order. ε = 0 starts exactly at the split point.",
  },
  {
    term: 'escape nudge ±ε',
    meaning:
      'Hierarchy explorer only: each split point is moved ±ε along its escape direction (unit eigenvector of the most negative Hessian eigenvalue), then descends — a step downhill, not a random separation.',
  },
  { term: 'index', meaning: 'Number of negative Hessian eigenvalues (0 at a minimum, ≥ 1 at a strict saddle).' },
];

export interface ClassHelp {
  readonly id: Classification;
  readonly label: string;
  readonly meaning: string;
}

export const CLASS_HELP: readonly ClassHelp[] = CLASSIFICATIONS.map((id) => ({ id, label: CLASS_LABELS[id], meaning: CERTIFICATES[id] }));
