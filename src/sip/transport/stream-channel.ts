// What the transport answers over on a connection it received a message on (TCP or WebSocket).

export interface StreamChannel {
  write(buf: Buffer, onError: (err: Error) => void): void;
  /** Sends (when given), then closes once flushed (after a 513 or a framing error). */
  endWith(buf: Buffer | undefined): void;
  destroy(): void;
}
