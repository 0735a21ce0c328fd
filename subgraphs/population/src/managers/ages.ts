/** Whole years from a birth date to a date (both YYYY-MM-DD), as the city counts them. */
export function ageOn(birthDate: string, today: string): number {
  const [year, month, day] = birthDate.split('-').map(Number) as [number, number, number];
  const [todayYear, todayMonth, todayDay] = today.split('-').map(Number) as [
    number,
    number,
    number,
  ];
  return (
    todayYear - year - (todayMonth < month || (todayMonth === month && todayDay < day) ? 1 : 0)
  );
}

/** The latest birth date of someone who is `age` or older on `today`. */
export function birthDateForAge(age: number, today: string): string {
  const [year, month, day] = today.split('-').map(Number) as [number, number, number];
  const date = new Date(Date.UTC(year - age, month - 1, day));
  // 29 February in a year without one rolls back to 28 February, not forward to 1 March.
  if (date.getUTCMonth() !== month - 1) date.setUTCDate(0);
  return date.toISOString().slice(0, 10);
}
