// The program the sandboxed child runs: load the student's bundle, then answer call requests
// arriving on fd 3. Imports are evaluated before anything of the student's, so the intrinsics
// and the channel are captured before student code can replace them; everything the runner does
// after the bundle has loaded goes through those captures (intrinsics.ts).
import { pathToFileURL } from 'node:url';
import type { CallMessage, ChildMessage, ChildOutcome } from '../protocol';
import { openChannel } from './channel';
import { prepareTensors } from './from-wire';
import { closeUnguardedWriters } from './lockdown';
import { perform } from './perform';
import { makeStudentOutputSafe } from './student-output';
import { clipText, describeThrown } from './thrown';

/** The most text of a failure message the child sends; the parent caps again where it enters. */
const MAX_MESSAGE_CHARS = 4000;

let mod: Record<string, unknown> | undefined;

const channel = openChannel((message) => void answer(message as CallMessage));
const send = (message: ChildMessage): void => channel.send(message);

// A submission must not signal other processes (the grader, when both run as the same user).
const denyKill = (): never => {
  throw new Error('process.kill is not allowed in submissions');
};
process.kill = denyKill;
(process as unknown as { _kill: unknown })._kill = denyKill;
closeUnguardedWriters();
makeStudentOutputSafe();
prepareTensors();

/** The parent sends one request at a time and waits for its answer. Never throws. */
async function answer(message: CallMessage): Promise<void> {
  try {
    const req = message.req;
    if (mod === undefined) return;
    // "started" lets the parent tell a call that ran too long from one the runner never received
    send({ type: 'started', id: req.id });
    let outcome: ChildOutcome = await perform(mod, req);
    if (!outcome.ok) outcome = { ok: false, failure: outcome.failure, message: clipText(outcome.message, MAX_MESSAGE_CHARS), ms: outcome.ms };
    try {
      send({ type: 'result', id: req.id, outcome });
    } catch (e) {
      const why = clipText(describeThrown(e), MAX_MESSAGE_CHARS);
      send({ type: 'result', id: req.id, outcome: { ok: false, failure: 'bad-return', message: `the result could not be sent back: ${why}`, ms: outcome.ms } });
    }
  } catch {
    // nothing can be sent: the parent's time limit reports the call
  }
}

async function main(): Promise<void> {
  const bundle = process.argv[2];
  try {
    mod = (await import(pathToFileURL(bundle).href)) as Record<string, unknown>;
  } catch (e) {
    send({ type: 'load-error', message: clipText(describeThrown(e), MAX_MESSAGE_CHARS) });
    return;
  }
  send({ type: 'ready' });
}

void main();
