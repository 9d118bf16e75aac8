/**
 * Name mapping for state_dict-like files (PyTorch state_dict, safetensors, .npz of weights):
 * tensors → the layers of an MLP. Accepted names: nn.Sequential (`0.weight`, `2.bias`), attribute
 * names (`fc1.weight`, `layers.0.weight`), Keras/Flax (`dense/kernel:0`, `params/Dense_0/kernel`,
 * stored inputs × outputs and transposed here) and bare `W`/`b` (orientation from the shape chain).
 * Layer order: the file's order (torch keeps definition order), else natural order of the names,
 * else the unique permutation whose shapes chain; anything else is ambiguous and refused with the
 * full list of tensors and the chains tried.
 */
import { FormatError } from './formatError';
import { formatShape, type Tensor } from './tensor';

export class StateDictMappingError extends FormatError {
  override name = 'StateDictMappingError';
}

export interface MappedLayer {
  readonly inputs: number;
  readonly outputs: number;
  /** outputs × inputs, row-major. */
  readonly weight: Float64Array;
  readonly bias: Float64Array | null;
  readonly source: string;
}

export interface MappedLayers {
  readonly layers: readonly MappedLayer[];
  readonly notes: readonly string[];
}

type Orientation = 'out-in' | 'in-out';
interface Group {
  readonly prefix: string;
  readonly weight: Tensor;
  readonly bias: Tensor | null;
  readonly orientations: readonly Orientation[];
  readonly leaf: string;
}

const WEIGHT_LEAVES: Record<string, readonly Orientation[]> = {
  weight: ['out-in'],
  kernel: ['in-out'],
  w: ['out-in', 'in-out'],
};
const BIAS_LEAVES = new Set(['bias', 'b']);
const MAX_PERMUTED_LAYERS = 7;

function splitName(name: string): { prefix: string; leaf: string } {
  const clean = name.replace(/:\d+$/, '');
  const cut = Math.max(clean.lastIndexOf('.'), clean.lastIndexOf('/'));
  return { prefix: cut < 0 ? '' : clean.slice(0, cut), leaf: (cut < 0 ? clean : clean.slice(cut + 1)).toLowerCase() };
}

function listing(tensors: readonly Tensor[]): string {
  return tensors.map((t) => `  ${t.name} ${formatShape(t.shape)}`).join('\n');
}

function naturalKey(prefix: string): (string | number)[] {
  return prefix.split(/(\d+)/).filter((s) => s !== '').map((s) => (/^\d+$/.test(s) ? Number(s) : s));
}

function naturalCompare(a: string, b: string): number {
  const ka = naturalKey(a);
  const kb = naturalKey(b);
  for (let i = 0; i < Math.min(ka.length, kb.length); i++) {
    const x = ka[i];
    const y = kb[i];
    if (x === y) continue;
    if (typeof x === 'number' && typeof y === 'number') return x - y;
    return String(x) < String(y) ? -1 : 1;
  }
  return ka.length - kb.length;
}

function dims(g: Group, o: Orientation): { inputs: number; outputs: number } {
  const [a, b] = g.weight.shape as [number, number];
  return o === 'out-in' ? { inputs: b, outputs: a } : { inputs: a, outputs: b };
}

/** Orientations making `order` chain (inputs = previous outputs, bias = outputs), or null. */
function chain(order: readonly Group[]): Orientation[] | null {
  const pick: Orientation[] = [];
  const go = (i: number, prevOut: number): boolean => {
    if (i === order.length) return true;
    const g = order[i];
    for (const o of g.orientations) {
      const d = dims(g, o);
      if (prevOut >= 0 && d.inputs !== prevOut) continue;
      if (g.bias && g.bias.shape[0] !== d.outputs) continue;
      pick[i] = o;
      if (go(i + 1, d.outputs)) return true;
    }
    return false;
  };
  return go(0, -1) ? pick.slice(0, order.length) : null;
}

function describeChain(order: readonly Group[]): string {
  return order.map((g) => `${g.prefix || g.weight.name} ${formatShape(g.weight.shape)}`).join(' → ');
}

function* permutations<T>(items: readonly T[]): Generator<T[]> {
  if (items.length <= 1) {
    yield [...items];
    return;
  }
  for (let i = 0; i < items.length; i++) {
    const rest = [...items.slice(0, i), ...items.slice(i + 1)];
    for (const p of permutations(rest)) yield [items[i], ...p];
  }
}

