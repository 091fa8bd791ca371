/** A list typed one per line (or separated by commas or spaces), without blanks. */
export const linesOf = (text: string) =>
  text
    .split(/[\s,]+/)
    .map((s) => s.trim())
    .filter(Boolean);

/** A number typed in a field; NaN when empty or not a number, so that the schema reports it. */
export const numberOf = (text: string) => (text.trim() === '' ? Number.NaN : Number(text));
