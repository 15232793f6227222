/**
 * Calls whose driver keeps the caller when the bridged phone hangs up (the ACD's survey after the
 * agent leaves, C5): the phone's BYE then only cuts the bridge and that leg leaves; the driver
 * goes on with the caller and ends the call itself. Set by `bridge(…, { keepCaller: true })`.
 */
const keeping = new WeakSet<object>();

export function keepCallerAfterCallee(call: object): void {
  keeping.add(call);
}

export function keepsCaller(call: object): boolean {
  return keeping.has(call);
}
