// RFC 3261 §17 Table 4 (and RFC 6026 §8 for L and M): every transaction timer derived from T1, T2
// and T4, for a reliable (TCP) or unreliable (UDP) transport.

export interface TimerBase {
  /** RTT estimate, default 500 ms. */
  t1: number;
  /** Maximum retransmit interval for non-INVITE requests and INVITE responses, default 4 s. */
  t2: number;
  /** Maximum duration a message will remain in the network, default 5 s. */
  t4: number;
}

export const DEFAULT_TIMER_BASE: TimerBase = { t1: 500, t2: 4000, t4: 5000 };

export interface TransactionTimers extends TimerBase {
  /** INVITE request retransmit interval, UDP only (initially T1). */
  a: number;
  /** INVITE transaction timeout (64*T1). */
  b: number;
  /** Wait time for response retransmits: "> 32s for UDP, 0s for TCP/SCTP". */
  d: number;
  /** Non-INVITE request retransmit interval, UDP only (initially T1). */
  e: number;
  /** Non-INVITE transaction timeout (64*T1). */
  f: number;
  /** INVITE response retransmit interval (initially T1). */
  g: number;
  /** Wait time for ACK receipt (64*T1). */
  h: number;
  /** Wait time for ACK retransmits: T4 for UDP, 0 for TCP. */
  i: number;
  /** Wait time for non-INVITE request retransmits: 64*T1 for UDP, 0 for TCP. */
  j: number;
  /** Wait time for response retransmits: T4 for UDP, 0 for TCP. */
  k: number;
  /** RFC 6026: INVITE server wait time for accepted INVITE request retransmits (64*T1). */
  l: number;
  /** RFC 6026: INVITE client wait time for retransmitted 2xx responses (64*T1). */
  m: number;
  /** §17.2.1: 100 Trying is sent if the TU has not answered within 200 ms. */
  trying: number;
  /** True for TCP: no retransmissions, zero linger timers. */
  reliable: boolean;
}

/** Derives the timer set. Timer D is 64*T1, which is the RFC's 32 s floor at the default T1. */
export function transactionTimers(base: Partial<TimerBase>, reliable: boolean, trying = 200): TransactionTimers {
  const { t1, t2, t4 } = { ...DEFAULT_TIMER_BASE, ...base };
  return {
    t1,
    t2,
    t4,
    a: t1,
    b: 64 * t1,
    d: reliable ? 0 : 64 * t1,
    e: t1,
    f: 64 * t1,
    g: t1,
    h: 64 * t1,
    i: reliable ? 0 : t4,
    j: reliable ? 0 : 64 * t1,
    k: reliable ? 0 : t4,
    l: 64 * t1,
    m: 64 * t1,
    trying,
    reliable,
  };
}
