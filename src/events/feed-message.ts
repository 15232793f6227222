/**
 * One feed message as it goes to every client that may see it: its JSON, and — built on first use,
 * once for all of them — its WebSocket text frame (RFC 6455 §5.2: FIN, opcode 1, unmasked as a
 * server's frames are, the UTF-8 payload), which `ws` would otherwise encode and frame again for
 * each socket.
 */
export class FeedMessage {
  private framed: Buffer | undefined;

  constructor(readonly json: string) {}

  get frame(): Buffer {
    this.framed ??= textFrame(this.json);
    return this.framed;
  }
}

/** A single-frame text message. */
export function textFrame(text: string): Buffer {
  const length = Buffer.byteLength(text, 'utf8');
  const header = length < 126 ? 2 : length < 65_536 ? 4 : 10;
  const frame = Buffer.allocUnsafe(header + length);
  frame[0] = 0x81; // FIN + text
  if (length < 126) frame[1] = length;
  else if (length < 65_536) {
    frame[1] = 126;
    frame.writeUInt16BE(length, 2);
  } else {
    frame[1] = 127;
    frame.writeBigUInt64BE(BigInt(length), 2);
  }
  frame.write(text, header, 'utf8');
  return frame;
}
