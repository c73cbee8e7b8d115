// The child's end of the grader's channel (fd 3): the same frames as framing.ts, read and written
// with functions captured before the student's module loads. Student code can replace
// Array.prototype.push, Buffer methods, typed-array getters or node:v8's (De)Serializer methods;
// none of those may stop a request from arriving or a reply from leaving.
import { Socket } from 'node:net';
import { Duplex } from 'node:stream';
import * as v8 from 'node:v8';
import { MAX_FRAME_BYTES } from '../framing';
import { apply, asListener, copyBytes, F64, NativeArrayBuffer, protoOf, U8 } from './intrinsics';

const HEADER_BYTES = 4;

const { Serializer, Deserializer } = v8;
type AnySerializer = InstanceType<typeof Serializer> & Record<string, unknown>;
type AnyDeserializer = InstanceType<typeof Deserializer> & Record<string, unknown>;
const serializerMethods = Serializer.prototype as unknown as Record<string, (...args: unknown[]) => unknown>;
const deserializerMethods = Deserializer.prototype as unknown as Record<string, (...args: unknown[]) => unknown>;
const writeHeader = serializerMethods.writeHeader;
const writeValue = serializerMethods.writeValue;
const releaseBuffer = serializerMethods.releaseBuffer;
const writeUint32 = serializerMethods.writeUint32;
const writeRawBytes = serializerMethods.writeRawBytes;
const treatViewsAsHostObjects = serializerMethods._setTreatArrayBufferViewsAsHostObjects;
const readHeader = deserializerMethods.readHeader;
const readValue = deserializerMethods.readValue;
const readUint32 = deserializerMethods.readUint32;
const readRawBytesAt = deserializerMethods._readRawBytes;

const typedArrayPrototype = protoOf(U8.prototype) as object;
const getter = (name: string): ((this: unknown) => unknown) => Reflect.getOwnPropertyDescriptor(typedArrayPrototype, name)?.get as () => unknown;
const bufferOf = getter('buffer');
const byteOffsetOf = getter('byteOffset');
const byteLengthOf = getter('byteLength');

/** The type number node:v8's DefaultSerializer gives a Float64Array, asked of it before any student code runs. */
const FLOAT64_TYPE = ((): number => {
  const written: unknown[] = [];
  const recorder = { writeUint32: (n: number) => (written[written.length] = n), writeRawBytes: () => {}, _getDataCloneError: Error };
  apply((v8.DefaultSerializer.prototype as unknown as Record<string, (v: unknown) => void>)._writeHostObject, recorder, [new F64(1)]);
  return written[0] as number;
})();

class ChannelError extends Error {}

/**
 * Like node:v8's DefaultSerializer for Float64Arrays, the only typed arrays the runner sends
 * (to-wire.ts makes every tensor's data one); the parent decodes it with the default deserializer.
 */
function writeHostObject(this: AnySerializer, view: unknown): void {
  if (protoOf(view) !== F64.prototype) throw new ChannelError('the runner sends only Float64Arrays');
  const bytes = apply(byteLengthOf, view, []) as number;
  apply(writeUint32, this, [FLOAT64_TYPE]);
  apply(writeUint32, this, [bytes]);
  apply(writeRawBytes, this, [new U8(apply(bufferOf, view, []) as ArrayBuffer, apply(byteOffsetOf, view, []) as number, bytes)]);
}

function dataCloneError(message: string): Error {
  return new ChannelError(message);
}

/** One length-prefixed frame holding the message. Throws when it cannot be encoded or is too large. */
export function frameOf(message: unknown): Uint8Array {
  const ser = new Serializer() as AnySerializer;
  // V8 looks these up on the serializer object itself, so own properties win over the prototype's
  ser._writeHostObject = writeHostObject;
  ser._getDataCloneError = dataCloneError;
  apply(treatViewsAsHostObjects, ser, [true]);
  apply(writeHeader, ser, []);
  apply(writeValue, ser, [message]);
  const body = apply(releaseBuffer, ser, []) as Uint8Array;
  const size = apply(byteLengthOf, body, []) as number;
  if (size > MAX_FRAME_BYTES) throw new ChannelError(`message of ${size} bytes exceeds the ${MAX_FRAME_BYTES}-byte limit`);
  const frame = new U8(HEADER_BYTES + size);
  frame[0] = (size >>> 24) & 0xff;
  frame[1] = (size >>> 16) & 0xff;
  frame[2] = (size >>> 8) & 0xff;
  frame[3] = size & 0xff;
  copyBytes(frame, body, HEADER_BYTES);
  return frame;
}

