/** One entry point for every surface format: bytes, media type and the format a file name asks for. */
import { SURFACE_FORMATS, type SurfaceFormat } from '../../contract/exports';
import type { SurfaceData } from './surfaceData';
import { encodeSurfaceH5 } from './surfaceH5';
import { encodeSurfaceNpz } from './surfaceNpz';
import { encodeSurfaceVtp, encodeSurfaceVts } from './surfaceVtk';

export const SURFACE_MEDIA_TYPES: Record<SurfaceFormat, string> = {
  npz: 'application/octet-stream',
  h5: 'application/x-hdf5',
  vtp: 'application/xml',
  vts: 'application/xml',
};

export async function encodeSurface(format: SurfaceFormat, data: SurfaceData): Promise<Uint8Array> {
  switch (format) {
    case 'npz':
      return encodeSurfaceNpz(data);
    case 'h5':
      return encodeSurfaceH5(data);
    case 'vtp':
      return encodeSurfaceVtp(data);
    case 'vts':
      return encodeSurfaceVts(data);
  }
}

/** The format a path's extension names, or null (the caller says which extensions exist). */
export function surfaceFormatOf(path: string): SurfaceFormat | null {
  const ext = /\.([A-Za-z0-9]+)$/.exec(path)?.[1]?.toLowerCase();
  if (ext === 'hdf5') return 'h5';
  return (SURFACE_FORMATS as readonly string[]).includes(ext ?? '') ? (ext as SurfaceFormat) : null;
}
