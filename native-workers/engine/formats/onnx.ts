/**
 * ONNX models (protobuf, decoded with onnx-proto) mapped to our MLP: the graph is walked from its
 * one data input, node by node, and must be a chain of affine layers — Gemm (alpha, beta, transB;
 * transA = 0) or MatMul + Add — each optionally followed by one activation: Relu, Tanh, Sigmoid,
 * Softplus, Gelu (erf form: the Gelu op with approximate="none", or torch's opset-13 export
 * Div(√2) → Erf → Add(1) → Mul(x) → Mul(0.5)), Identity. Anything else is an error naming the
 * node and its op. Written back as Gemm (transB = 1) + activation nodes, float64, opset 13; softplus
 * as relu(x) + log(1 + exp(−|x|)) so onnxruntime (no float64 Softplus kernel) runs it.
 */
import * as onnxProto from 'onnx-proto';
import type { onnx } from 'onnx-proto';
import type { ActivationName, LayerSpec, Network } from '../core/types';
import { layerOffsets } from '../core/layout';
import { FormatError } from './formatError';
import type { FileContents } from './networkTypes';
import { checkedElementCount, decodeFloats, encodeF64, type FloatKind, type Tensor } from './tensor';

// onnx-proto is CommonJS (module.exports = { onnx }); under ESM interop it arrives as `default`.
const ONNX: typeof onnx =
  (onnxProto as unknown as { default?: { onnx?: typeof onnx } }).default?.onnx ?? (onnxProto as unknown as { onnx: typeof onnx }).onnx;

export class OnnxFormatError extends FormatError {
  override name = 'OnnxFormatError';
}

const FLOAT_TYPES: Record<number, { kind: FloatKind; name: string }> = {
  1: { kind: 'f32', name: 'float32' },
  11: { kind: 'f64', name: 'float64' },
  10: { kind: 'f16', name: 'float16' },
  16: { kind: 'bf16', name: 'bfloat16' },
};

/**
 * Content sniffing: an ONNX ModelProto starts with field 1 (ir_version, varint: byte 0x08) and
 * decodes with a graph. Decoding is cheap next to anything we would do with the file.
 */
export function matchOnnx(bytes: Uint8Array): boolean {
  if (bytes.length < 4 || bytes[0] !== 0x08) return false;
  try {
    const m = ONNX.ModelProto.decode(bytes);
    return m.graph !== null && m.graph !== undefined;
  } catch {
    return false;
  }
}

type Long = { toNumber(): number } | number;
function num(v: Long | null | undefined): number {
  if (v === null || v === undefined) return 0;
  return typeof v === 'number' ? v : v.toNumber();
}

function decodeTensor(t: onnx.ITensorProto): Tensor {
  const name = t.name ?? '';
  const dims = (t.dims ?? []).map((d) => num(d as Long));
  const type = FLOAT_TYPES[t.dataType ?? 0];
  if (!type) throw new OnnxFormatError(`initializer ${name} has ONNX data type ${t.dataType ?? 0}; only float32/64/16 and bfloat16 weights can be loaded`);
  if (t.dataLocation === ONNX.TensorProto.DataLocation.EXTERNAL) throw new OnnxFormatError(`initializer ${name} is stored in an external data file; save the model with its weights inside (onnx.save(..., save_as_external_data=False))`);
  const count = checkedElementCount(dims, `initializer ${name}`, (m) => new OnnxFormatError(m));
  let data: Float64Array;
  if (t.rawData && t.rawData.length > 0) {
    const need = count * (type.kind === 'f64' ? 8 : type.kind === 'f32' ? 4 : 2);
    if (t.rawData.length !== need) throw new OnnxFormatError(`initializer ${name} [${dims.join(', ')}] needs ${need} bytes of raw data, has ${t.rawData.length}`);
    data = decodeFloats(t.rawData, 0, count, type.kind);
  } else {
    const list: ArrayLike<number> =
      type.kind === 'f64' ? (t.doubleData ?? []) : type.kind === 'f32' ? (t.floatData ?? []) : [];
    if (type.kind === 'f16' || type.kind === 'bf16') {
      // 16-bit values are carried in int32_data.
      const ints = t.int32Data ?? [];
      if (ints.length !== count) throw new OnnxFormatError(`initializer ${name} [${dims.join(', ')}] has ${ints.length} values, needs ${count}`);
      const raw = new Uint8Array(2 * count);
      const v = new DataView(raw.buffer);
      for (let i = 0; i < count; i++) v.setUint16(2 * i, ints[i] & 0xffff, true);
      data = decodeFloats(raw, 0, count, type.kind);
    } else {
      if (list.length !== count) throw new OnnxFormatError(`initializer ${name} [${dims.join(', ')}] has ${list.length} values, needs ${count}`);
      data = Float64Array.from(list);
    }
  }
  return { name, dtype: type.name, shape: dims, data };
}