/** Decodes one frame body; Float64Arrays are the only typed arrays the parent sends. */
function messageOf(body: Uint8Array, bodyBuffer: ArrayBuffer): unknown {
  const der = new Deserializer(body) as AnyDeserializer;
  der._readHostObject = function readHostObject(this: AnyDeserializer): Float64Array {
    const type = apply(readUint32, this, []) as number;
    const bytes = apply(readUint32, this, []) as number;
    const at = apply(readRawBytesAt, this, [bytes]) as number;
    if (type !== FLOAT64_TYPE || bytes % 8 !== 0) throw new ChannelError(`a request carried a typed array of type ${type}, not a Float64Array`);
    // the body's buffer is this frame's alone (fromWire copies again for the student)
    if (at % 8 === 0) return new F64(bodyBuffer, at, bytes / 8);
    const data = new NativeArrayBuffer(bytes);
    copyBytes(new U8(data), new U8(bodyBuffer, at, bytes), 0);
    return new F64(data);
  };
  apply(readHeader, der, []);
  return apply(readValue, der, []);
}

/**
 * Collects request frames byte by byte into a body of the announced size: linear in the bytes
 * received, and made of indexing and captured copies only.
 */
class RequestReader {
  private readonly header = new U8(HEADER_BYTES);
  private headerFilled = 0;
  private bodyBuffer?: ArrayBuffer;
  private body?: Uint8Array;
  private bodySize = 0;
  private bodyFilled = 0;

  constructor(private readonly onMessage: (message: unknown) => void) {}

  push(chunk: Uint8Array): void {
    const length = apply(byteLengthOf, chunk, []) as number;
    let i = 0;
    while (i < length) {
      if (this.body === undefined) {
        this.header[this.headerFilled++] = chunk[i++];
        if (this.headerFilled < HEADER_BYTES) continue;
        const h = this.header;
        const size = ((h[0] << 24) >>> 0) + (h[1] << 16) + (h[2] << 8) + h[3];
        if (size > MAX_FRAME_BYTES) throw new ChannelError(`a request announced ${size} bytes, over the ${MAX_FRAME_BYTES}-byte limit`);
        this.bodyBuffer = new NativeArrayBuffer(size);
        this.body = new U8(this.bodyBuffer);
        this.bodySize = size;
        this.bodyFilled = 0;
      }
      const want = this.bodySize - this.bodyFilled;
      const take = length - i < want ? length - i : want;
      if (i === 0 && take === length) {
        copyBytes(this.body, chunk, this.bodyFilled);
      } else {
        for (let k = 0; k < take; k++) this.body[this.bodyFilled + k] = chunk[i + k];
      }
      i += take;
      this.bodyFilled += take;
      if (this.bodyFilled === this.bodySize) {
        const body = this.body;
        const bodyBuffer = this.bodyBuffer as ArrayBuffer;
        this.body = undefined;
        this.bodyBuffer = undefined;
        this.headerFilled = 0;
        this.onMessage(messageOf(body, bodyBuffer));
      }
    }
  }
}

export interface ChildChannel {
  /** Sends one message; throws when it cannot be encoded (the caller answers with a smaller one). */
  send(message: unknown): void;
}

/**
 * Opens fd 3 and calls onMessage for every complete request. Set up before the student's module
 * loads, so its listeners and the writer are the runner's own. A channel that carries garbage or
 * closes ends the process: the parent replaces the child.
 */
export function openChannel(onMessage: (message: unknown) => void): ChildChannel {
  const socket = new Socket({ fd: 3, readable: true, writable: true });
  const write = socket.write.bind(socket) as (data: Uint8Array) => boolean;
  const exit = (process as unknown as { reallyExit(code: number): never }).reallyExit.bind(process);
  const reader = new RequestReader(onMessage);
  // net.Socket's read is Duplex's read by `.call`, which student code may replace: read directly
  const duplexRead = Duplex.prototype.read;
  (socket as unknown as { read: unknown }).read = asListener((n?: number) => apply(duplexRead, socket, [n]));
  socket.on(
    'data',
    asListener((chunk: Buffer) => {
      try {
        reader.push(chunk);
      } catch {
        exit(70);
      }
    }),
  );
  socket.on('error', asListener(() => exit(70)));
  socket.on('end', asListener(() => exit(0)));
  return { send: (message) => void write(frameOf(message)) };
}
