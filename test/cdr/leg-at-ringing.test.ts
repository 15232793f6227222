/** Issue 11 finding 8: leg records written when a leg starts ringing — not done yet. */
import { test } from 'node:test';

test.todo('a leg record is inserted when a leg starts ringing (so a crash still shows who was rung) and closed at answer/hang-up — not built: leg records are still written at answer and at hang-up (cdr/call-leg-store.ts)');
