/**
 * A safe unpickler for PyTorch state_dicts: it interprets the pickle opcodes into plain values and
 * never calls anything. Globals are an allowlist — collections.OrderedDict, torch._utils'
 * _rebuild_tensor_v2 / _rebuild_parameter, the torch.*Storage dtype markers — and any other global
 * is refused at the opcode that names it, before any REDUCE could use it, with a message that says
 * what was found and what to do. Persistent ids (torch's storage references) become StorageRef.
 * Opcode reference: CPython Lib/pickletools.py.
 */
import { FormatError } from './formatError';
import type { FloatKind } from './tensor';

export class PickleError extends FormatError {
  override name = 'PickleError';
}

export interface StorageRef {
  readonly type: 'storage';
  readonly kind: FloatKind;
  readonly storageName: string;
  readonly key: string;
  readonly numel: number;
}
export interface TensorRef {
  readonly type: 'tensor';
  readonly storage: StorageRef;
  readonly offset: number;
  readonly size: readonly number[];
  readonly stride: readonly number[];
}
export type PickleValue =
  | null
  | boolean
  | number
  | bigint
  | string
  | Uint8Array
  | PickleValue[]
  | Tuple
  | Map<PickleValue, PickleValue>
  | StorageRef
  | TensorRef
  | GlobalRef;

export class Tuple {
  constructor(readonly items: PickleValue[]) {}
}
/** An allowlisted global, still uncalled. */
export class GlobalRef {
  constructor(readonly module: string, readonly qualname: string) {}
  get full(): string {
    return `${this.module}.${this.qualname}`;
  }
}

const STORAGES: Record<string, FloatKind> = {
  DoubleStorage: 'f64',
  FloatStorage: 'f32',
  HalfStorage: 'f16',
  BFloat16Storage: 'bf16',
};
const OTHER_STORAGES = new Set(['LongStorage', 'IntStorage', 'ShortStorage', 'CharStorage', 'ByteStorage', 'BoolStorage', 'ComplexDoubleStorage', 'ComplexFloatStorage', 'QInt8Storage', 'QUInt8Storage']);
const DANGEROUS_MODULES = new Set(['os', 'posix', 'nt', 'subprocess', 'builtins', '__builtin__', 'sys', 'shutil', 'socket', 'importlib', 'runpy', 'pickle', 'codecs', 'eval', 'exec', 'pty', 'commands', 'webbrowser', 'platform', 'ctypes']);

function refuseGlobal(module: string, name: string): never {
  const full = `${module}.${name}`;
  if (module.startsWith('torch.nn.modules') || module.startsWith('torch.nn.'))
    throw new PickleError(`this file pickles a whole nn.Module (${full}), which would mean running its code to load it; save model.state_dict() instead: torch.save(model.state_dict(), "model.pt")`);
  if (module === 'torch' && OTHER_STORAGES.has(name))
    throw new PickleError(`a tensor is stored as ${full}; only float64, float32, float16 and bfloat16 weights can be loaded`);
  if (DANGEROUS_MODULES.has(module.split('.')[0]))
    throw new PickleError(`the pickle refers to ${full}, which no checkpoint needs; refused without running anything (this file may be malicious)`);
  if (module === '__main__' || !module.startsWith('torch'))
    throw new PickleError(`the pickle refers to ${full} (your own class or another library's); only a state_dict of tensors can be loaded: save model.state_dict() instead`);
  throw new PickleError(`the pickle refers to ${full}, which is not part of a plain state_dict (allowed: collections.OrderedDict, torch._utils._rebuild_tensor_v2, torch._utils._rebuild_parameter, torch.*Storage); save model.state_dict() instead`);
}

function allowGlobal(module: string, name: string): GlobalRef {
  const ok =
    (module === 'collections' && name === 'OrderedDict') ||
    (module === 'torch._utils' && (name === '_rebuild_tensor_v2' || name === '_rebuild_parameter')) ||
    (module === 'torch' && name in STORAGES);
  if (!ok) refuseGlobal(module, name);
  return new GlobalRef(module, name);
}

