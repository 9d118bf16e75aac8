/**
 * A surface as a loss-landscape `.h5` (Li et al. 2018, github.com/tomgoldstein/loss-landscape):
 * `xcoordinates` (α), `ycoordinates` (β) and `train_loss`, the keys their plot_2D.py and h52vtp.py
 * read; `train_loss[j, i]` is the loss at (xcoordinates[i], ycoordinates[j]) as their meshgrid
 * expects, which is our β-major grid as it is. θ₀, both directions, the projected trajectory and
 * the plane metadata (attribute `escape_studio`, JSON) come along. Written with h5wasm (HDF5
 * compiled to WebAssembly; its Node build writes straight to the file system).
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { surfaceMetadata, type SurfaceData } from './surfaceData';

/** Writes the .h5 at `path` (replacing any file there). */
export async function writeSurfaceH5(data: SurfaceData, path: string): Promise<void> {
  // Loaded on first use: the HDF5 module is a few MB of WebAssembly.
  const h5wasm = (await import('h5wasm/node')).default;
  await h5wasm.ready;
  const R = data.alpha.length;
  const T = data.trajectory.alpha.length;
  const file = new h5wasm.File(path, 'w');
  try {
    const put = (name: string, values: Float64Array, shape: number[]) => file.create_dataset({ name, data: values, shape });
    put('xcoordinates', data.alpha, [R]);
    put('ycoordinates', data.beta, [R]);
    put('train_loss', data.loss, [R, R]);
    put('theta0', data.theta0, [data.theta0.length]);
    put('direction_x', data.u, [data.u.length]);
    put('direction_y', data.v, [data.v.length]);
    put('origin_loss', Float64Array.of(data.originLoss), [1]);
    if (T > 0) {
      put('trajectory_x', data.trajectory.alpha, [T]);
      put('trajectory_y', data.trajectory.beta, [T]);
      put('trajectory_plane_loss', data.trajectory.planeLoss, [T]);
      put('trajectory_loss', data.trajectory.loss, [T]);
      put('trajectory_off_plane', data.trajectory.offPlane, [T]);
    }
    file.create_attribute('escape_studio', JSON.stringify(surfaceMetadata(data)));
  } finally {
    file.close();
  }
}

/** The .h5 file's bytes (written to a private temporary folder, read back, removed). */
export async function encodeSurfaceH5(data: SurfaceData): Promise<Uint8Array> {
  const dir = await mkdtemp(join(tmpdir(), 'escape-studio-h5-'));
  try {
    const path = join(dir, 'surface.h5');
    await writeSurfaceH5(data, path);
    return new Uint8Array(await readFile(path));
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
