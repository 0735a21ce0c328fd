import { describe, expect, it } from 'vitest';
import { cpuPerRequest, machineBusyMs, processCpuMs } from '../cpu-time.js';

function spin(ms: number): void {
  const until = performance.now() + ms;
  while (performance.now() < until);
}

describe.runIf(process.platform === 'linux')(
  'CPU time from /proc, as the bench reads it around each run',
  () => {
    it("reads a process's CPU time as Node itself counts it, to the kernel's 10 ms tick", () => {
      spin(300);
      const own = process.cpuUsage();
      expect(Math.abs(processCpuMs(process.pid)! - (own.user + own.system) / 1000)).toBeLessThan(
        50,
      );
      expect(processCpuMs(2 ** 22 + 1)).toBeNull();
    });

    it('sees the machine busy while this process spins', () => {
      const before = machineBusyMs()!;
      spin(300);
      expect(machineBusyMs()! - before).toBeGreaterThanOrEqual(250);
    });

    it('divides by the requests answered, and says n/a where a reading is missing', () => {
      expect(
        cpuPerRequest(
          { machine: 1_000, gateway: null, bench: 10 },
          { machine: 3_000, gateway: null, bench: 410 },
          400,
        ),
      ).toEqual({ machine: 5, gateway: null, bench: 1 });
      expect(
        cpuPerRequest(
          { machine: 0, gateway: 0, bench: 0 },
          { machine: 10, gateway: 10, bench: 10 },
          0,
        ),
      ).toEqual({ machine: null, gateway: null, bench: null });
    });
  },
);
