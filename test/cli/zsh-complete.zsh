# Completes lines in a real interactive zsh, the way a user's TAB does, and
# records what it offers: zsh -f zsh-complete.zsh SETUP OUT 'line 1' 'line 2'...
#
# Completion widgets run only inside the line editor, so zsh/zpty drives an
# interactive `zsh -f -i` on a pseudo-terminal: it types SETUP (compinit and
# the script under test), then each line followed by TAB (complete-word) and
# ^Y, bound to a widget that marks the end of the line's candidates and clears
# the line. Reading the screen would depend on its width and menu styles, so a
# compadd wrapper appends every candidate zsh actually offers (after matching
# the word typed) to OUT instead; the calls with -O/-A/-D are _describe and
# _arguments sifting candidates, not offers. OUT ends each line's candidates
# with @@42@@; OUT.stderr holds the shell's errors.
zmodload zsh/zpty
setup=$1 out=$2; shift 2
zpty inner zsh -f -i
zpty -w inner "exec 2>${(q)out}.stderr; OUT=${(q)out}"
zpty -w inner "$setup"
zpty -w inner 'compadd() {
  if [[ ${@[1,(i)(-|--)]} == *-[OAD]\ * ]]; then builtin compadd "$@"; return; fi
  local -a offered; builtin compadd -O offered "$@"; (( $#offered )) && print -rl -- $offered >> $OUT
  builtin compadd "$@"
}'
# The marker goes to OUT before the screen: once the screen shows it, OUT is complete.
zpty -w inner 'line-done() { print -r -- "@@$((6*7))@@" >> $OUT; print -r -- "@@$((6*7))@@"; BUFFER=; }; zle -N line-done; bindkey "^Y" line-done; bindkey "^I" complete-word'
for line; do
  zpty -w -n inner "$line"$'\t\x19'
  # The marker as typed reads @@$((6*7))@@: only the widget's output matches.
  zpty -r -m inner reply '*@@42@@*'
done
zpty -d inner
