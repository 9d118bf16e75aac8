/**
 * The Recipes panel's device (issue 13): the Device choice only for recipes whose `devices` offer
 * more than the CPU (recipes.list), "CPU only" for the others; the folder's device line says where
 * its runs trained and, for a GPU request that fell back, why in plain words — the note as the
 * recipe GPU executor (main/recipes/gpuExecutor.ts) words it, checked through the contract schema.
 */
// @jsxRuntime automatic
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { RecipeDeviceSchema, RecipeStartRequestSchema } from '../../../contract/recipes';
import { RecipeDeviceLine, RecipeDevicePicker } from '../../../renderer/src/recipes/RecipeDevice';

const text = (html: string) => html.replace(/<[^>]+>/g, '').replace(/&#x27;/g, "'").replace(/<!-- -->/g, '').trim();
const line = (device: unknown, running = false) => text(renderToStaticMarkup(<RecipeDeviceLine state={{ device: RecipeDeviceSchema.parse(device), running }} />));

describe('recipe device choice', () => {
  it('offers CPU / GPU / Auto where the recipe supports them, with the adapter beside it', () => {
    const html = renderToStaticMarkup(<RecipeDevicePicker info={{ devices: ['cpu', 'gpu', 'auto'] }} device="gpu" onChange={() => undefined} adapter={<span data-testid="adapter">GPU?</span>} />);
    expect(html).toMatch(/<option value="cpu">CPU<\/option><option value="gpu" selected="">GPU<\/option><option value="auto">Auto<\/option>/);
    expect(html).toContain('data-testid="adapter"');
    expect(text(html)).toContain('GPU: all seeds of a width in f32 on the adapter, then float64 polish + certificate per run on the CPU');
  });

  it('says CPU only, with no select, for a recipe without a device', () => {
    const html = renderToStaticMarkup(<RecipeDevicePicker info={{ devices: ['cpu'] }} device="gpu" onChange={() => undefined} />);
    expect(html).not.toContain('<select');
    expect(text(html)).toBe("Device: CPU only — this recipe's runs train on the CPU in float64.");
  });

  it('the request carries the device, checked by the contract', () => {
    expect(RecipeStartRequestSchema.parse({ name: 'fig3c-scaling', device: 'auto' }).device).toBe('auto');
    expect(RecipeStartRequestSchema.safeParse({ name: 'fig3c-scaling', device: 'tpu' }).error?.issues[0]?.path).toEqual(['device']);
  });
});

describe('recipe device line', () => {
  it('names the GPU, the CPU, and a fallback with its reason in plain words', () => {
    expect(line({ asked: 'gpu', ran: 'gpu', note: null })).toBe('Device: GPU — f32 training on the adapter, then float64 polish + certificate on the CPU.');
    expect(line({ asked: 'cpu', ran: 'cpu', note: null })).toBe('Device: CPU (float64).');
    expect(line({ asked: 'gpu', ran: 'cpu', note: 'device gpu: no WebGPU adapter (Dawn found none); the runs go to the CPU' })).toBe(
      'Device: CPU — asked for the GPU, but no WebGPU adapter (Dawn found none); the runs trained on the CPU in float64.',
    );
    expect(line({ asked: 'gpu', ran: 'cpu', note: 'device gpu: figD6-counts runs on the CPU only' })).toBe('Device: CPU — asked for the GPU, but figD6-counts runs on the CPU only; the runs trained on the CPU in float64.');
    expect(line({ asked: 'auto', ran: null, note: null }, true)).toBe('Device: Auto asked — placing the runs….');
  });

  it('shows nothing for a folder without a device record', () => {
    expect(renderToStaticMarkup(<RecipeDeviceLine state={{ device: null, running: false }} />)).toBe('');
  });
});