const ACTIVATION_OPS: Record<string, ActivationName> = { Relu: 'relu', Tanh: 'tanh', Sigmoid: 'sigmoid', Softplus: 'softplus' };

interface OnnxLayer {
  inputs: number;
  outputs: number;
  weight: Float64Array;
  bias: Float64Array | null;
  activation: ActivationName;
  source: string;
}

function attr(node: onnx.INodeProto, name: string): onnx.IAttributeProto | undefined {
  return (node.attribute ?? []).find((a) => a.name === name);
}
function attrFloat(node: onnx.INodeProto, name: string, fallback: number): number {
  const a = attr(node, name);
  return a ? (a.f ?? fallback) : fallback;
}
function attrInt(node: onnx.INodeProto, name: string, fallback: number): number {
  const a = attr(node, name);
  return a ? num(a.i as Long) : fallback;
}

export function readOnnx(bytes: Uint8Array): { tensors: Tensor[]; network: Network; layerSources: string[]; notes: string[] } {
  let model: onnx.ModelProto;
  try {
    model = ONNX.ModelProto.decode(bytes);
  } catch (error) {
    throw new OnnxFormatError(`not a valid ONNX protobuf (${(error as Error).message}; truncated or damaged file?)`);
  }
  const graph = model.graph;
  if (!graph) throw new OnnxFormatError('the model has no graph');
  const tensors: Tensor[] = [];
  const consts = new Map<string, Tensor>();
  for (const init of graph.initializer ?? []) {
    const t = decodeTensor(init);
    tensors.push(t);
    consts.set(t.name, t);
  }
  const nodes = graph.node ?? [];
  for (const n of nodes)
    if (n.opType === 'Constant') {
      const v = attr(n, 'value');
      if (!v?.t) throw new OnnxFormatError(`node ${n.name || n.output?.[0]} (Constant) has no tensor value`);
      const t = decodeTensor({ ...v.t, name: n.output?.[0] ?? '' });
      consts.set(t.name, t);
    }
  const dataInputs = (graph.input ?? []).filter((i) => !consts.has(i.name ?? ''));
  if (dataInputs.length !== 1) throw new OnnxFormatError(`the graph has ${dataInputs.length} data inputs (${dataInputs.map((i) => i.name).join(', ')}); an MLP has exactly one`);
  const outputs = graph.output ?? [];
  if (outputs.length !== 1) throw new OnnxFormatError(`the graph has ${outputs.length} outputs; an MLP has exactly one`);
  const finalName = outputs[0].name ?? '';
  const consumers = new Map<string, onnx.INodeProto[]>();
  for (const n of nodes) {
    if (n.opType === 'Constant') continue;
    for (const i of n.input ?? []) {
      const list = consumers.get(i) ?? [];
      list.push(n);
      consumers.set(i, list);
    }
  }
  const label = (n: onnx.INodeProto): string => `node ${n.name ? `"${n.name}"` : `→ ${n.output?.[0] ?? '?'}`} (${n.opType})`;
  const refuse = (n: onnx.INodeProto, why: string): never => {
    throw new OnnxFormatError(`${label(n)}: ${why}`);
  };
  const unsupported = (n: onnx.INodeProto): never =>
    refuse(n, `op ${n.opType} is not supported; an MLP graph has Gemm or MatMul+Add layers and Relu, Tanh, Sigmoid, Softplus, Gelu (erf) or Identity activations`);
  const constOf = (n: onnx.INodeProto, name: string | undefined): Tensor => {
    const t = name !== undefined ? consts.get(name) : undefined;
    return t ?? refuse(n, `input ${name ?? '?'} must be a weight (initializer or Constant), but it is computed`);
  };
  const scalarConst = (name: string | undefined): number | null => {
    const t = name !== undefined ? consts.get(name) : undefined;
    return t && t.data.length === 1 ? t.data[0] : null;
  };
  const only = (value: string): onnx.INodeProto | null => {
    const list = consumers.get(value) ?? [];
    if (list.length > 1 && value !== finalName) return null;
    return list[0] ?? null;
  };

  const layers: OnnxLayer[] = [];
  const notes: string[] = [];
  let current = dataInputs[0].name ?? '';
  let state: 'pre' | 'linear' | 'activated' = 'pre';
  let guard = 0;
  const biasVector = (n: onnx.INodeProto, t: Tensor, outputsCount: number, scale: number): Float64Array => {
    if (t.data.length === 1) return new Float64Array(outputsCount).fill(scale * t.data[0]);
    if (t.data.length !== outputsCount || t.shape.filter((d) => d !== 1).length > 1)
      return refuse(n, `bias ${t.name} [${t.shape.join(', ')}] does not match the layer's ${outputsCount} outputs`);
    return t.data.map((x) => scale * x);
  };
  const affine = (n: onnx.INodeProto, w: Float64Array, inputsCount: number, outputsCount: number, bias: Float64Array | null, source: string): void => {
    const prev = layers[layers.length - 1];
    if (prev && prev.outputs !== inputsCount) refuse(n, `weight takes ${inputsCount} inputs but the previous layer has ${prev.outputs} outputs`);
    if (!prev && state !== 'pre') refuse(n, 'an activation before the first layer is not an MLP');
    layers.push({ inputs: inputsCount, outputs: outputsCount, weight: w, bias, activation: 'identity', source });
    state = 'linear';
  };
  const activate = (n: onnx.INodeProto, a: ActivationName): void => {
    if (state !== 'linear') refuse(n, 'an activation must follow a Gemm/MatMul layer (two activations in a row or one before the first layer are not an MLP)');
    layers[layers.length - 1].activation = a;
    state = 'activated';
  };

  while (current !== finalName || (consumers.get(current)?.length ?? 0) > 0) {
    if (++guard > nodes.length + 1) throw new OnnxFormatError('the graph has a cycle');
    const list = consumers.get(current) ?? [];
    if (list.length === 0) throw new OnnxFormatError(`value ${current} is not used by any node and is not the graph output ${finalName}`);
    const n = list[0];
    const op = n.opType ?? '';
    const out = n.output?.[0] ?? '';
    if (list.length > 1) {
      // Only the erf-GELU pattern uses a value twice.
      const gelu = list.length === 2 ? matchErfGelu(current, list, consumers, scalarConst) : null;
      const softplus = gelu === null && list.length === 2 ? matchStableSoftplus(list, consumers, scalarConst) : null;
      if (!gelu && !softplus) return refuse(list[1], `value ${current} feeds ${list.length} nodes (an MLP is a chain; only an erf GELU or relu(x) + log(1 + exp(−|x|)) may use a value twice)`);
      activate(list[0], gelu ? 'gelu' : 'softplus');
      current = (gelu ?? softplus)!;
      continue;
    }
    switch (op) {
      case 'Gemm': {
        if ((n.input ?? [])[0] !== current) refuse(n, 'the data must be the first input (A)');
        if (attrInt(n, 'transA', 0) !== 0) refuse(n, 'transA = 1 is not an MLP layer');
        const B = constOf(n, n.input?.[1]);
        if (B.shape.length !== 2) refuse(n, `weight ${B.name} must be 2-D, got [${B.shape.join(', ')}]`);
        const alpha = attrFloat(n, 'alpha', 1);
        const beta = attrFloat(n, 'beta', 1);
        const transB = attrInt(n, 'transB', 0) !== 0;
        const [r, c] = B.shape as [number, number];
        const outputsCount = transB ? r : c;
        const inputsCount = transB ? c : r;
        const w = new Float64Array(outputsCount * inputsCount);
        for (let o = 0; o < outputsCount; o++)
          for (let i = 0; i < inputsCount; i++) w[o * inputsCount + i] = alpha * (transB ? B.data[o * c + i] : B.data[i * c + o]);
        const C = n.input?.[2] ? constOf(n, n.input[2]) : null;
        const bias = C ? biasVector(n, C, outputsCount, beta) : null;
        affine(n, w, inputsCount, outputsCount, bias, `Gemm ${n.name ?? ''}: ${B.name} [${B.shape.join(', ')}]${transB ? ' (transB)' : ''}${C ? `, ${C.name}` : ''}${alpha !== 1 || beta !== 1 ? ` (alpha ${alpha}, beta ${beta})` : ''}`);
        current = out;
        break;
      }
      case 'MatMul': {
        if ((n.input ?? [])[0] !== current) refuse(n, 'the data must be the first input');
        const B = constOf(n, n.input?.[1]);
        if (B.shape.length !== 2) refuse(n, `weight ${B.name} must be 2-D, got [${B.shape.join(', ')}]`);
        const [inputsCount, outputsCount] = B.shape as [number, number];
        const w = new Float64Array(outputsCount * inputsCount);
        for (let o = 0; o < outputsCount; o++) for (let i = 0; i < inputsCount; i++) w[o * inputsCount + i] = B.data[i * outputsCount + o];
        let bias: Float64Array | null = null;
        let source = `MatMul ${n.name ?? ''}: ${B.name} [${B.shape.join(', ')}] (inputs × outputs, transposed)`;
        const next = only(out);
        if (next && next.opType === 'Add') {
          const other = next.input?.[0] === out ? next.input?.[1] : next.input?.[0];
          if (other !== undefined && consts.has(other)) {
            bias = biasVector(next, consts.get(other)!, outputsCount, 1);
            source += `, Add ${other}`;
            current = next.output?.[0] ?? '';
            affine(n, w, inputsCount, outputsCount, bias, source);
            break;
          }
        }
        affine(n, w, inputsCount, outputsCount, bias, source);
        current = out;
        break;
      }
      case 'Identity':
      case 'Dropout':
        if (op === 'Dropout' && (n.output?.length ?? 0) > 1 && n.output?.[1]) refuse(n, 'Dropout with a mask output is a training graph');
        current = out;
        break;
      case 'Gelu': {
        const approx = attr(n, 'approximate');
        const mode = approx?.s ? new TextDecoder().decode(approx.s) : 'none';
        if (mode !== 'none') refuse(n, `GELU with approximate="${mode}" is not the erf GELU we compute; export with approximate="none"`);
        activate(n, 'gelu');
        current = out;
        break;
      }
      default: {
        const a = ACTIVATION_OPS[op];
        if (!a) return unsupported(n);
        activate(n, a);
        current = out;
      }
    }
  }
  if (layers.length === 0) throw new OnnxFormatError('the graph has no Gemm or MatMul layer');
  if (layers.some((l) => l.weight.length === 0)) throw new OnnxFormatError('a layer has no inputs or no outputs');
  let total = 0;
  for (const l of layers) total += l.weight.length + (l.bias ? l.bias.length : 0);
  const theta = new Float64Array(total);
  let at = 0;
  for (const l of layers) {
    theta.set(l.weight, at);
    at += l.weight.length;
    if (l.bias) {
      theta.set(l.bias, at);
      at += l.bias.length;
    }
  }
  const specs: LayerSpec[] = layers.map((l) => ({ inputs: l.inputs, outputs: l.outputs, bias: l.bias !== null, activation: l.activation }));
  if (specs[specs.length - 1].activation !== 'identity') notes.push(`the output layer has activation ${specs[specs.length - 1].activation} (from the graph)`);
  const layerSources = layers.map((l, i) => `layer ${i + 1} (${l.inputs} → ${l.outputs}, ${l.activation}) ← ${l.source}`);
  return { tensors, network: { architecture: { layers: specs }, theta }, layerSources, notes };
}

