import { setMaxListeners } from 'node:events';

export interface CircuitBreakerOptions {
  /** Failures in a row (timeouts, refused connections) that open the circuit. */
  failuresToOpen?: number;
  /** How long an open circuit refuses at once before it lets one trial call through. */
  openMs?: number;
}

export type CircuitState = 'closed' | 'open' | 'half-open';

/**
 * One subgraph's circuit: after a few failures in a row its calls fail at once instead of each
 * waiting for the timeout, so that a hung department costs its own fields only. Every `openMs`
 * one trial call goes through; its success closes the circuit again.
 */
export class CircuitBreaker {
  private failures = 0;
  private openUntil = 0;
  private trialInFlight = false;
  private tripped = listenable(new AbortController());
  private readonly failuresToOpen: number;
  private readonly openMs: number;

  constructor({ failuresToOpen = 3, openMs = 5_000 }: CircuitBreakerOptions = {}) {
    this.failuresToOpen = failuresToOpen;
    this.openMs = openMs;
  }

  get state(): CircuitState {
    if (this.failures < this.failuresToOpen) return 'closed';
    return Date.now() < this.openUntil || this.trialInFlight ? 'open' : 'half-open';
  }

  /** Whether a call may go out now; a half-open circuit lets exactly one through. */
  allow(): boolean {
    const state = this.state;
    if (state === 'closed') return true;
    if (state === 'open') return false;
    this.trialInFlight = true;
    return true;
  }

  /** Aborted when the circuit is tripped: calls in flight to a hung subgraph stop waiting. */
  get signal(): AbortSignal {
    return this.tripped.signal;
  }

  /** Opens the circuit at once (a failed health probe) and aborts the calls in flight. */
  trip(): void {
    this.failures = Math.max(this.failures, this.failuresToOpen);
    this.openUntil = Date.now() + this.openMs;
    this.tripped.abort();
    this.tripped = listenable(new AbortController());
  }

  /** A health probe got an answer: an open circuit lets its trial call through now. */
  answeredProbe(): void {
    if (this.failures >= this.failuresToOpen) this.openUntil = 0;
  }

  succeeded(): void {
    this.failures = 0;
    this.trialInFlight = false;
  }

  failed(): void {
    this.failures += 1;
    this.trialInFlight = false;
    if (this.failures >= this.failuresToOpen) this.openUntil = Date.now() + this.openMs;
  }
}

/**
 * Every call in flight to the subgraph listens on the one signal: hundreds under load, which is
 * by design, not the leak Node warns about past ten listeners.
 */
function listenable(controller: AbortController): AbortController {
  setMaxListeners(0, controller.signal);
  return controller;
}
