// The program the sandboxed child runs: load the student's bundle, then answer call requests
// arriving on fd 3. Imports are evaluated before anything of the student's, so the intrinsics
// and the channel are captured before student code can replace them.
import { Socket } from 'node:net';
import { pathToFileURL } from 'node:url';
import { encodeFrame, FrameReader } from '../framing';
import type { CallMessage, ChildMessage, ChildOutcome } from '../protocol';
import { closeUnguardedWriters } from './lockdown';
import { perform } from './perform';
import { clipText, describeThrown } from './thrown';

/** The most text of a failure message the child sends; the parent caps again where it enters. */
const MAX_MESSAGE_CHARS = 4000;

const channel = new Socket({ fd: 3, readable: true, writable: true });
const write = channel.write.bind(channel);
const send = (message: ChildMessage): void => {
  write(encodeFrame(message));
};

// A submission must not signal other processes (the grader, when both run as the same user).
const denyKill = (): never => {
  throw new Error('process.kill is not allowed in submissions');
};
process.kill = denyKill;
(process as unknown as { _kill: unknown })._kill = denyKill;
closeUnguardedWriters();

async function main(): Promise<void> {
  const bundle = process.argv[2];
  let mod: Record<string, unknown>;
  try {
    mod = (await import(pathToFileURL(bundle).href)) as Record<string, unknown>;
  } catch (e) {
    send({ type: 'load-error', message: clipText(describeThrown(e), MAX_MESSAGE_CHARS) });
    return;
  }

  // the parent sends one request at a time and waits for its answer
  const answer = async (message: CallMessage): Promise<void> => {
    let outcome: ChildOutcome = await perform(mod, message.req);
    if (!outcome.ok) outcome = { ok: false, failure: outcome.failure, message: clipText(outcome.message, MAX_MESSAGE_CHARS), ms: outcome.ms };
    try {
      send({ type: 'result', id: message.req.id, outcome });
    } catch (e) {
      const why = clipText(e instanceof Error ? e.message : String(e), MAX_MESSAGE_CHARS);
      send({ type: 'result', id: message.req.id, outcome: { ok: false, failure: 'bad-return', message: `the result could not be sent back: ${why}`, ms: outcome.ms } });
    }
  };
  const reader = new FrameReader();
  channel.on('data', (chunk: Buffer) => {
    for (const message of reader.push(chunk)) void answer(message as CallMessage);
  });
  channel.on('end', () => process.exit(0));
  send({ type: 'ready' });
}

void main();
