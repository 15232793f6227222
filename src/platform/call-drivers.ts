/**
 * The call drivers the platform knows by name (calls/call-driver.ts): routing's decisions and the
 * numbers' flows name a driver ('queue' …), the B2BUA resolves it here. Modules that drive calls
 * (the ACD's queue driver, an IVR, the dialer) register at start-up; calls/ never imports them.
 */
import type { CallDriver, CallDriverRegistry } from '../calls/ports.ts';

export class CallDrivers implements CallDriverRegistry {
  private readonly drivers = new Map<string, CallDriver>();

  /** Registers `driver` under `name`; a second driver for one name is a wiring mistake. */
  register(name: string, driver: CallDriver): void {
    if (this.drivers.has(name)) throw new Error(`a call driver "${name}" is registered already`);
    this.drivers.set(name, driver);
  }

  get(name: string): CallDriver | undefined {
    return this.drivers.get(name);
  }
}
