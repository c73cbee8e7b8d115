// structure tests: the student's model builder runs in the child, which sends back data only (the model's
// toJSON() topology and a table of its layers, sandbox/child/topology.ts). Here that table is checked against
// the topology and compared with the spec's expected layers, aligned so that a missing layer is one row.
import type { CaseValue, FixtureCase } from '../fixtures/case';
import { toWire } from '../fixtures/wire';
import type { WireValue } from '../sandbox/protocol';
import type { ExpectedLayer, StructureTestSpec } from '../spec/types';
import type { LayerFacts, LayerRow, Problem } from './problem';
import { caseVerdict, failureVerdict, type CaseVerdict, type CheckContext } from './verdict';

/** A structure or train test has one case: the builder called once with the spec's args. */
export function structureCases(test: Pick<StructureTestSpec, 'call' | 'args'>): FixtureCase[] {
  return [{ name: `${test.call}()`, args: (test.args ?? []) as CaseValue[], expected: null }];
}

const isRecord = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);
const isDim = (d: unknown) => d === null || (typeof d === 'number' && Number.isInteger(d) && d >= 0);
const isShape = (s: unknown): boolean => Array.isArray(s) && s.length <= 32 && s.every(isDim);

/** Layers the grader compares: an InputLayer (a functional model's first entry) holds no computation. */
const INPUT_LAYER = 'InputLayer';

export interface TopologyReply {
  layers: LayerFacts[];
  topologyClasses: string[];
  /** The model's toJSON() text. */
  topology: string;
}

/** The child's reply, checked field by field (it comes from the student's process); a string says what is wrong. */
function readTopologyReply(value: WireValue): TopologyReply | string {
  const pieces = isRecord(value) ? value.topology : undefined;
  if (!isRecord(value) || !Array.isArray(pieces) || !pieces.every((p) => typeof p === 'string') || !Array.isArray(value.layers)) return 'the reply is not a topology and a layer table';
  const layers: LayerFacts[] = [];
  for (const [i, l] of (value.layers as unknown[]).entries()) {
    if (!isRecord(l) || typeof l.className !== 'string') return `layer ${i + 1} has no class name`;
    const shape = l.outputShape;
    if (!(isShape(shape) || (Array.isArray(shape) && shape.length <= 32 && shape.every(isShape)))) return `layer ${i + 1} (${l.className}) has no valid output shape`;
    if (typeof l.params !== 'number' || !Number.isSafeInteger(l.params) || l.params < 0) return `layer ${i + 1} (${l.className}) has no valid parameter count`;
    const config = isRecord(l.config) ? l.config : {};
    layers.push({
      type: l.className, outputShape: shape as LayerFacts['outputShape'], params: l.params,
      ...(typeof config.activation === 'string' ? { activation: config.activation } : {}), config,
    });
  }
  let topology: unknown;
  const text = (pieces as string[]).join('');
  try {
    topology = JSON.parse(text);
  } catch {
    return "the model's topology (its toJSON()) is not valid JSON";
  }
  // tfjs writes { class_name, config: { name, layers: [{ class_name, config }, ...] } } for both model kinds
  const listed = isRecord(topology) && isRecord(topology.config) ? topology.config.layers : undefined;
  if (!Array.isArray(listed)) return "the model's topology (its toJSON()) lists no layers";
  const topologyClasses = listed.map((l) => (isRecord(l) && typeof l.class_name === 'string' ? l.class_name : '?'));
  return { layers, topologyClasses, topology: text };
}

const same = (a: unknown, b: unknown): boolean => JSON.stringify(a) === JSON.stringify(b);

function differences(want: ExpectedLayer, got: LayerFacts): string[] {
  const out: string[] = [];
  if (want.type !== got.type) out.push('type');
  if (want.outputShape !== undefined && !same(want.outputShape, got.outputShape)) out.push('outputShape');
  if (want.params !== undefined && want.params !== got.params) out.push('params');
  if (want.activation !== undefined && want.activation !== got.activation) out.push('activation');
  for (const [key, v] of Object.entries(want.config ?? {})) if (!same(v, got.config?.[key])) out.push(`config.${key}`);
  return out;
}

