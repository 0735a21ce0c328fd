import { describe, expect, it } from 'vitest';
import { catchUpSnapshots, lastOfEachBin, seriesBins } from '../src/index.js';

describe('series bins', () => {
  it('widens a window to whole days, ISO weeks or calendar months', () => {
    expect(seriesBins('2026-11-18', '2026-11-20', 'DAY').map((bin) => bin.start)).toEqual([
      '2026-11-18',
      '2026-11-19',
      '2026-11-20',
    ]);
    expect(seriesBins('2026-11-18', '2026-11-25', 'WEEK')).toEqual([
      { start: '2026-11-16', end: '2026-11-22' },
      { start: '2026-11-23', end: '2026-11-29' },
    ]);
    expect(seriesBins('2026-01-31', '2026-03-01', 'MONTH')).toEqual([
      { start: '2026-01-01', end: '2026-01-31' },
      { start: '2026-02-01', end: '2026-02-28' },
      { start: '2026-03-01', end: '2026-03-31' },
    ]);
  });

  it('refuses a bad interval, a reversed window and one of more than 400 days', () => {
    const refusal = (from: string, to: string, interval: string) => {
      try {
        seriesBins(from, to, interval as never);
      } catch (error) {
        return (error as { extensions: Record<string, unknown> }).extensions;
      }
      return null;
    };
    expect(refusal('2026-11-01', '2026-11-02', 'HOUR')).toMatchObject({ argumentName: 'interval' });
    expect(refusal('2026-11-02', '2026-11-01', 'DAY')).toMatchObject({ argumentName: 'from' });
    expect(refusal('2025-01-01', '2026-11-01', 'DAY')).toMatchObject({ argumentName: 'to' });
    // 390 days asked for, but whole months make it 426.
    expect(refusal('2025-10-15', '2026-11-08', 'MONTH')).toMatchObject({ argumentName: 'to' });
  });

  it('shows the last day of each bin that has a figure, and null for a bin with none', () => {
    const rows = [
      { key: 'a', date: '2026-11-17', value: 1 },
      { key: 'a', date: '2026-11-19', value: 2 },
      { key: 'a', date: '2026-11-18', value: 3 },
    ];
    const points = lastOfEachBin(seriesBins('2026-11-16', '2026-11-23', 'WEEK'), rows);
    expect(points.map((point) => point.row?.value ?? null)).toEqual([2, null]);
  });
});

describe('daily snapshot catch-up', () => {
  it('takes the missing closed days of the window, oldest first, and never today', async () => {
    const taken: string[] = [];
    const asked: string[][] = [];
    const days = await catchUpSnapshots(
      {
        name: 'test',
        take: async (date) => void taken.push(date),
        missing: async (from, to) => {
          asked.push([from, to]);
          return ['2026-11-20', '2026-11-28'];
        },
      },
      10,
      new Date('2026-11-30T01:00:00Z'), // 09:00 in the city on 30 November
    );
    expect(asked).toEqual([['2026-11-20', '2026-11-29']]);
    expect(taken).toEqual(['2026-11-20', '2026-11-28']);
    expect(days).toEqual(taken);
  });
});