/**
 * torch's opset-13 GELU: y = Mul(Mul(x, Add(Erf(Div(x, √2)), 1)), 0.5) — also with Mul(x, 1/√2) and
 * with the 0.5 applied to x first. Returns the name of y, or null when `list` is not that pattern.
 */
function matchErfGelu(
  x: string,
  list: readonly onnx.INodeProto[],
  consumers: Map<string, onnx.INodeProto[]>,
  scalar: (name: string | undefined) => number | null,
): string | null {
  const near = (v: number | null, target: number): boolean => v !== null && Math.abs(v - target) <= 1e-6 * Math.abs(target);
  const other = (n: onnx.INodeProto, name: string): string | undefined => (n.input?.[0] === name ? n.input?.[1] : n.input?.[0]);
  const single = (name: string | undefined): onnx.INodeProto | null => {
    const l = name !== undefined ? (consumers.get(name) ?? []) : [];
    return l.length === 1 ? l[0] : null;
  };
  const scaled = list.find((n) => (n.opType === 'Div' && n.input?.[0] === x && near(scalar(n.input?.[1]), Math.SQRT2)) || (n.opType === 'Mul' && near(scalar(other(n, x)), Math.SQRT1_2)));
  const mulX = list.find((n) => n !== scaled && n.opType === 'Mul');
  if (!scaled || !mulX) return null;
  const erf = single(scaled.output?.[0]);
  if (!erf || erf.opType !== 'Erf') return null;
  const add = single(erf.output?.[0]);
  if (!add || add.opType !== 'Add' || !near(scalar(other(add, erf.output![0])), 1)) return null;
  const a = add.output?.[0];
  // Either Mul(x, a) then Mul(·, 0.5), or Mul(x, 0.5) then Mul(·, a).
  if (other(mulX, x) === a) {
    const half = single(mulX.output?.[0]);
    if (!half || half.opType !== 'Mul' || !near(scalar(other(half, mulX.output![0])), 0.5)) return null;
    return half.output?.[0] ?? null;
  }
  if (near(scalar(other(mulX, x)), 0.5)) {
    const last = single(mulX.output?.[0]);
    if (!last || last.opType !== 'Mul' || other(last, mulX.output![0]) !== a) return null;
    return last.output?.[0] ?? null;
  }
  return null;
}

