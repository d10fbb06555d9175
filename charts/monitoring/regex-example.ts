/**
 * A label value that a PromQL regular expression matches (fully anchored, as
 * Prometheus anchors `=~`), for the regular expressions alerts use: literals,
 * `.`, classes, `\d`/`\w`, groups with `|`, and quantifiers. The shortest
 * choice is taken everywhere, except that `.` and classes prefer a digit, so
 * `5..` gives `500`. The result is checked against the expression itself.
 */

/** A value `regex` matches, or undefined when the expression is beyond this subset. */
export function exampleMatching(regex: string): string | undefined {
  let value: string | undefined;
  try {
    const reader = new Reader(regex);
    value = reader.alternation();
    if (!reader.done()) return undefined;
  } catch {
    return undefined;
  }
  return value !== undefined && fullyMatches(regex, value) ? value : undefined;
}

/** Whether `value` matches all of `regex` (undefined when JavaScript cannot read it). */
export function fullyMatches(regex: string, value: string): boolean | undefined {
  try {
    return new RegExp(`^(?:${regex})$`, "u").test(value);
  } catch {
    return undefined;
  }
}

const CLASS_ESCAPES: Record<string, string> = { d: "0", w: "a", s: " " };

class Reader {
  private at = 0;
  constructor(private readonly text: string) {}

  done(): boolean {
    return this.at >= this.text.length;
  }

  /** `a|b|c`: the first alternative. */
  alternation(): string {
    const first = this.sequence();
    while (this.peek() === "|") {
      this.at++;
      this.sequence();
    }
    return first;
  }

  private sequence(): string {
    let out = "";
    while (!this.done() && this.peek() !== "|" && this.peek() !== ")") {
      const atom = this.atom();
      out += atom.repeat(this.quantifier());
    }
    return out;
  }

  private atom(): string {
    const c = this.text[this.at++]!;
    switch (c) {
      case ".":
        return "0";
      case "(": {
        if (this.text.startsWith("?:", this.at)) this.at += 2;
        else if (this.peek() === "?") throw new Error("group flags");
        const inner = this.alternation();
        if (this.text[this.at++] !== ")") throw new Error("unclosed group");
        return inner;
      }
      case "[":
        return this.characterClass();
      case "\\": {
        const e = this.text[this.at++];
        if (e === undefined) throw new Error("trailing backslash");
        if (CLASS_ESCAPES[e] !== undefined) return CLASS_ESCAPES[e]!;
        if (/[A-Za-z0-9]/.test(e)) throw new Error(`escape \\${e}`);
        return e;
      }
      case "^":
      case "$":
      case "*":
      case "+":
      case "?":
      case "{":
        throw new Error(`unexpected ${c}`);
      default:
        return c;
    }
  }

  /** `[0-9a-f]`: a digit when the class allows one, else its first member. */
  private characterClass(): string {
    if (this.peek() === "^") throw new Error("negated class");
    const members: string[] = [];
    while (this.peek() !== "]") {
      if (this.done()) throw new Error("unclosed class");
      let c = this.text[this.at++]!;
      if (c === "\\") {
        const e = this.text[this.at++]!;
        if (CLASS_ESCAPES[e] !== undefined) {
          members.push(CLASS_ESCAPES[e]!);
          continue;
        }
        c = e;
      }
      if (this.peek() === "-" && this.text[this.at + 1] !== "]") {
        // A range: its first character.
        this.at += 2;
      }
      members.push(c);
    }
    this.at++;
    return members.find((m) => /[0-9]/.test(m)) ?? members[0]!;
  }

  /** How many times to repeat the atom just read: its minimum. */
  private quantifier(): number {
    const c = this.peek();
    let times = 1;
    if (c === "*" || c === "?") {
      this.at++;
      times = 0;
    } else if (c === "+") this.at++;
    else if (c === "{") {
      const match = /^\{(\d+)(,\d*)?\}/.exec(this.text.slice(this.at));
      if (!match) throw new Error("bad repetition");
      this.at += match[0].length;
      times = Number(match[1]);
    } else return 1;
    if (this.peek() === "?") this.at++;
    return times;
  }

  private peek(): string | undefined {
    return this.text[this.at];
  }
}
