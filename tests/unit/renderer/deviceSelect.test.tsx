/**
 * The start form's Device select (issue 13) and the batch view's device line: the select is
 * offered exactly where the GPU kernel trains the spec (checked against the kernel's own
 * gpuUnsupported for every teacher × activation × method), the choice goes into the
 * experiments.start request and survives a reload, and a GPU batch that fell back to the CPU
 * shows why in plain words.
 */
// @jsxRuntime automatic
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { ExperimentSpecSchema } from '../../../contract/experiment';
import { BatchSummarySchema } from '../../../contract/runs';
import { ACTIVATION_NAMES, TEACHERS, TRAIN_METHODS } from '../../../contract/vocabulary';
import { gpuUnsupported } from '../../../native-workers/gpu/gpuBatch';
import { BatchDevice } from '../../../renderer/src/components/BatchView';
import { StartTrainingForm } from '../../../renderer/src/components/StartTrainingForm';
import { deviceUnavailable, experimentSpec, type StartFields } from '../../../renderer/src/components/startSpec';
import { DEFAULT_FIELDS, parseStoredFields } from '../../../renderer/src/state/startForm';

const FLOW_GPU: StartFields = { ...DEFAULT_FIELDS, teacher: 'fig3c', width: '4', method: 'flow', seedCount: '4', device: 'gpu' };

const form = (fields: StartFields) => renderToStaticMarkup(<StartTrainingForm fields={fields} onChange={() => undefined} onStart={async () => undefined} />);
const selectTag = (html: string) => /<select name="device"[^>]*>/.exec(html)?.[0] ?? '';
const hint = (html: string) => /data-testid="device-hint"[^>]*>(.*?)<\/span>/.exec(html)?.[1]?.replace(/<!-- -->/g, '') ?? '';

describe('Device choice where the GPU kernel applies', () => {
  it('agrees with the kernel for every teacher, activation and method', () => {
    let offered = 0;
    for (const teacher of TEACHERS)
      for (const activation of ['', ...ACTIVATION_NAMES] as const)
        for (const method of TRAIN_METHODS) {
          for (const [batchSize, samples] of [['', ''], ['16', ''], ['16', '200'], ['200', '200']] as const) {
            const kernel = gpuUnsupported({ teacher, width: 4, method, ...(activation !== '' ? { activation } : {}), samples: samples === '' ? null : Number(samples), settings: batchSize === '' ? {} : { batchSize: Number(batchSize) } });
            const form = deviceUnavailable({ teacher, activation, method, batchSize, samples });
            expect(form === null, `${teacher} ${activation || "teacher's"} ${method} batch ${batchSize || '-'} of ${samples || '-'}: kernel says ${kernel}`).toBe(kernel === null);
            if (form === null && batchSize === '') offered++;
          }
        }
    // flow, gd and adam, with the teacher's activation (relu, relu, softplus) or relu/softplus/tanh/sigmoid/g: 3 methods × 3 teachers × (1 + 5).
    expect(offered).toBe(54);
  });

  it('offers CPU / GPU / Auto with the hint for a flow batch, and sends the choice', () => {
    const html = form(FLOW_GPU);
    expect(selectTag(html)).not.toContain('disabled');
    expect(html).toMatch(/<option value="cpu">CPU<\/option><option value="gpu" selected="">GPU<\/option><option value="auto">Auto<\/option>/);
    expect(hint(html)).toContain('GPU: f32 flow on the adapter, then float64 polish + certificate on the CPU');
    const spec = ExperimentSpecSchema.parse(experimentSpec(FLOW_GPU));
    expect(spec.device).toBe('gpu');
    expect(spec.seeds).toEqual([0, 1, 2, 3]);
    expect(ExperimentSpecSchema.parse(experimentSpec({ ...FLOW_GPU, device: 'auto' })).device).toBe('auto');
    // CPU is the contract's default: nothing is sent.
    expect('device' in experimentSpec({ ...FLOW_GPU, device: 'cpu' })).toBe(false);
  });

  it('disables the select with the reason where it does not apply, and sends no device', () => {
    const minimize = { ...FLOW_GPU, method: 'minimize' as const };
    const html = form(minimize);
    expect(selectTag(html)).toContain('disabled');
    expect(hint(html)).toBe('Device: CPU only — the GPU trains flow, gd and adam; method minimize runs on the CPU.');
    expect('device' in experimentSpec(minimize)).toBe(false);
    const gelu = { ...FLOW_GPU, activation: 'gelu' as const };
    expect(selectTag(form(gelu))).toContain('disabled');
    expect(hint(form(gelu))).toContain('the GPU kernel has no gelu activation');
    expect('device' in experimentSpec(gelu)).toBe(false);
  });

  it('persists the choice like the other fields (unknown stored values fall back to CPU)', () => {
    expect(DEFAULT_FIELDS.device).toBe('cpu');
    expect(parseStoredFields(JSON.stringify(FLOW_GPU)).device).toBe('gpu');
    expect(parseStoredFields(JSON.stringify({ ...FLOW_GPU, device: 'auto' })).device).toBe('auto');
    expect(parseStoredFields(JSON.stringify({ ...FLOW_GPU, device: 'tpu' })).device).toBe('cpu');
  });
});