const MARK = Symbol('mark');
type StackItem = PickleValue | typeof MARK;

function asInt(v: PickleValue, what: string): number {
  if (typeof v === 'bigint') {
    if (v > BigInt(Number.MAX_SAFE_INTEGER) || v < -BigInt(Number.MAX_SAFE_INTEGER)) throw new PickleError(`${what} ${v} is out of range`);
    return Number(v);
  }
  if (typeof v !== 'number' || !Number.isSafeInteger(v)) throw new PickleError(`${what} must be an integer`);
  return v;
}

function intTuple(v: PickleValue, what: string): number[] {
  if (!(v instanceof Tuple)) throw new PickleError(`${what} must be a tuple of integers`);
  return v.items.map((x) => asInt(x, what));
}

/** Applies an allowlisted callable to its arguments (REDUCE), building plain values only. */
function call(fn: PickleValue, args: PickleValue): PickleValue {
  if (!(fn instanceof GlobalRef)) throw new PickleError('REDUCE on something that is not an allowed global');
  if (!(args instanceof Tuple)) throw new PickleError(`${fn.full} called without an argument tuple`);
  const a = args.items;
  switch (fn.full) {
    case 'collections.OrderedDict':
      if (a.length !== 0) throw new PickleError('collections.OrderedDict with arguments is not supported');
      return new Map();
    case 'torch._utils._rebuild_tensor_v2': {
      if (a.length < 4) throw new PickleError('_rebuild_tensor_v2 needs (storage, offset, size, stride, …)');
      const storage = a[0];
      if (!storage || typeof storage !== 'object' || !('type' in storage) || storage.type !== 'storage')
        throw new PickleError('_rebuild_tensor_v2: the first argument is not a storage reference');
      return { type: 'tensor', storage, offset: asInt(a[1], 'storage offset'), size: intTuple(a[2], 'tensor size'), stride: intTuple(a[3], 'tensor stride') };
    }
    case 'torch._utils._rebuild_parameter': {
      const t = a[0];
      if (!t || typeof t !== 'object' || !('type' in t) || t.type !== 'tensor') throw new PickleError('_rebuild_parameter: the first argument is not a tensor');
      return t;
    }
    default:
      throw new PickleError(`${fn.full} cannot be called (it is a dtype marker)`);
  }
}

/** torch's persistent id ('storage', torch.DoubleStorage, key, location, numel). */
function persistentLoad(pid: PickleValue): StorageRef {
  if (!(pid instanceof Tuple) || pid.items.length < 5 || pid.items[0] !== 'storage')
    throw new PickleError('a persistent id is not a torch storage reference');
  const [, type, key, , numel] = pid.items;
  if (!(type instanceof GlobalRef) || !(type.qualname in STORAGES)) throw new PickleError('a storage reference names no known storage type');
  if (typeof key !== 'string') throw new PickleError('a storage key is not a string');
  return { type: 'storage', kind: STORAGES[type.qualname], storageName: type.full, key, numel: asInt(numel, 'storage size') };
}

const MAX_OPS = 50_000_000;

