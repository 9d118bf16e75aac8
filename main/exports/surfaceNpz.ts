/** A surface as NumPy `.npz`: alpha, beta, loss (β-major R×R), theta0, u, v, the projected trajectory and the plane metadata (JSON str). */
import { encodeNpzArchive } from './npzArchive';
import { surfaceMetadata, type SurfaceData } from './surfaceData';

export function encodeSurfaceNpz(data: SurfaceData): Uint8Array {
  const R = data.alpha.length;
  const T = data.trajectory.alpha.length;
  const vector = (name: string, x: Float64Array) => ({ name, data: x, shape: [x.length] });
  return encodeNpzArchive([
    vector('alpha', data.alpha),
    vector('beta', data.beta),
    { name: 'loss', data: data.loss, shape: [R, R] },
    vector('theta0', data.theta0),
    vector('u', data.u),
    vector('v', data.v),
    { name: 'origin_loss', data: Float64Array.of(data.originLoss), shape: [] },
    { name: 'trajectory_alpha', data: data.trajectory.alpha, shape: [T] },
    { name: 'trajectory_beta', data: data.trajectory.beta, shape: [T] },
    { name: 'trajectory_plane_loss', data: data.trajectory.planeLoss, shape: [T] },
    { name: 'trajectory_loss', data: data.trajectory.loss, shape: [T] },
    { name: 'trajectory_off_plane', data: data.trajectory.offPlane, shape: [T] },
    { name: 'plane', strings: JSON.stringify(surfaceMetadata(data)) },
  ]);
}
