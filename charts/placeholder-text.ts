/**
 * Text made once with placeholder words and filled many times: split once at
 * the placeholders, then each fill joins the pieces in one pass instead of
 * scanning the whole text once per placeholder.
 */
/**
 * Stand-ins for a service's namespace and name in text or JSON built once for
 * many services: valid names that need no escaping in JSON, YAML, PromQL or
 * regular expressions.
 */
export const NAMESPACE_PLACEHOLDER = "gitopsforgenamespaceplaceholder";
export const SERVICE_PLACEHOLDER = "gitopsforgeserviceplaceholder";

export class PlaceholderText {
  private readonly whole: Split;
  /**
   * The text split with the first placeholder filled in, by its value:
   * consecutive fills mostly share it (the services of one namespace), and
   * joining the text then takes about half as many pieces.
   */
  private readonly byFirst = new Map<string, Split>();

  /** `placeholders` must be words that occur in `text` only where a value goes. */
  constructor(text: string, placeholders: readonly string[]) {
    const pieces = text.split(new RegExp(`(${placeholders.join("|")})`));
    this.whole = { pieces, slots: pieces.filter((_, i) => i % 2 === 1).map((placeholder) => placeholders.indexOf(placeholder)) };
  }

  /** The text with the i-th placeholder replaced by `values[i]` everywhere. */
  fill(values: readonly string[]): string {
    const { pieces, slots } = this.split(values);
    if (slots.length === 0) return pieces[0]!;
    const out = pieces.slice();
    for (let k = 0; k < slots.length; k++) out[2 * k + 1] = values[slots[k]!]!;
    return out.join("");
  }

  /** The same text as parts appended to `out`, for a caller that joins them with others (no copy of the text alone). */
  fillInto(values: readonly string[], out: string[]): void {
    const { pieces, slots } = this.split(values);
    for (let k = 0; k < slots.length; k++) out.push(pieces[2 * k]!, values[slots[k]!]!);
    out.push(pieces[pieces.length - 1]!);
  }

  private split(values: readonly string[]): Split {
    const first = values[0];
    if (first === undefined) return this.whole;
    let split = this.byFirst.get(first);
    if (split === undefined) {
      if (this.byFirst.size >= MAX_FIRST_VALUES) this.byFirst.clear();
      split = withFirst(this.whole, first);
      this.byFirst.set(first, split);
    }
    return split;
  }
}

/** Text at even positions of `pieces`, a value's place at each odd one; `slots`: for each place in order, the index of its value. */
interface Split {
  pieces: string[];
  slots: number[];
}

const MAX_FIRST_VALUES = 64;

/** `split` with every place of the first value filled with `first`, each run of text around them joined. */
function withFirst({ pieces, slots }: Split, first: string): Split {
  const out: Split = { pieces: [], slots: [] };
  let run = [pieces[0]!];
  for (let k = 0; k < slots.length; k++) {
    if (slots[k] === 0) run.push(first, pieces[2 * k + 2]!);
    else {
      out.pieces.push(run.join(""), "");
      out.slots.push(slots[k]!);
      run = [pieces[2 * k + 2]!];
    }
  }
  out.pieces.push(run.join(""));
  return out;
}
