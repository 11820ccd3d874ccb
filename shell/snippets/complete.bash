# Tab completion, loaded from nvmgo at the first Tab so shell start stays free.
__nvmgo_complete() {
  local __nvmgo_src
  __nvmgo_src=$(__nvmgo_bin completion bash 2>/dev/null) || return 0
  eval "$__nvmgo_src"
  if declare -F __start_nvmgo >/dev/null; then __start_nvmgo "$@"; fi
}
complete -o default -F __nvmgo_complete nvmgo
