// What the grader asks of the trusted trainer process (trainer-process.ts), and what it answers. Data only:
// the student's model travels as its topology text, their settings as checked data.
import type { ImageSetRef, TrainBudget } from '../spec/types';
import type { TrainingSettings } from './settings';

export interface TrainerJob {
  /** model.toJSON() text: the student's (from the sandbox child) or a baseline file's. */
  topology: string;
  settings: TrainingSettings;
  seed: number;
  data: { train: ImageSetRef; eval: ImageSetRef };
  classes: number;
  budget: TrainBudget;
  /** Folder that .npy paths of `data` are relative to. */
  assignmentDir: string;
}

export interface EpochResult {
  epoch: number;
  loss: number;
  evalAccuracy: number;
  seconds: number;
}

export type TrainerReply =
  | {
      ok: true;
      backend: string;
      params: number;
      flopsPerEpoch: number;
      history: EpochResult[];
      stoppedBy: 'epochs' | 'time';
      seconds: number;
    }
  /** refused: the student's model or settings, said to the student (before or instead of training). */
  | { ok: false; refused: true; message: string }
  /** The trainer itself failed: a grader error, not the student's. */
  | { ok: false; refused: false; message: string };

/** The reply is the one stdout line that starts with this (tfjs and backends may print other lines). */
export const REPLY_MARKER = '@@gradient-trainer-reply ';
