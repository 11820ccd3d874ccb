# Tab completion, loaded from nvmgo at the first Tab so shell start stays
# free. compinit may run after this file (later in .zshrc): then the first
# prompt registers it.
_nvmgo() {
  local __nvmgo_src
  __nvmgo_src=$(__nvmgo_bin completion zsh 2>/dev/null) || return 1
  eval "$__nvmgo_src"
  # The script replaced this function; inside eval it does not run itself.
  _nvmgo "$@"
}
__nvmgo_compdef() {
  if typeset -f compdef >/dev/null; then
    compdef _nvmgo nvmgo
    precmd_functions=("${precmd_functions[@]:#__nvmgo_compdef}")
  fi
}
if typeset -f compdef >/dev/null; then
  compdef _nvmgo nvmgo
else
  precmd_functions+=(__nvmgo_compdef)
fi
