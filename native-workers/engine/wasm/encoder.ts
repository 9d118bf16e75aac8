/**
 * A minimal WebAssembly binary encoder: just enough to build small numeric kernels at runtime
 * (no toolchain, no build step). Functions import one memory ("e", "m") and are exported by name.
 * Opcodes follow the WebAssembly core spec and the fixed-width SIMD proposal.
 */
import { pushAll } from '../core/hypot';

export const ValType = { I32: 0x7f, F64: 0x7c, V128: 0x7b } as const;
export type ValType = (typeof ValType)[keyof typeof ValType];

/** Unsigned LEB128. */
function uleb(out: number[], value: number): void {
  let v = value >>> 0;
  do {
    let byte = v & 0x7f;
    v >>>= 7;
    if (v !== 0) byte |= 0x80;
    out.push(byte);
  } while (v !== 0);
}

/** Signed LEB128 for i32 constants. */
function sleb(out: number[], value: number): void {
  let v = value | 0;
  for (;;) {
    const byte = v & 0x7f;
    v >>= 7;
    if ((v === 0 && (byte & 0x40) === 0) || (v === -1 && (byte & 0x40) !== 0)) {
      out.push(byte);
      return;
    }
    out.push(byte | 0x80);
  }
}

function utf8(out: number[], s: string): void {
  const bytes = new TextEncoder().encode(s);
  uleb(out, bytes.length);
  for (const b of bytes) out.push(b);
}

/** Instruction stream of one function body. */
export class Code {
  readonly bytes: number[] = [];

  private simd(op: number): this {
    this.bytes.push(0xfd);
    uleb(this.bytes, op);
    return this;
  }

  private memarg(align: number, offset: number): this {
    uleb(this.bytes, align);
    uleb(this.bytes, offset);
    return this;
  }

  get(local: number): this {
    this.bytes.push(0x20);
    uleb(this.bytes, local);
    return this;
  }
  set(local: number): this {
    this.bytes.push(0x21);
    uleb(this.bytes, local);
    return this;
  }
  tee(local: number): this {
    this.bytes.push(0x22);
    uleb(this.bytes, local);
    return this;
  }
  i32(value: number): this {
    this.bytes.push(0x41);
    sleb(this.bytes, value);
    return this;
  }
  f64(value: number): this {
    this.bytes.push(0x44);
    const b = new Uint8Array(new Float64Array([value]).buffer);
    for (const x of b) this.bytes.push(x);
    return this;
  }
  i32Add(): this {
    this.bytes.push(0x6a);
    return this;
  }
  i32Mul(): this {
    this.bytes.push(0x6c);
    return this;
  }
  i32Sub(): this {
    this.bytes.push(0x6b);
    return this;
  }
  i32And(): this {
    this.bytes.push(0x71);
    return this;
  }
  i32LtU(): this {
    this.bytes.push(0x49);
    return this;
  }
  i32Shl(): this {
    this.bytes.push(0x74);
    return this;
  }
  i32Eq(): this {
    this.bytes.push(0x46);
    return this;
  }
  i32Load(offset = 0): this {
    this.bytes.push(0x28);
    return this.memarg(2, offset);
  }
  i32Store(offset = 0): this {
    this.bytes.push(0x36);
    return this.memarg(2, offset);
  }
  f64Add(): this {
    this.bytes.push(0xa0);
    return this;
  }
  f64Sub(): this {
    this.bytes.push(0xa1);
    return this;
  }
  f64Mul(): this {
    this.bytes.push(0xa2);
    return this;
  }
  f64Div(): this {
    this.bytes.push(0xa3);
    return this;
  }
  f64Max(): this {
    this.bytes.push(0xa5);
    return this;
  }
  /** a > b as an i32 0/1 (no branch). */
  f64Gt(): this {
    this.bytes.push(0x64);
    return this;
  }
  f64Load(offset = 0): this {
    this.bytes.push(0x2b);
    return this.memarg(3, offset);
  }
  f64Store(offset = 0): this {
    this.bytes.push(0x39);
    return this.memarg(3, offset);
  }
  i32Eqz(): this {
    this.bytes.push(0x45);
    return this;
  }
  /** Opens a block; `brIf(0)` inside jumps to its end. */
  block(): this {
    this.bytes.push(0x02, 0x40);
    return this;
  }
  /** Opens a loop; `brIf(0)` inside jumps back to its start. */
  loop(): this {
    this.bytes.push(0x03, 0x40);
    return this;
  }
  end(): this {
    this.bytes.push(0x0b);
    return this;
  }
  brIf(depth: number): this {
    this.bytes.push(0x0d);
    uleb(this.bytes, depth);
    return this;
  }
  /** Jumps to the end of the enclosing block `depth` (or the start of a loop). */
  br(depth: number): this {
    this.bytes.push(0x0c);
    uleb(this.bytes, depth);
    return this;
  }
  /** Opens `if` (pops an i32 condition), no result; `else_()` optional, closed by `end()`. */
  if_(): this {
    this.bytes.push(0x04, 0x40);
    return this;
  }
  else_(): this {
    this.bytes.push(0x05);
    return this;
  }
  /** Calls function `index` of the module (the position in `encodeModule`'s list). */
  call(index: number): this {
    this.bytes.push(0x10);
    uleb(this.bytes, index);
    return this;
  }
  /** select(a, b, cond) = cond ≠ 0 ? a : b (numeric operands). */
  select(): this {
    this.bytes.push(0x1b);
    return this;
  }
  i32Ne(): this {
    this.bytes.push(0x47);
    return this;
  }
  i32LtS(): this {
    this.bytes.push(0x48);
    return this;
  }
  i32GtU(): this {
    this.bytes.push(0x4b);
    return this;
  }
  i32GeU(): this {
    this.bytes.push(0x4f);
    return this;
  }
  v128Load(offset = 0): this {
    return this.simd(0x00).memarg(4, offset);
  }
  v128Store(offset = 0): this {
    return this.simd(0x0b).memarg(4, offset);
  }
  /** Loads one f64 and broadcasts it to both lanes. */
  v128Load64Splat(offset = 0): this {
    return this.simd(0x0a).memarg(3, offset);
  }
  f64x2Splat(): this {
    return this.simd(0x14);
  }
  f64x2ExtractLane(lane: 0 | 1): this {
    this.simd(0x21);
    this.bytes.push(lane);
    return this;
  }
  f64x2Gt(): this {
    return this.simd(0x4a);
  }
  v128And(): this {
    return this.simd(0x4e);
  }
  f64x2Add(): this {
    return this.simd(0xf0);
  }
  f64x2Sub(): this {
    return this.simd(0xf1);
  }
  f64x2Mul(): this {
    return this.simd(0xf2);
  }
  /** pmax(a, b) = a < b ? b : a. */
  f64x2Pmax(): this {
    return this.simd(0xf7);
  }
  f64x2Div(): this {
    return this.simd(0xf3);
  }
  /** IEEE minimum and maximum (NaN-propagating). */
  f64x2Min(): this {
    return this.simd(0xf4);
  }
  f64x2Max(): this {
    return this.simd(0xf5);
  }
  f64x2Abs(): this {
    return this.simd(0xec);
  }
  /** Round to nearest, ties to even. */
  f64x2Nearest(): this {
    return this.simd(0x94);
  }
  f64x2Trunc(): this {
    return this.simd(0x7a);
  }
  /** Lane masks (all ones where true). */
  f64x2Ge(): this {
    return this.simd(0x4c);
  }
  f64x2Lt(): this {
    return this.simd(0x49);
  }
  v128Or(): this {
    return this.simd(0x50);
  }
  /** bitselect(a, b, m) = (a & m) | (b & ~m). */
  v128Bitselect(): this {
    return this.simd(0x52);
  }
  /** Shifts both i64 lanes left by an i32 amount (mod 64). */
  i64x2Shl(): this {
    return this.simd(0xcb);
  }
}

