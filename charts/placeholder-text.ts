/**
 * Text made once with placeholder words and filled many times: split once at
 * the placeholders, then each fill joins the pieces in one pass instead of
 * scanning the whole text once per placeholder.
 */
export class PlaceholderText {
  /** The text split at the placeholders: text at even positions, a placeholder at each odd one. */
  private readonly pieces: string[];
  /** For each odd position of `pieces`, in order, the index of the value that goes there. */
  private readonly slots: number[];

  /** `placeholders` must be words that occur in `text` only where a value goes. */
  constructor(text: string, placeholders: readonly string[]) {
    this.pieces = text.split(new RegExp(`(${placeholders.join("|")})`));
    this.slots = this.pieces.filter((_, i) => i % 2 === 1).map((placeholder) => placeholders.indexOf(placeholder));
  }

  /** The text with the i-th placeholder replaced by `values[i]` everywhere. */
  fill(values: readonly string[]): string {
    const out = this.pieces.slice();
    for (let k = 0; k < this.slots.length; k++) out[2 * k + 1] = values[this.slots[k]!]!;
    return out.join("");
  }

  /** The same text as parts appended to `out`, for a caller that joins them with others (no copy of the text alone). */
  fillInto(values: readonly string[], out: string[]): void {
    for (let k = 0; k < this.slots.length; k++) out.push(this.pieces[2 * k]!, values[this.slots[k]!]!);
    out.push(this.pieces[this.pieces.length - 1]!);
  }
}
