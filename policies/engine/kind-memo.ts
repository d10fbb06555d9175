/**
 * Answers per apiVersion and kind, looked up by kind and then among its few
 * apiVersions: no key string is built per object, which costs more than the
 * lookup itself when asked for every object of a run.
 */
export class ApiVersionKindMemo<T> {
  private readonly byKind = new Map<string, Array<{ apiVersion: string; value: T }>>();

  /** The answer for the pair, computed on first request (pass one function for all calls: no closure per object). */
  get(apiVersion: string, kind: string, compute: (apiVersion: string, kind: string) => T): T {
    let answers = this.byKind.get(kind);
    if (!answers) this.byKind.set(kind, (answers = []));
    for (let i = 0; i < answers.length; i++) if (answers[i]!.apiVersion === apiVersion) return answers[i]!.value;
    const value = compute(apiVersion, kind);
    answers.push({ apiVersion, value });
    return value;
  }

  clear(): void {
    this.byKind.clear();
  }
}
