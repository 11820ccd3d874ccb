# nvmgo shell integration for {{.Shell}}: eval "$(nvmgo env --shell {{.Shell}})"
# shellcheck disable=SC2016 # quoted paths may hold a literal $
export NVMGO_HOME={{.Home}}
export NVMGO_SHELL_INTEGRATION={{.Shell}}
__nvmgo_shims={{.Shims}}
case ":${PATH-}:" in
  ":${__nvmgo_shims}:"*) ;;
  *)
    __nvmgo_path=":${PATH-}:"
    __nvmgo_path=${__nvmgo_path//":${__nvmgo_shims}:"/:}
    __nvmgo_path=${__nvmgo_path#:}
    __nvmgo_path=${__nvmgo_path%:}
    export PATH="${__nvmgo_shims}${__nvmgo_path:+:${__nvmgo_path}}"
    ;;
esac
unset __nvmgo_shims __nvmgo_path
# The binary this was rendered for, or the nvmgo on PATH once it has moved.
__nvmgo_bin() {
  if [ -x {{.Exe}} ]; then {{.Exe}} "$@"; else command nvmgo "$@"; fi
}
nvmgo() {
  case "${1-}" in
    use|deactivate) ;;
    *) __nvmgo_bin "$@"; return ;;
  esac
  case " $* " in
    *" -h "*|*" --help "*) __nvmgo_bin "$@"; return ;;
  esac
  local __nvmgo_cmd=$1 __nvmgo_out __nvmgo_rc=0
  shift
  __nvmgo_out=$(__nvmgo_bin "$__nvmgo_cmd" --print-env --shell {{.Shell}} "$@") || __nvmgo_rc=$?
  if [ "$__nvmgo_rc" -eq 0 ]; then
    eval "$__nvmgo_out"
  fi
  return "$__nvmgo_rc"
}
