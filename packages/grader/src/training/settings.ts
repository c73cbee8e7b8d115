// A student's training settings (train tests) are data, returned by an export of theirs: checked here against
// schema/training-settings.schema.json before anything trains, each problem worded for the student.
import Ajv2020 from 'ajv/dist/2020';
import schema from '../../schema/training-settings.schema.json';
import type { WireValue } from '../sandbox/protocol';

export interface TrainingSettings {
  optimizer: 'adam' | 'rmsprop' | 'sgd';
  learningRate: number;
  batchSize: number;
  epochs: number;
  augment?: { cropPadding?: number; flip?: boolean; normalize?: boolean };
}

const ajv = new Ajv2020({ allErrors: true, strict: false });
const validate = ajv.compile<TrainingSettings>(schema);

const MAX_PROBLEMS = 5;

/** The settings, or what is wrong with them ("learningRate: must be > 0", "unknown field 'lr'", ...). */
export function checkTrainingSettings(value: WireValue, from: string): { settings: TrainingSettings } | { problems: string[] } {
  if (validate(value)) return { settings: value };
  const problems = (validate.errors ?? []).slice(0, MAX_PROBLEMS).map((e) => {
    const at = e.instancePath ? e.instancePath.slice(1).replace(/\//g, '.') : `${from}()`;
    const p = e.params as Record<string, unknown>;
    if (e.keyword === 'additionalProperties') return `${at}: unknown field '${String(p.additionalProperty)}' (allowed: ${Object.keys(e.instancePath ? schema.properties.augment.properties : schema.properties).join(', ')})`;
    if (e.keyword === 'required') return `${at}: missing field '${String(p.missingProperty)}'`;
    if (e.keyword === 'enum') return `${at}: must be one of ${(p.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', ')}`;
    if (e.keyword === 'type' && e.instancePath === '') return `${from}() must return an object of settings`;
    return `${at}: ${e.message ?? 'not allowed'}`;
  });
  return { problems };
}
