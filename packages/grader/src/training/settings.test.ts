import { describe, expect, it } from 'vitest';
import { checkTrainingSettings } from './settings';

const ok = { optimizer: 'rmsprop', learningRate: 1e-3, batchSize: 64, epochs: 2 };

describe('checkTrainingSettings', () => {
  it('accepts the four required settings, with or without augmentation', () => {
    expect(checkTrainingSettings(ok, 'trainingSettings')).toEqual({ settings: ok });
    const withAugment = { ...ok, augment: { cropPadding: 4, flip: true, normalize: true } };
    expect(checkTrainingSettings(withAugment, 'trainingSettings')).toEqual({ settings: withAugment });
  });

  it('names each wrong field, what it must be, and the fields that exist', () => {
    const r = checkTrainingSettings({ optimizer: 'lbfgs', learningRate: -1, batchSize: 1.5, epochs: 2, lr: 3 }, 'trainingSettings');
    expect(r).toEqual({
      problems: expect.arrayContaining([
        "trainingSettings(): unknown field 'lr' (allowed: optimizer, learningRate, batchSize, epochs, augment)",
        'optimizer: must be one of "adam", "rmsprop", "sgd"',
        'learningRate: must be > 0',
        'batchSize: must be integer',
      ]),
    });
    expect(checkTrainingSettings({ ...ok, augment: { rotate: 5 } }, 's')).toEqual({ problems: ["augment: unknown field 'rotate' (allowed: cropPadding, flip, normalize)"] });
  });

  it('says a missing field and a non-object plainly', () => {
    expect(checkTrainingSettings({ optimizer: 'adam', learningRate: 1e-3, batchSize: 32 }, 's')).toEqual({ problems: ["s(): missing field 'epochs'"] });
    expect(checkTrainingSettings('adam', 's')).toEqual({ problems: ['s() must return an object of settings'] });
    expect(checkTrainingSettings(null, 's')).toEqual({ problems: ['s() must return an object of settings'] });
  });
});