describe('batch view: device line', () => {
  const text = (html: string) => html.replace(/<[^>]+>/g, '').replace(/&#x27;/g, "'");

  it('says the GPU ran the flow', () => {
    const html = renderToStaticMarkup(<BatchDevice batch={{ device: 'gpu' }} />);
    expect(html).toContain('data-device="gpu"');
    expect(text(html)).toBe('Device: GPU — f32 flow on the adapter, then float64 polish + certificate on the CPU.');
    expect(text(renderToStaticMarkup(<BatchDevice batch={{ device: 'gpu', method: 'adam' }} />))).toBe('Device: GPU — f32 Adam on the adapter, then float64 polish + certificate on the CPU.');
  });

  it('offers the GPU for full-batch gd and Adam, not for a minibatch', () => {
    const adam = { ...FLOW_GPU, method: 'adam' as const };
    expect(selectTag(form(adam))).not.toContain('disabled');
    expect(hint(form(adam))).toContain('GPU: f32 Adam on the adapter');
    expect(ExperimentSpecSchema.parse(experimentSpec(adam)).device).toBe('gpu');
    const minibatch = { ...adam, batchSize: '32' };
    expect(selectTag(form(minibatch))).toContain('disabled');
    expect(hint(form(minibatch))).toBe('Device: CPU only — the GPU trains full-batch adam; a minibatch (batch size 32) runs on the CPU.');
    expect('device' in experimentSpec(minibatch)).toBe(false);
  });

  it('shows the fallback note in plain words', () => {
    // The note as main/services/gpuBatches.ts stores it in batch.json.
    const deviceNote = 'device gpu: no WebGPU adapter (Dawn found none); this batch runs on the CPU';
    const html = renderToStaticMarkup(<BatchDevice batch={{ device: 'cpu', deviceNote }} />);
    expect(html).toContain('fallback');
    expect(text(html)).toBe('Device: CPU — asked for the GPU, but no WebGPU adapter (Dawn found none); the batch ran on the CPU in float64.');
  });

  it('a batch that asked for nothing is a CPU batch; the batch list carries device and note', () => {
    expect(text(renderToStaticMarkup(<BatchDevice batch={{}} />))).toBe('Device: CPU (float64).');
    const summary = { batchId: 'b1', name: null, createdAt: 1_700_000_000_000, teacher: 'fig3c', width: 4, activation: null, method: 'flow', seedCount: 4, finished: 0, successes: 0, bestLoss: null };
    expect(BatchSummarySchema.parse({ ...summary, device: 'cpu', deviceNote: 'device gpu: x; this batch runs on the CPU' })).toMatchObject({ device: 'cpu', deviceNote: 'device gpu: x; this batch runs on the CPU' });
    expect(() => BatchSummarySchema.parse({ ...summary, device: 'tpu' })).toThrow();
  });
});
