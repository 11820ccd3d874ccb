# nvmgo for POSIX sh (~/.profile: login shells and desktop sessions): only
# NVMGO_HOME and the shims on PATH. The nvmgo function needs bash, zsh or fish.
export NVMGO_HOME={{.Home}}
case ":${PATH-}:" in
  *:{{.Shims}}:*) ;;
  *) PATH={{.Shims}}${PATH:+:$PATH}; export PATH ;;
esac
