/**
 * PyTorch checkpoints written by torch.save (torch ≥ 1.6 zip layout): `<dir>/data.pkl` (the pickled
 * state_dict, storages as persistent ids), `<dir>/data/<key>` (raw little-endian storage bytes),
 * `<dir>/version`. Read with the safe unpickler (pickle.ts); written with a pickle writer that
 * emits only an OrderedDict of _rebuild_tensor_v2 calls, which torch.load accepts.
 */
import type { Network } from '../core/types';
import { FormatError } from './formatError';
import type { FileContents } from './networkTypes';
import { GlobalRef, PickleError, Tuple, unpickle, type PickleValue, type TensorRef } from './pickle';
import { networkTensors } from './stateDictWriter';
import { checkedElementCount, decodeFloats, encodeF64, FLOAT_BYTES, type Tensor } from './tensor';
import { isZip, openZip, writeZip, ZipFormatError, type ZipArchive } from './zip';

export class PytorchFormatError extends FormatError {
  override name = 'PytorchFormatError';
}

const DTYPE_NAMES = { f64: 'float64', f32: 'float32', f16: 'float16', bf16: 'bfloat16' } as const;

function dataPklName(zip: ZipArchive): string | undefined {
  return zip.names.find((n) => /^[^/]+\/data\.pkl$/.test(n));
}

/** A zip with `<dir>/data.pkl`, or a bare pickle (legacy torch.save, refused with advice). */
export function matchPytorch(bytes: Uint8Array): boolean {
  if (bytes.length >= 2 && bytes[0] === 0x80 && bytes[1] >= 2 && bytes[1] <= 5) return true;
  if (!isZip(bytes)) return false;
  try {
    const zip = openZip(bytes);
    return dataPklName(zip) !== undefined || zip.names.some((n) => /^[^/]+\/constants\.pkl$/.test(n));
  } catch {
    return false;
  }
}

/** Keys under which training scripts commonly nest the state_dict. */
const NESTED_KEYS = ['state_dict', 'model_state_dict', 'model', 'net', 'module'];

function isTensor(v: PickleValue): v is TensorRef {
  return typeof v === 'object' && v !== null && !(v instanceof Map) && !(v instanceof Tuple) && !(v instanceof GlobalRef) && !Array.isArray(v) && !(v instanceof Uint8Array) && v.type === 'tensor';
}

function describeValue(v: PickleValue): string {
  if (isTensor(v)) return `tensor [${v.size.join(', ')}]`;
  if (v instanceof Map) return `dict (${v.size} entries)`;
  if (Array.isArray(v)) return 'list';
  if (v instanceof Tuple) return 'tuple';
  return typeof v;
}

function stateDictOf(root: PickleValue, notes: string[]): Map<PickleValue, PickleValue> {
  if (!(root instanceof Map)) throw new PytorchFormatError(`the file holds a ${describeValue(root)}, not a state_dict (a dict of tensors)`);
  const values = [...root.values()];
  if (values.length > 0 && values.every(isTensor)) return root;
  for (const key of NESTED_KEYS) {
    const inner = root.get(key);
    if (inner instanceof Map && inner.size > 0 && [...inner.values()].every(isTensor)) {
      notes.push(`weights read from the checkpoint's "${key}" entry (other entries: ${[...root.keys()].filter((k) => k !== key).map(String).join(', ') || 'none'})`);
      return inner;
    }
  }
  const listing = [...root.entries()].map(([k, v]) => `${String(k)}: ${describeValue(v)}`).join(', ');
  throw new PytorchFormatError(`the pickled dict is not a state_dict of tensors (entries: ${listing || 'none'})`);
}

/** Gathers a strided view into C order, after checking it stays inside its storage. */
function gather(name: string, t: TensorRef, storage: Float64Array): Float64Array {
  const count = checkedElementCount(t.size, `tensor ${name}`, (m) => new PytorchFormatError(m));
  if (t.stride.length !== t.size.length) throw new PytorchFormatError(`tensor ${name}: ${t.size.length} sizes but ${t.stride.length} strides`);
  if (t.offset < 0 || t.stride.some((s) => s < 0)) throw new PytorchFormatError(`tensor ${name}: negative storage offset or stride`);
  if (count === 0) return new Float64Array(0);
  let last = t.offset;
  for (let k = 0; k < t.size.length; k++) last += (t.size[k] - 1) * t.stride[k];
  if (last >= storage.length)
    throw new PytorchFormatError(`tensor ${name} [${t.size.join(', ')}] reaches element ${last} of a storage of ${storage.length} (offset/strides past the end)`);
  const out = new Float64Array(count);
  const n = t.size.length;
  const idx = new Array<number>(n).fill(0);
  let src = t.offset;
  for (let c = 0; c < count; c++) {
    out[c] = storage[src];
    for (let k = n - 1; k >= 0; k--) {
      idx[k]++;
      src += t.stride[k];
      if (idx[k] < t.size[k]) break;
      src -= idx[k] * t.stride[k];
      idx[k] = 0;
    }
  }
  return out;
}