/** softplus as relu(x) + log(1 + exp(−|x|)) (what writeOnnx emits); returns the output name or null. */
function matchStableSoftplus(
  list: readonly onnx.INodeProto[],
  consumers: Map<string, onnx.INodeProto[]>,
  scalar: (name: string | undefined) => number | null,
): string | null {
  const single = (name: string | undefined): onnx.INodeProto | null => {
    const l = name !== undefined ? (consumers.get(name) ?? []) : [];
    return l.length === 1 ? l[0] : null;
  };
  const relu = list.find((n) => n.opType === 'Relu');
  const abs = list.find((n) => n.opType === 'Abs');
  if (!relu || !abs) return null;
  const neg = single(abs.output?.[0]);
  const exp = neg?.opType === 'Neg' ? single(neg.output?.[0]) : null;
  const add = exp?.opType === 'Exp' ? single(exp.output?.[0]) : null;
  if (!add || add.opType !== 'Add') return null;
  const one = add.input?.[0] === exp!.output?.[0] ? add.input?.[1] : add.input?.[0];
  if (scalar(one) !== 1) return null;
  const log = single(add.output?.[0]);
  const sum = log?.opType === 'Log' ? single(log.output?.[0]) : null;
  if (!sum || sum.opType !== 'Add') return null;
  const ins = sum.input ?? [];
  const r = relu.output?.[0];
  const l = log!.output?.[0];
  if (!((ins[0] === r && ins[1] === l) || (ins[0] === l && ins[1] === r))) return null;
  if (single(r) !== sum) return null;
  return sum.output?.[0] ?? null;
}