export function unpickle(bytes: Uint8Array): PickleValue {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const stack: StackItem[] = [];
  const memo = new Map<number, PickleValue>();
  let p = 0;
  const fail = (m: string): never => {
    throw new PickleError(`${m} (at byte ${p} of the pickle)`);
  };
  const need = (n: number): number => {
    if (p + n > bytes.length) fail('the pickle ends early (truncated file?)');
    const at = p;
    p += n;
    return at;
  };
  const pop = (): PickleValue => {
    const v = stack.pop();
    if (v === undefined || v === MARK) return fail('stack underflow: the pickle is damaged');
    return v;
  };
  const top = (): PickleValue => {
    const v = stack[stack.length - 1];
    if (v === undefined || v === MARK) return fail('stack underflow: the pickle is damaged');
    return v;
  };
  const popMark = (): PickleValue[] => {
    let k = stack.length - 1;
    while (k >= 0 && stack[k] !== MARK) k--;
    if (k < 0) return fail('MARK missing: the pickle is damaged');
    const items = stack.splice(k) as StackItem[];
    items.shift();
    return items as PickleValue[];
  };
  const text = (at: number, n: number): string => {
    try {
      return new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(at, at + n));
    } catch {
      return fail('a string is not valid UTF-8');
    }
  };
  const line = (): string => {
    const end = bytes.indexOf(0x0a, p);
    if (end < 0) return fail('the pickle ends inside a GLOBAL name');
    const s = new TextDecoder('latin1').decode(bytes.subarray(p, end));
    p = end + 1;
    return s;
  };
  const setItem = (dict: PickleValue, key: PickleValue, value: PickleValue): void => {
    if (!(dict instanceof Map)) fail('SETITEM on something that is not a dict');
    (dict as Map<PickleValue, PickleValue>).set(key, value);
  };
  const append = (list: PickleValue, value: PickleValue): void => {
    if (!Array.isArray(list)) fail('APPEND on something that is not a list');
    (list as PickleValue[]).push(value);
  };
  const memoGet = (i: number): PickleValue => (memo.has(i) ? memo.get(i)! : fail(`memo entry ${i} is missing`));

  for (let ops = 0; ops < MAX_OPS; ops++) {
    const op = bytes[need(1)];
    switch (op) {
      case 0x80: // PROTO
        if (bytes[need(1)] > 5) fail('unknown pickle protocol');
        break;
      case 0x95: // FRAME (length is advisory)
        need(8);
        break;
      case 0x2e: // STOP
        if (stack.length !== 1) fail('the pickle stops with a damaged stack');
        return pop();
      case 0x28: // MARK
        stack.push(MARK);
        break;
      case 0x7d: // EMPTY_DICT
        stack.push(new Map());
        break;
      case 0x5d: // EMPTY_LIST
        stack.push([]);
        break;
      case 0x29: // EMPTY_TUPLE
        stack.push(new Tuple([]));
        break;
      case 0x74: // TUPLE
        stack.push(new Tuple(popMark()));
        break;
      case 0x85: // TUPLE1
        stack.push(new Tuple([pop()]));
        break;
      case 0x86: {
        const b = pop();
        const a = pop();
        stack.push(new Tuple([a, b]));
        break;
      }
      case 0x87: {
        const c = pop();
        const b = pop();
        const a = pop();
        stack.push(new Tuple([a, b, c]));
        break;
      }
      case 0x6c: // LIST
        stack.push(popMark());
        break;
      case 0x64: {
        // DICT
        const items = popMark();
        if (items.length % 2) fail('DICT with an odd number of items');
        const m = new Map<PickleValue, PickleValue>();
        for (let i = 0; i < items.length; i += 2) m.set(items[i], items[i + 1]);
        stack.push(m);
        break;
      }
      case 0x71: // BINPUT
        memo.set(bytes[need(1)], top());
        break;
      case 0x72: // LONG_BINPUT
        memo.set(view.getUint32(need(4), true), top());
        break;
      case 0x94: // MEMOIZE
        memo.set(memo.size, top());
        break;
      case 0x68: // BINGET
        stack.push(memoGet(bytes[need(1)]));
        break;
      case 0x6a: // LONG_BINGET
        stack.push(memoGet(view.getUint32(need(4), true)));
        break;
      case 0x63: {
        // GLOBAL "module\nname\n"
        const module = line();
        const name = line();
        stack.push(allowGlobal(module, name));
        break;
      }
      case 0x93: {
        // STACK_GLOBAL
        const name = pop();
        const module = pop();
        if (typeof module !== 'string' || typeof name !== 'string') fail('STACK_GLOBAL needs two strings');
        stack.push(allowGlobal(module as string, name as string));
        break;
      }
      case 0x58: {
        // BINUNICODE
        const n = view.getUint32(need(4), true);
        stack.push(text(need(n), n));
        break;
      }
      case 0x8c: {
        const n = bytes[need(1)];
        stack.push(text(need(n), n));
        break;
      }
      case 0x8d: {
        const n = Number(view.getBigUint64(need(8), true));
        if (n > bytes.length) fail('a string runs past the end of the pickle');
        stack.push(text(need(n), n));
        break;
      }
      case 0x54: {
        // BINSTRING
        const n = view.getInt32(need(4), true);
        if (n < 0) fail('negative string length');
        stack.push(new TextDecoder('latin1').decode(bytes.subarray(need(n), p)));
        break;
      }
      case 0x55: {
        const n = bytes[need(1)];
        stack.push(new TextDecoder('latin1').decode(bytes.subarray(need(n), p)));
        break;
      }
      case 0x42: {
        // BINBYTES
        const n = view.getUint32(need(4), true);
        stack.push(bytes.slice(need(n), p));
        break;
      }
      case 0x43: {
        const n = bytes[need(1)];
        stack.push(bytes.slice(need(n), p));
        break;
      }
      case 0x4a: // BININT
        stack.push(view.getInt32(need(4), true));
        break;
      case 0x4b: // BININT1
        stack.push(bytes[need(1)]);
        break;
      case 0x4d: // BININT2
        stack.push(view.getUint16(need(2), true));
        break;
      case 0x8a: {
        // LONG1: little-endian two's complement
        const n = bytes[need(1)];
        const at = need(n);
        let v = 0n;
        for (let i = n - 1; i >= 0; i--) v = (v << 8n) | BigInt(bytes[at + i]);
        if (n > 0 && bytes[at + n - 1] & 0x80) v -= 1n << BigInt(8 * n);
        stack.push(v >= -BigInt(Number.MAX_SAFE_INTEGER) && v <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(v) : v);
        break;
      }
      case 0x47: // BINFLOAT (big-endian)
        stack.push(view.getFloat64(need(8), false));
        break;
      case 0x4e: // NONE
        stack.push(null);
        break;
      case 0x88:
        stack.push(true);
        break;
      case 0x89:
        stack.push(false);
        break;
      case 0x73: {
        // SETITEM
        const v = pop();
        const k = pop();
        setItem(top(), k, v);
        break;
      }
      case 0x75: {
        // SETITEMS
        const items = popMark();
        if (items.length % 2) fail('SETITEMS with an odd number of items');
        const d = top();
        for (let i = 0; i < items.length; i += 2) setItem(d, items[i], items[i + 1]);
        break;
      }
      case 0x61: {
        // APPEND
        const v = pop();
        append(top(), v);
        break;
      }
      case 0x65: {
        const items = popMark();
        const l = top();
        for (const v of items) append(l, v);
        break;
      }
      case 0x52: {
        // REDUCE
        const args = pop();
        const fn = pop();
        stack.push(call(fn, args));
        break;
      }
      case 0x62: {
        // BUILD: only the state an OrderedDict carries (torch's _metadata), which we drop.
        const state = pop();
        const obj = top();
        if (!(obj instanceof Map)) fail('BUILD on something that is not an OrderedDict (an object with state would need its class)');
        if (state !== null && !(state instanceof Map)) fail('BUILD with a state that is not a dict');
        break;
      }
      case 0x51: // BINPERSID
        stack.push(persistentLoad(pop()));
        break;
      case 0x81: // NEWOBJ
      case 0x92: // NEWOBJ_EX
      case 0x69: // INST
      case 0x6f: // OBJ
        return fail('the pickle constructs an object of a class; only a state_dict of tensors can be loaded (save model.state_dict() instead)');
      default:
        return fail(`unsupported pickle opcode 0x${op.toString(16).padStart(2, '0')}`);
    }
  }
  return fail('the pickle is too long');
}
