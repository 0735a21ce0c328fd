import { InputProblems, type Database } from '@cityhub/kit';
import type { TmplSettings } from '../config.js';
import type { TmplLoaders } from '../loaders.js';
import type { OfficeStore } from '../repositories/office-store.js';
import type { TmplOfficeRow } from '../repositories/rows.js';

/** The department's rules about offices; the only layer that writes. */
export class OfficeManager {
  constructor(
    private readonly db: Database,
    private readonly store: OfficeStore,
    private readonly loaders: TmplLoaders,
    private readonly settings: TmplSettings,
  ) {}

  office(code: string): Promise<TmplOfficeRow | null> {
    return this.loaders.officeByCode.load(code);
  }

  /** Refuses a bad name whole (every problem listed); an unknown office is null. */
  async rename(code: string, name: string): Promise<TmplOfficeRow | null> {
    const trimmed = name.trim();
    const problems = new InputProblems();
    if (trimmed.length === 0) problems.add('name', 'must not be empty');
    if (trimmed.length > this.settings.TMPL_NAME_MAX_LENGTH)
      problems.add('name', `must be at most ${this.settings.TMPL_NAME_MAX_LENGTH} characters`);
    problems.throwIfAny();
    const renamed = await this.db.transaction((trx) => this.store.rename(trx, code, trimmed));
    if (renamed) this.loaders.officeByCode.clear(code).prime(code, renamed);
    return renamed;
  }
}
