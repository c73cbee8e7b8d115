import { Worker } from 'node:worker_threads';
import { decodeFrameBody, FrameError } from './framing';

// Decoding a frame builds whatever object graph the student wrote: a few hundred MB of tiny objects
// take many seconds and several GB of heap, enough to stall the grader past every time limit or
// crash it out of memory. Large frames are therefore decoded on a worker thread with a heap cap,
// which also checks that the message is a tree of bounded size before it comes back to the grader.

/** Frames up to this size are decoded on the grader's thread: at worst tens of ms and ~12x the size in heap. */
export const INLINE_FRAME_BYTES = 1024 * 1024;

export const DECODE_LIMITS = {
  /** Heap of the decoding thread (tensor data lives outside it): a bounded message needs far less, and a bigger cap lets a hostile one thrash the GC for seconds before it is stopped. */
  heapMb: 256,
  /**
   * Objects, arrays and values of one message, so that handing it to the grader's thread stays cheap
   * (~0.12 s at most, measured); a reply's value has its own, smaller budget (wire-check.ts).
   */
  nodes: 250_000,
  /** Longer strings are cut to this (the grader cuts student text much shorter still). */
  stringChars: 1024 * 1024,
  /** All characters of strings and keys together. */
  totalChars: 16 * 1024 * 1024,
  depth: 64,
};

// CommonJS, run with eval: needs no file of its own, in the repo or in the student bundle.
const WORKER_SOURCE = `
const { parentPort, workerData: L } = require('node:worker_threads');
const { deserialize } = require('node:v8');

function check(root, transfer) {
  const seen = new Set();
  const stack = [[root, 0, null, null]];
  let nodes = 0, chars = 0;
  while (stack.length > 0) {
    const [v, depth, parent, key] = stack.pop();
    if (++nodes > L.nodes) return 'the message has more than ' + L.nodes + ' parts';
    if (typeof v === 'string') {
      if (parent === null) return 'the message is a string';
      if (v.length > L.stringChars) parent[key] = v.slice(0, L.stringChars);
      chars += Math.min(v.length, L.stringChars);
      if (chars > L.totalChars) return 'the message holds more than ' + L.totalChars + ' characters of text';
      continue;
    }
    if (v === null || typeof v !== 'object') continue;
    if (depth > L.depth) return 'the message is nested more than ' + L.depth + ' levels deep';
    if (seen.has(v)) return 'the message uses one object in two places (shared parts or cycles are not accepted)';
    seen.add(v);
    if (ArrayBuffer.isView(v)) {
      // small buffers may be slices of a shared pool: those are copied, not moved
      if (v.buffer.byteLength > 65536) transfer.add(v.buffer);
      continue;
    }
    if (v instanceof ArrayBuffer) {
      if (v.byteLength > 65536) transfer.add(v);
      continue;
    }
    if (Array.isArray(v)) {
      if (nodes + v.length > L.nodes) return 'the message has more than ' + L.nodes + ' parts';
      for (let i = 0; i < v.length; i++) stack.push([v[i], depth + 1, v, i]);
      continue;
    }
    const keys = Object.keys(v);
    if (nodes + keys.length > L.nodes) return 'the message has more than ' + L.nodes + ' parts';
    for (const k of keys) {
      chars += k.length;
      if (chars > L.totalChars) return 'the message holds more than ' + L.totalChars + ' characters of text';
      stack.push([v[k], depth + 1, v, k]);
    }
  }
  return undefined;
}

parentPort.on('message', (body) => {
  let value;
  try {
    value = deserialize(body);
  } catch (e) {
    parentPort.postMessage({ problem: 'a message did not decode (' + (e && e.message) + ')' });
    return;
  }
  const transfer = new Set();
  const problem = check(value, transfer);
  if (problem !== undefined) parentPort.postMessage({ problem });
  else parentPort.postMessage({ value }, [...transfer]);
});
`;

type Reply = { problem: string } | { value: unknown };

/**
 * Decodes one child's frames, in order. Small frames are decoded at once; large ones on a worker
 * thread started on first need. decode() rejects with FrameError for a frame that does not decode,
 * or that is not a tree within DECODE_LIMITS; close() stops the worker (a decode in progress rejects).
 */
export class FrameDecoder {
  private worker?: Worker;
  private pending?: { resolve: (r: Reply) => void; reject: (e: Error) => void };
  private closed = false;

  async decode(body: Buffer): Promise<unknown> {
    if (body.length <= INLINE_FRAME_BYTES) return decodeFrameBody(body);
    if (this.closed) throw new FrameError('the channel is closed');
    if (this.pending !== undefined) throw new Error('FrameDecoder: one decode at a time');
    const worker = this.start();
    // move the bytes to the worker rather than copy them; a view into a larger buffer is copied first
    const own = body.byteOffset === 0 && body.byteLength === body.buffer.byteLength ? body : Buffer.from(body);
    const reply = await new Promise<Reply>((resolve, reject) => {
      this.pending = { resolve, reject };
      worker.postMessage(own, [own.buffer as ArrayBuffer]);
    });
    if ('problem' in reply) throw new FrameError(reply.problem);
    return reply.value;
  }

  close(): void {
    this.closed = true;
    this.fail(new FrameError('the channel was closed while a message was decoded'));
    void this.worker?.terminate();
    this.worker = undefined;
  }

  private start(): Worker {
    if (this.worker !== undefined) return this.worker;
    const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: DECODE_LIMITS, resourceLimits: { maxOldGenerationSizeMb: DECODE_LIMITS.heapMb } });
    worker.unref(); // an idle decoder does not keep the grader alive
    worker.on('message', (reply: Reply) => {
      const pending = this.pending;
      this.pending = undefined;
      pending?.resolve(reply);
    });
    // a worker that was replaced or closed has no decode pending any more
    worker.on('error', (e: Error & { code?: string }) => {
      if (this.worker !== worker) return;
      this.worker = undefined;
      this.fail(new FrameError(e.code === 'ERR_WORKER_OUT_OF_MEMORY' ? `a message needed more than ${DECODE_LIMITS.heapMb} MB to decode` : `a message could not be decoded (${e.message})`));
    });
    worker.on('exit', () => {
      if (this.worker !== worker) return;
      this.worker = undefined;
      this.fail(new FrameError('the decoder stopped'));
    });
    this.worker = worker;
    return worker;
  }

  private fail(e: Error): void {
    const pending = this.pending;
    this.pending = undefined;
    pending?.reject(e);
  }
}
