import { describe, expect, it } from 'vitest';
import { CircuitBreaker } from '../src/circuit-breaker.js';

describe('a subgraph circuit', () => {
  it('opens after failures in a row, lets one trial through, and closes on its success', async () => {
    const breaker = new CircuitBreaker({ failuresToOpen: 3, openMs: 30 });
    for (let i = 0; i < 2; i += 1) {
      expect(breaker.allow()).toBe(true);
      breaker.failed();
    }
    expect(breaker.state).toBe('closed');
    breaker.allow();
    breaker.failed();
    expect(breaker.state).toBe('open');
    expect(breaker.allow()).toBe(false);

    await new Promise((resolve) => setTimeout(resolve, 40));
    expect(breaker.state).toBe('half-open');
    expect(breaker.allow()).toBe(true);
    // Only one trial at a time.
    expect(breaker.allow()).toBe(false);
    breaker.succeeded();
    expect(breaker.state).toBe('closed');
    expect(breaker.allow()).toBe(true);
  });

  it('reopens when the trial fails', async () => {
    const breaker = new CircuitBreaker({ failuresToOpen: 1, openMs: 30 });
    breaker.failed();
    await new Promise((resolve) => setTimeout(resolve, 40));
    expect(breaker.allow()).toBe(true);
    breaker.failed();
    expect(breaker.state).toBe('open');
  });

  it('lets the trial through at once when a health probe is answered', () => {
    const breaker = new CircuitBreaker({ failuresToOpen: 1, openMs: 60_000 });
    breaker.failed();
    expect(breaker.allow()).toBe(false);
    breaker.answeredProbe();
    expect(breaker.allow()).toBe(true);
  });

  it('aborts the calls in flight when tripped by a failed probe', () => {
    const breaker = new CircuitBreaker();
    const inFlight = breaker.signal;
    breaker.trip();
    expect(inFlight.aborted).toBe(true);
    expect(breaker.state).toBe('open');
    expect(breaker.signal.aborted).toBe(false);
  });
});
