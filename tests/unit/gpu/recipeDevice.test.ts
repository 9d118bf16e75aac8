/** fig3c-scaling's `device` parameter (CLI --device): checked in the user's words; cpu keeps older folders' parameters. */
import { describe, expect, it } from 'vitest';
import { fig3cRecipe } from '../../../main/recipes/fig3c';

describe('fig3c-scaling device', () => {
  it('absent or cpu adds nothing to the parameters (older recipe folders resume); gpu / auto are recorded', () => {
    expect(fig3cRecipe.resolve({ seeds: 2 })).not.toHaveProperty('device');
    expect(fig3cRecipe.resolve({ seeds: 2, device: 'cpu' })).not.toHaveProperty('device');
    expect(fig3cRecipe.resolve({ seeds: 2, device: 'gpu' })).toMatchObject({ device: 'gpu' });
    expect(fig3cRecipe.resolve({ seeds: 2, device: 'auto' })).toMatchObject({ device: 'auto' });
  });
  it('refuses another device, naming the flag and the choices', () => {
    expect(() => fig3cRecipe.resolve({ device: 'tpu' })).toThrow('--device must be cpu, gpu or auto, got tpu');
  });
  it('the plan is the same on every device (the runs, not the trainer, are planned)', () => {
    const plan = (device: string) => JSON.stringify(fig3cRecipe.plan(fig3cRecipe.resolve({ seeds: 3, widths: '4-5', device })).map((j) => j.payload));
    expect(plan('gpu')).toBe(plan('cpu'));
  });
});
