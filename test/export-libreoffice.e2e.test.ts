import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { InProcessHub } from '@cityhub/launcher';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { authHeaders, startTestHub } from './support/hub.js';
import { libreOfficePlan, sofficeConvert } from './support/libreoffice.js';

// The community board as a spreadsheet user pulls it: Chinese names, counts, coordinates.
const BOARD = `query CommunityBoard($street: ID!) {
  street(code: $street) { code name
    communities(first: 500) { totalCount edges { node { code name residentCount
      healthCodeCounts { green yellow red } location { latitude longitude } } } } } }`;
const STREET = '310104003';

describe.skipIf(!libreOfficePlan().run)('the CSV export opened in LibreOffice Calc', () => {
  let hub: InProcessHub;
  let dir = '';
  beforeAll(async () => {
    [hub, dir] = await Promise.all([
      startTestHub(),
      mkdtemp(path.join(tmpdir(), 'cityhub-libreoffice-')),
    ]);
  }, 180_000);
  afterAll(async () => {
    await hub?.stop();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('reads the board with its columns, rows and Chinese names, and saves it as a spreadsheet', async () => {
    const [registered] = await hub.gateway.trustedDocuments!.register('libreoffice-test', [BOARD]);
    const documentId = registered!.documentId;
    const url = `${hub.gateway.url.replace(/\/graphql$/, '/export.csv')}?${new URLSearchParams({
      documentId,
      variables: JSON.stringify({ street: STREET }),
    })}`;
    const response = await fetch(url, { headers: await authHeaders({}, null) });
    expect(response.status).toBe(200);
    const exported = await response.text();
    const [header, ...rows] = parse(exported, { bom: true }) as string[][];
    await writeFile(path.join(dir, 'board.csv'), exported);

    // CSV → ODS (Calc's own format) → CSV again: what LibreOffice read, as it would save it.
    // As a user opens it: Calc's text import, comma-separated, Unicode (UTF-8).
    await sofficeConvert(dir, path.join(dir, 'board.csv'), 'ods', 'CSV:44,34,76,1');
    await rm(path.join(dir, 'board.csv'));
    await sofficeConvert(
      dir,
      path.join(dir, 'board.ods'),
      'csv:Text - txt - csv (StarCalc):44,34,76,1',
    );
    const [readHeader, ...readRows] = parse(await readFile(path.join(dir, 'board.csv'), 'utf8'), {
      bom: true,
      relax_column_count: true,
    }) as string[][];

    expect(readHeader).toEqual(header);
    expect(readHeader).toHaveLength(11);
    expect(readRows).toHaveLength(rows.length);
    expect(readRows.length).toBe(Number(rows[0]![2]));
    for (const [index, row] of readRows.entries()) {
      const original = rows[index]!;
      expect(row).toHaveLength(header!.length);
      // Codes and names as text (no digits lost to a number format, no mojibake), counts as numbers.
      expect(row.slice(0, 2)).toEqual(original.slice(0, 2));
      expect(row[3]).toBe(original[3]);
      expect(row[4]).toBe(original[4]);
      expect(row[4]).toMatch(/\p{Script=Han}/u);
      for (const column of [2, 5, 6, 7, 8])
        expect(row[column] === '' ? '' : Number(row[column])).toBe(
          original[column] === '' ? '' : Number(original[column]),
        );
      expect(Number(row[9])).toBeCloseTo(Number(original[9]), 5);
    }
  }, 600_000);
});
