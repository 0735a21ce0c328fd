/** An office as the store returns it (camelCase, typed at the boundary). */
export interface TmplOfficeRow {
  code: string;
  name: string;
}