export function mapStateDict(tensors: readonly Tensor[]): MappedLayers {
  const fail = (m: string): never => {
    throw new StateDictMappingError(m);
  };
  if (tensors.length === 0) fail('the file holds no tensors');
  const byPrefix = new Map<string, { weight?: Tensor; bias?: Tensor; leaf?: string }>();
  for (const t of tensors) {
    const { prefix, leaf } = splitName(t.name);
    const slot = byPrefix.get(prefix) ?? {};
    byPrefix.set(prefix, slot);
    if (leaf in WEIGHT_LEAVES) {
      if (t.shape.length !== 2)
        fail(`${t.name} has shape ${formatShape(t.shape)}; a Linear weight must be 2-D. Only MLPs of Linear layers can be loaded. Tensors in the file:\n${listing(tensors)}`);
      if (slot.weight) fail(`${prefix || 'the file'} has two weights (${slot.weight.name}, ${t.name})`);
      slot.weight = t;
      slot.leaf = leaf;
    } else if (BIAS_LEAVES.has(leaf)) {
      if (t.shape.length !== 1) fail(`${t.name} has shape ${formatShape(t.shape)}; a bias must be 1-D`);
      if (slot.bias) fail(`${prefix || 'the file'} has two biases (${slot.bias.name}, ${t.name})`);
      slot.bias = t;
    } else {
      fail(
        `${t.name} ${formatShape(t.shape)} is not a Linear weight or bias (names ending in weight, kernel, W, bias or b); ` +
          `only MLPs of Linear layers can be loaded (no normalization, convolution or embedding layers). Tensors in the file:\n${listing(tensors)}`,
      );
    }
  }
  const groups: Group[] = [];
  for (const [prefix, slot] of byPrefix) {
    if (!slot.weight) return fail(`${slot.bias!.name} is a bias without a weight next to it. Tensors in the file:\n${listing(tensors)}`);
    const [a, b] = slot.weight.shape as [number, number];
    if (a === 0 || b === 0) fail(`${slot.weight.name} has shape ${formatShape(slot.weight.shape)}: a layer needs at least one input and one output`);
    groups.push({ prefix, weight: slot.weight, bias: slot.bias ?? null, orientations: WEIGHT_LEAVES[slot.leaf!], leaf: slot.leaf! });
  }

  const notes: string[] = [];
  const tried: string[] = [];
  let order: Group[] | null = null;
  let pick: Orientation[] | null = null;
  const attempt = (candidate: Group[], label: string): boolean => {
    const p = chain(candidate);
    tried.push(`${label}: ${describeChain(candidate)}${p ? '' : ' (shapes do not chain)'}`);
    if (p) {
      order = candidate;
      pick = p;
    }
    return p !== null;
  };
  if (!attempt(groups, 'file order')) {
    const sorted = [...groups].sort((x, y) => naturalCompare(x.prefix, y.prefix));
    if (attempt(sorted, 'name order')) notes.push('layers ordered by name, not file order (the file order does not chain)');
    else if (groups.length <= MAX_PERMUTED_LAYERS) {
      const found: { order: Group[]; pick: Orientation[] }[] = [];
      for (const p of permutations(groups)) {
        const o = chain(p);
        if (o) found.push({ order: p, pick: o });
        if (found.length > 1) break;
      }
      if (found.length === 1) {
        order = found[0].order;
        pick = found[0].pick;
        notes.push(`layer order inferred from the shapes: ${describeChain(order)}`);
      } else if (found.length > 1)
        fail(`the layer order is ambiguous: several orders chain (${found.map((f) => describeChain(f.order)).join('; ')}). Tensors in the file:\n${listing(tensors)}`);
    }
  }
  if (!order || !pick)
    return fail(`the tensors do not form a chain of Linear layers (each layer's inputs = the previous layer's outputs). Tensors in the file:\n${listing(tensors)}\nChains tried:\n  ${tried.join('\n  ')}`);
  const finalOrder: Group[] = order;
  const finalPick: Orientation[] = pick;
  if (finalOrder.some((g, i) => g.leaf === 'kernel' && finalPick[i] === 'in-out'))
    notes.push('kernel tensors are stored inputs × outputs (Keras/Flax layout); transposed to outputs × inputs');
  finalOrder.forEach((g, i) => {
    if (g.leaf === 'w' && g.orientations.length > 1 && g.weight.shape[0] !== g.weight.shape[1])
      notes.push(`${g.weight.name}: read as ${finalPick[i] === 'out-in' ? 'outputs × inputs' : 'inputs × outputs (transposed)'} from the shape chain`);
  });

  const layers = finalOrder.map((g, i): MappedLayer => {
    const { inputs, outputs } = dims(g, finalPick[i]);
    let weight = g.weight.data;
    if (finalPick[i] === 'in-out') {
      weight = new Float64Array(inputs * outputs);
      for (let r = 0; r < inputs; r++) for (let c = 0; c < outputs; c++) weight[c * inputs + r] = g.weight.data[r * outputs + c];
    }
    const source = `${g.weight.name} ${formatShape(g.weight.shape)}${g.bias ? `, ${g.bias.name} ${formatShape(g.bias.shape)}` : ', no bias'}`;
    return { inputs, outputs, weight, bias: g.bias ? g.bias.data : null, source };
  });
  return { layers, notes };
}