/**
 * Rows pairing expected and actual layers along a longest common subsequence of their types, so a missing or
 * an extra layer is one row of its own and the layers after it still line up with theirs.
 */
export function alignLayers(want: ExpectedLayer[], got: LayerFacts[]): LayerRow[] {
  const n = want.length;
  const m = got.length;
  const lcs: number[][] = Array.from({ length: n + 1 }, () => new Array<number>(m + 1).fill(0));
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--) lcs[i][j] = want[i].type === got[j].type ? lcs[i + 1][j + 1] + 1 : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
  }
  const rows: LayerRow[] = [];
  let i = 0;
  let j = 0;
  const facts = (e: ExpectedLayer): LayerFacts => ({ ...e });
  while (i < n || j < m) {
    if (i < n && j < m && want[i].type === got[j].type) {
      rows.push({ expected: facts(want[i]), actual: got[j], differs: differences(want[i], got[j]) });
      i++;
      j++;
    } else if (i < n && j < m && lcs[i + 1][j + 1] === lcs[i][j]) {
      // neither side's layer is part of the common sequence: the same place holds another layer type
      rows.push({ expected: facts(want[i]), actual: got[j], differs: differences(want[i], got[j]) });
      i++;
      j++;
    } else if (i < n && (j >= m || lcs[i + 1][j] >= lcs[i][j + 1])) {
      rows.push({ expected: facts(want[i]), differs: ['missing'] });
      i++;
    } else {
      rows.push({ actual: got[j], differs: ['extra'] });
      j++;
    }
  }
  return rows;
}

/**
 * The model the builder sent back: its layers (an InputLayer dropped) and topology text, or the problem with it.
 * model.layers and model.toJSON() must agree: a model tfjs built and nobody edited between the two.
 */
export function readModelReply(call: string, value: WireValue): (TopologyReply & { layers: LayerFacts[] }) | { problem: Problem } {
  const reply = readTopologyReply(value);
  if (typeof reply === 'string') return { problem: { kind: 'value', label: `the model ${call}() returned`, expected: 'a tfjs LayersModel', got: reply } };
  const layers = reply.layers.filter((l) => l.type !== INPUT_LAYER);
  const listed = reply.topologyClasses.filter((t) => t !== INPUT_LAYER);
  if (!same(listed, layers.map((l) => l.type))) {
    return {
      problem: {
        kind: 'value', label: `the model ${call}() returned`, expected: `its toJSON() to list the layers of model.layers (${layers.map((l) => l.type).join(', ')})`,
        got: listed.join(', ') || 'no layers',
      },
    };
  }
  return { ...reply, layers };
}

export async function runStructureCheck(spec: StructureTestSpec, ctx: CheckContext): Promise<CaseVerdict[]> {
  const verdicts: CaseVerdict[] = [];
  for (const c of ctx.cases) {
    const outcome = await ctx.runner.run({ kind: 'topology', id: `${ctx.testLabel} [${c.name}]`, fn: spec.call, args: c.args.map(toWire), timeLimitMs: ctx.timeLimitMs });
    if (!outcome.ok) {
      verdicts.push(failureVerdict(c, outcome));
      continue;
    }
    const reply = readModelReply(spec.call, outcome.value as WireValue);
    if ('problem' in reply) {
      verdicts.push(caseVerdict(c, [reply.problem]));
      continue;
    }
    const layers = reply.layers;
    const rows = alignLayers(spec.layers, layers);
    const problems: Problem[] = [];
    if (rows.some((r) => r.differs.length > 0)) {
      const expectedParams = spec.layers.every((l) => l.params !== undefined) ? spec.layers.reduce((s, l) => s + l.params!, 0) : undefined;
      problems.push({ kind: 'layers', call: spec.call, rows, expectedParams, actualParams: layers.reduce((s, l) => s + (l.params ?? 0), 0) });
    }
    verdicts.push(caseVerdict(c, problems));
  }
  return verdicts;
}
