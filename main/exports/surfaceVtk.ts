/**
 * A surface as ParaView / VTK XML files (VTK file formats, "XML File Formats"):
 * `.vtp` PolyData — the grid as quads with z = loss plus the projected trajectory as one polyline
 * (z = loss on the plane under each point) in the same piece; `.vts` StructuredGrid — the grid
 * only (a structured grid cannot hold a polyline). Point data: `train_loss`, `log10_train_loss`
 * and `off_plane` (0 on the surface). Arrays use VTK's inline "binary" encoding: base64 of a
 * UInt64 byte count followed by the little-endian values (uncompressed), which keeps the file
 * plain XML at a third of ASCII's size.
 */
import { surfaceMetadata, type SurfaceData } from './surfaceData';

type VtkType = 'Float64' | 'Int32';

function binary(values: Float64Array | Int32Array): string {
  const bytes = new Uint8Array(8 + values.byteLength);
  const view = new DataView(bytes.buffer);
  view.setBigUint64(0, BigInt(values.byteLength), true);
  bytes.set(new Uint8Array(values.buffer, values.byteOffset, values.byteLength), 8);
  return Buffer.from(bytes).toString('base64');
}

function dataArray(type: VtkType, name: string | null, components: number, values: Float64Array | Int32Array): string {
  const named = name ? ` Name="${name}"` : '';
  return `<DataArray type="${type}"${named} NumberOfComponents="${components}" format="binary">${binary(values)}</DataArray>`;
}

/** XML comments may not contain "--". */
function comment(data: SurfaceData): string {
  return `<!-- ${JSON.stringify(surfaceMetadata(data)).replace(/--/g, '- -')} -->`;
}

function header(type: 'PolyData' | 'StructuredGrid', data: SurfaceData): string {
  return `<?xml version="1.0" encoding="UTF-8"?>\n${comment(data)}\n<VTKFile type="${type}" version="1.0" byte_order="LittleEndian" header_type="UInt64">\n`;
}

/**
 * The file's bytes: the header (its comment holds UTF-8 labels such as λ, θ₀) encoded as UTF-8,
 * the body (tags and base64, pure ASCII) as Latin-1, which is a plain copy — TextEncoder over a
 * 20 MB string costs ~10× more.
 */
function bytes(head: string, body: string): Uint8Array {
  return Buffer.concat([Buffer.from(head, 'utf8'), Buffer.from(body, 'latin1')]);
}

function log10(values: Float64Array): Float64Array {
  // Exact zeros (a global minimum) would give −∞; the smallest positive double stands in.
  return values.map((x) => Math.log10(Math.max(x, Number.MIN_VALUE)));
}

function gridPoints(data: SurfaceData, extra: number): Float64Array {
  const R = data.alpha.length;
  const points = new Float64Array((R * R + extra) * 3);
  for (let i = 0; i < R; i++)
    for (let k = 0; k < R; k++) {
      const p = i * R + k;
      points[3 * p] = data.alpha[k];
      points[3 * p + 1] = data.beta[i];
      points[3 * p + 2] = data.loss[p];
    }
  return points;
}

function pointData(loss: Float64Array, offPlane: Float64Array): string {
  return [
    '<PointData Scalars="train_loss">',
    dataArray('Float64', 'train_loss', 1, loss),
    dataArray('Float64', 'log10_train_loss', 1, log10(loss)),
    dataArray('Float64', 'off_plane', 1, offPlane),
    '</PointData>',
  ].join('\n');
}

export function encodeSurfaceVtp(data: SurfaceData): Uint8Array {
  const R = data.alpha.length;
  const T = data.trajectory.alpha.length;
  const N = R * R;
  const points = gridPoints(data, T);
  for (let t = 0; t < T; t++) {
    points[3 * (N + t)] = data.trajectory.alpha[t];
    points[3 * (N + t) + 1] = data.trajectory.beta[t];
    points[3 * (N + t) + 2] = data.trajectory.planeLoss[t];
  }
  const loss = new Float64Array(N + T);
  loss.set(data.loss);
  loss.set(data.trajectory.planeLoss, N);
  const offPlane = new Float64Array(N + T);
  offPlane.set(data.trajectory.offPlane, N);
  // Quads (k, i) → (k+1, i) → (k+1, i+1) → (k, i+1), counter-clockwise seen from +z.
  const Q = (R - 1) * (R - 1);
  // Int32 indices: a 1025² grid has about 10⁶ points, far below 2³¹.
  const quads = new Int32Array(4 * Q);
  const quadEnds = new Int32Array(Q);
  let q = 0;
  for (let i = 0; i + 1 < R; i++)
    for (let k = 0; k + 1 < R; k++) {
      const p = i * R + k;
      quads[4 * q] = p;
      quads[4 * q + 1] = p + 1;
      quads[4 * q + 2] = p + R + 1;
      quads[4 * q + 3] = p + R;
      quadEnds[q] = 4 * (q + 1);
      q++;
    }
  const lines = T >= 2 ? 1 : 0;
  const line = Int32Array.from({ length: T }, (_, t) => N + t);
  return bytes(
    header('PolyData', data),
    '<PolyData>\n' +
    `<Piece NumberOfPoints="${N + T}" NumberOfVerts="0" NumberOfLines="${lines}" NumberOfStrips="0" NumberOfPolys="${Q}">\n` +
    pointData(loss, offPlane) +
    '\n<Points>\n' +
    dataArray('Float64', 'Points', 3, points) +
    '\n</Points>\n' +
    (lines
      ? '<Lines>\n' +
        dataArray('Int32', 'connectivity', 1, line) +
        '\n' +
        dataArray('Int32', 'offsets', 1, Int32Array.of(T)) +
        '\n</Lines>\n'
      : '') +
    '<Polys>\n' +
    dataArray('Int32', 'connectivity', 1, quads) +
    '\n' +
    dataArray('Int32', 'offsets', 1, quadEnds) +
    '\n</Polys>\n</Piece>\n</PolyData>\n</VTKFile>\n',
  );
}

export function encodeSurfaceVts(data: SurfaceData): Uint8Array {
  const R = data.alpha.length;
  const extent = `0 ${R - 1} 0 ${R - 1} 0 0`;
  return bytes(
    header('StructuredGrid', data),
    `<StructuredGrid WholeExtent="${extent}">\n<Piece Extent="${extent}">\n` +
    pointData(data.loss, new Float64Array(R * R)) +
    '\n<Points>\n' +
    dataArray('Float64', 'Points', 3, gridPoints(data, 0)) +
    '\n</Points>\n</Piece>\n</StructuredGrid>\n</VTKFile>\n',
  );
}
