/**
 * Text made once with placeholder words and filled many times: split once at
 * the placeholders, then each fill joins the pieces in one pass instead of
 * scanning the whole text once per placeholder.
 */
export class PlaceholderText {
  private readonly pieces: string[];

  /** `placeholders` must be words that occur in `text` only where a value goes. */
  constructor(text: string, private readonly placeholders: readonly string[]) {
    this.pieces = text.split(new RegExp(`(${placeholders.join("|")})`));
  }

  /** The text with the i-th placeholder replaced by `values[i]` everywhere. */
  fill(values: readonly string[]): string {
    return this.pieces.map((piece) => {
      const i = this.placeholders.indexOf(piece);
      return i < 0 ? piece : values[i]!;
    }).join("");
  }
}