export interface FunctionDef {
  readonly name: string;
  readonly params: readonly ValType[];
  readonly results: readonly ValType[];
  /** Extra locals after the parameters, in order. */
  readonly locals: readonly ValType[];
  readonly body: Code;
}

function section(out: number[], id: number, content: number[]): void {
  out.push(id);
  uleb(out, content.length);
  for (const b of content) out.push(b);
}

/** A module importing memory ("e", "m") and exporting `functions` by name. */
export function encodeModule(functions: readonly FunctionDef[]): Uint8Array<ArrayBuffer> {
  const out: number[] = [0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00];
  const types: number[] = [];
  uleb(types, functions.length);
  for (const fn of functions) {
    types.push(0x60);
    uleb(types, fn.params.length);
    pushAll(types, fn.params);
    uleb(types, fn.results.length);
    pushAll(types, fn.results);
  }
  section(out, 1, types);
  const imports: number[] = [1];
  utf8(imports, 'e');
  utf8(imports, 'm');
  imports.push(0x02, 0x00, 0x01); // memory, limits without maximum, minimum 1 page
  section(out, 2, imports);
  const funcs: number[] = [];
  uleb(funcs, functions.length);
  functions.forEach((_, i) => uleb(funcs, i));
  section(out, 3, funcs);
  const exports: number[] = [];
  uleb(exports, functions.length);
  functions.forEach((fn, i) => {
    utf8(exports, fn.name);
    exports.push(0x00);
    uleb(exports, i);
  });
  section(out, 7, exports);
  const code: number[] = [];
  uleb(code, functions.length);
  for (const fn of functions) {
    const body: number[] = [];
    uleb(body, fn.locals.length);
    for (const t of fn.locals) {
      uleb(body, 1);
      body.push(t);
    }
    pushAll(body, fn.body.bytes);
    body.push(0x0b);
    uleb(code, body.length);
    pushAll(code, body);
  }
  section(out, 10, code);
  return new Uint8Array(out);
}
