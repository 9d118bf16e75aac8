/**
 * The part of the WebAssembly JS API the engine uses. TypeScript ships these types only in the
 * DOM lib, and the Node side is type-checked without DOM (tsconfig.node.json), so they are
 * declared here; the runtime objects are the same in Node, workers and browsers.
 */
declare namespace WebAssembly {
  interface MemoryDescriptor { initial: number; maximum?: number; shared?: boolean }
  class Memory {
    constructor(descriptor: MemoryDescriptor);
    readonly buffer: ArrayBuffer;
    grow(delta: number): number;
  }
  class Module {
    constructor(bytes: BufferSource);
  }
  type ExportValue = unknown;
  type Exports = Record<string, ExportValue>;
  type Imports = Record<string, Record<string, unknown>>;
  class Instance {
    constructor(module: Module, imports?: Imports);
    readonly exports: Exports;
  }
  function validate(bytes: BufferSource): boolean;
}
type BufferSource = ArrayBufferView | ArrayBuffer;