export function readPytorch(bytes: Uint8Array): { tensors: Tensor[]; notes: string[] } {
  if (!isZip(bytes)) {
    if (bytes[0] === 0x80)
      throw new PytorchFormatError(
        'this is a legacy (pre-zip) PyTorch file, written by torch < 1.6 or with _use_new_zipfile_serialization=False; ' +
          're-save it with torch ≥ 1.6: torch.save(torch.load(old), "model.pt")',
      );
    throw new PytorchFormatError('not a PyTorch checkpoint');
  }
  try {
    const zip = openZip(bytes);
    const pkl = dataPklName(zip);
    if (!pkl) {
      if (zip.names.some((n) => /constants\.pkl$/.test(n)))
        throw new PytorchFormatError('this is a TorchScript archive (torch.jit.save); save model.state_dict() with torch.save instead');
      throw new PytorchFormatError('the zip has no data.pkl: not a torch.save checkpoint');
    }
    const dir = pkl.slice(0, -'data.pkl'.length);
    const notes: string[] = [];
    const byteorder = zip.has(`${dir}byteorder`) ? new TextDecoder().decode(zip.read(`${dir}byteorder`)).trim() : 'little';
    if (byteorder !== 'little' && byteorder !== 'big') throw new PytorchFormatError(`unknown byteorder record "${byteorder}"`);
    const dict = stateDictOf(unpickle(zip.read(pkl)), notes);
    const storages = new Map<string, Float64Array>();
    const tensors: Tensor[] = [];
    for (const [key, value] of dict) {
      const name = String(key);
      const t = value as TensorRef;
      const s = t.storage;
      let data = storages.get(s.key);
      if (!data) {
        const entry = `${dir}data/${s.key}`;
        if (!zip.has(entry)) throw new PytorchFormatError(`tensor ${name}: storage ${s.key} is missing from the archive`);
        const need = s.numel * FLOAT_BYTES[s.kind];
        if (zip.size(entry) !== need)
          throw new PytorchFormatError(`tensor ${name}: storage ${s.key} has ${zip.size(entry)} bytes, ${s.storageName} of ${s.numel} elements needs ${need}`);
        const raw = zip.read(entry);
        data = decodeFloats(raw, 0, s.numel, s.kind, byteorder === 'big');
        storages.set(s.key, data);
      }
      tensors.push({ name, dtype: DTYPE_NAMES[s.kind], shape: t.size, data: gather(name, t, data) });
    }
    return { tensors, notes };
  } catch (error) {
    if (error instanceof PickleError) throw new PytorchFormatError(error.message);
    if (error instanceof ZipFormatError) throw new PytorchFormatError(`damaged zip: ${error.message}`);
    throw error;
  }
}

export function openPytorch(bytes: Uint8Array): FileContents {
  return readPytorch(bytes);
}

/** Pickle protocol 2 writer for OrderedDict[str, float64 tensor]. */
class PickleWriter {
  private parts: number[] = [];
  byte(b: number): this {
    this.parts.push(b);
    return this;
  }
  bytes(b: Uint8Array): this {
    for (const x of b) this.parts.push(x);
    return this;
  }
  global(module: string, name: string): this {
    return this.byte(0x63).bytes(new TextEncoder().encode(`${module}\n${name}\n`));
  }
  str(s: string): this {
    const b = new TextEncoder().encode(s);
    const n = new Uint8Array(4);
    new DataView(n.buffer).setUint32(0, b.length, true);
    return this.byte(0x58).bytes(n).bytes(b);
  }
  int(v: number): this {
    if (v >= 0 && v < 256) return this.byte(0x4b).byte(v);
    if (v >= 0 && v < 65536) return this.byte(0x4d).byte(v & 0xff).byte(v >> 8);
    const n = new Uint8Array(4);
    new DataView(n.buffer).setInt32(0, v, true);
    return this.byte(0x4a).bytes(n);
  }
  tuple(items: readonly number[]): this {
    this.byte(0x28);
    for (const x of items) this.int(x);
    return this.byte(0x74);
  }
  done(): Uint8Array {
    return Uint8Array.from(this.parts);
  }
}

function contiguousStrides(shape: readonly number[]): number[] {
  const s = new Array<number>(shape.length);
  let acc = 1;
  for (let k = shape.length - 1; k >= 0; k--) {
    s[k] = acc;
    acc *= shape[k];
  }
  return s;
}

/** A state_dict .pt that torch.load + load_state_dict into the matching nn.Sequential accept. */
export function writePytorch(network: Network): Uint8Array {
  const tensors = networkTensors(network);
  const w = new PickleWriter().byte(0x80).byte(2);
  w.global('collections', 'OrderedDict').byte(0x29).byte(0x52); // OrderedDict()
  w.byte(0x28); // MARK for SETITEMS
  tensors.forEach((t, i) => {
    w.str(t.name);
    w.global('torch._utils', '_rebuild_tensor_v2');
    w.byte(0x28); // args tuple
    // persistent id ('storage', torch.DoubleStorage, key, 'cpu', numel)
    w.byte(0x28).str('storage').global('torch', 'DoubleStorage').str(String(i)).str('cpu').int(t.data.length).byte(0x74).byte(0x51);
    w.int(0).tuple(t.shape).tuple(contiguousStrides(t.shape));
    w.byte(0x89); // requires_grad False
    w.global('collections', 'OrderedDict').byte(0x29).byte(0x52); // backward_hooks
    w.byte(0x74).byte(0x52);
  });
  w.byte(0x75).byte(0x2e); // SETITEMS, STOP
  const entries: [string, Uint8Array][] = [['archive/data.pkl', w.done()]];
  tensors.forEach((t, i) => entries.push([`archive/data/${i}`, encodeF64(t.data)]));
  entries.push(['archive/version', new TextEncoder().encode('3\n')]);
  entries.push(['archive/byteorder', new TextEncoder().encode('little')]);
  return writeZip(entries);
}
