// The trainer as the student bundle ships it (.gradient/trainer.mjs, built by run-trainer.ts's buildTrainerFile):
// the training engine bundled in, tfjs and its backends from the bundle's node_modules.
import * as models from '@gradient/models/tfjs';
import * as tf from '@tensorflow/tfjs';
import { answerJob, readJob } from './trainer-core';

await answerJob(readJob(), { models, tf });