export function openOnnx(bytes: Uint8Array): FileContents {
  return readOnnx(bytes);
}

function doubleInit(name: string, dims: readonly number[], data: Float64Array): onnx.ITensorProto {
  return { name, dims: [...dims], dataType: 11, rawData: encodeF64(data) };
}

function valueInfo(name: string, dims: readonly (number | string)[]): onnx.IValueInfoProto {
  return {
    name,
    type: { tensorType: { elemType: 11, shape: { dim: dims.map((d) => (typeof d === 'number' ? { dimValue: d } : { dimParam: d })) } } },
  };
}

export class OnnxWriteError extends FormatError {
  override name = 'OnnxWriteError';
}

/** float64 ONNX (opset 13): Gemm (transB = 1) per layer + activation nodes; input "input" [N, d_in], output "output". */
export function writeOnnx(network: Network): Uint8Array {
  const nodes: onnx.INodeProto[] = [];
  const inits: onnx.ITensorProto[] = [];
  const layers = network.architecture.layers;
  const offsets = layerOffsets(network.architecture);
  let current = 'input';
  const scalar = (name: string, v: number): string => {
    if (!inits.some((t) => t.name === name)) inits.push(doubleInit(name, [], Float64Array.of(v)));
    return name;
  };
  layers.forEach((layer, i) => {
    const o = offsets[i];
    const w = `layer${i}.weight`;
    inits.push(doubleInit(w, [layer.outputs, layer.inputs], network.theta.subarray(o.weight, o.weight + layer.outputs * layer.inputs)));
    const inputs = [current, w];
    if (layer.bias) {
      const b = `layer${i}.bias`;
      inits.push(doubleInit(b, [layer.outputs], network.theta.subarray(o.bias, o.bias + layer.outputs)));
      inputs.push(b);
    }
    const last = i === layers.length - 1;
    const linearOut = last && layer.activation === 'identity' ? 'output' : `layer${i}.linear`;
    nodes.push({ name: `layer${i}.gemm`, opType: 'Gemm', input: inputs, output: [linearOut], attribute: [{ name: 'transB', i: 1, type: ONNX.AttributeProto.AttributeType.INT }] });
    current = linearOut;
    const out = last ? 'output' : `layer${i}.out`;
    const op: Record<string, string> = { relu: 'Relu', tanh: 'Tanh', sigmoid: 'Sigmoid' };
    const a = layer.activation;
    if (a === 'identity') return;
    if (a === 'softplus') {
      // softplus(x) = relu(x) + log(1 + exp(−|x|)), stable for all x; written out because
      // onnxruntime's CPU provider has no float64 Softplus kernel (Relu/Abs/Neg/Exp/Log it has).
      const p = `layer${i}.softplus`;
      nodes.push({ opType: 'Relu', name: `${p}.relu`, input: [current], output: [`${p}.r`] });
      nodes.push({ opType: 'Abs', name: `${p}.abs`, input: [current], output: [`${p}.abs`] });
      nodes.push({ opType: 'Neg', name: `${p}.neg`, input: [`${p}.abs`], output: [`${p}.neg`] });
      nodes.push({ opType: 'Exp', name: `${p}.exp`, input: [`${p}.neg`], output: [`${p}.exp`] });
      nodes.push({ opType: 'Add', name: `${p}.add1`, input: [`${p}.exp`, scalar('const.one', 1)], output: [`${p}.a`] });
      nodes.push({ opType: 'Log', name: `${p}.log`, input: [`${p}.a`], output: [`${p}.l`] });
      nodes.push({ opType: 'Add', name: `${p}.sum`, input: [`${p}.r`, `${p}.l`], output: [out] });
    } else if (op[a]) nodes.push({ name: `layer${i}.${a}`, opType: op[a], input: [current], output: [out] });
    else if (a === 'gelu' || a === 'normal_cdf') {
      const p = `layer${i}.${a}`;
      nodes.push({ opType: 'Div', name: `${p}.div`, input: [current, scalar('const.sqrt2', Math.SQRT2)], output: [`${p}.d`] });
      nodes.push({ opType: 'Erf', name: `${p}.erf`, input: [`${p}.d`], output: [`${p}.e`] });
      nodes.push({ opType: 'Add', name: `${p}.add`, input: [`${p}.e`, scalar('const.one', 1)], output: [`${p}.a`] });
      if (a === 'gelu') {
        nodes.push({ opType: 'Mul', name: `${p}.mulx`, input: [current, `${p}.a`], output: [`${p}.m`] });
        nodes.push({ opType: 'Mul', name: `${p}.half`, input: [`${p}.m`, scalar('const.half', 0.5)], output: [out] });
      } else nodes.push({ opType: 'Mul', name: `${p}.half`, input: [`${p}.a`, scalar('const.half', 0.5)], output: [out] });
    } else if (a === 'square') nodes.push({ opType: 'Mul', name: `layer${i}.square`, input: [current, current], output: [out] });
    else if (a === 'g') {
      const p = `layer${i}.g`;
      nodes.push({ opType: 'Mul', name: `${p}.x4`, input: [current, scalar('const.four', 4)], output: [`${p}.x4`] });
      nodes.push({ opType: 'Sigmoid', name: `${p}.sig`, input: [`${p}.x4`], output: [`${p}.s`] });
      nodes.push({ opType: 'Softplus', name: `${p}.sp`, input: [current], output: [`${p}.p`] });
      nodes.push({ opType: 'Add', name: `${p}.add`, input: [`${p}.s`, `${p}.p`], output: [out] });
    } else throw new OnnxWriteError(`activation ${a} has no ONNX form`);
    current = out;
  });
  const model: onnx.IModelProto = {
    irVersion: 7,
    producerName: 'escape-studio',
    opsetImport: [{ domain: '', version: 13 }],
    graph: {
      name: 'mlp',
      node: nodes,
      initializer: inits,
      input: [valueInfo('input', ['N', layers[0].inputs])],
      output: [valueInfo('output', ['N', layers[layers.length - 1].outputs])],
    },
  };
  return ONNX.ModelProto.encode(ONNX.ModelProto.create(model)).finish();
}
