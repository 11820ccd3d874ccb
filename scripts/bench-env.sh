#!/usr/bin/env bash
# shellcheck disable=SC2016 # the $(...) in single quotes is text on purpose
# Prints what the line `nvmgo setup` writes adds to a shell start, medians of
# many interleaved runs: `bash --norc -c true` against the same plus the
# line (and zsh -f, fish --no-config). Beside it, measured the same way:
# eval "$(nvmgo env)" (the line that runs nvmgo) and eval "$(/bin/true)"
# (the floor of any line that starts a process: a fork and an exec).
# Wall and CPU time (user + system) are both shown: on a loaded machine the
# CPU time is the steadier of the two.
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${RUNS:-200}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
# Built as released (scripts/release.sh): static, stripped.
CGO_ENABLED=0 go build -trimpath -ldflags '-s -w' -o "$tmp/" ./cmd/nvmgo ./internal/tools/interleave
export NVMGO_HOME="$tmp/home" HOME="$tmp/user" XDG_CONFIG_HOME="$tmp/user/.config"
mkdir -p "$HOME"
unset ZDOTDIR

# line SHELL FILE: set up SHELL and print the line setup wrote into FILE.
line() {
	"$tmp/nvmgo" setup --shell "$1" >/dev/null
	sed -n '/^# >>> nvmgo >>>$/,/^# <<< nvmgo <<<$/p' "$2" | sed -n 3p
}
names=() cmds=()
add() { names+=("$1"); cmds+=("$2"); }
bash_line=$(line bash "$HOME/.bashrc")
add 'bash --norc -c true' 'bash --norc -c true'
add '  + the setup line' "bash --norc -c $(printf %q "$bash_line")"
add '  + eval "$(/bin/true)"' "bash --norc -c 'eval \"\$(/bin/true)\"'"
add '  + eval "$(nvmgo env)"' "bash --norc -c 'eval \"\$($tmp/nvmgo env --shell bash)\"'"
# The line must load nvmgo, or the timing means nothing.
bash --norc -c "$bash_line"$'\n''type nvmgo >/dev/null && [ "$NVMGO_HOME" = "'"$NVMGO_HOME"'" ]' ||
	{ echo "bench-env: the setup line does not load nvmgo in bash" >&2; exit 1; }
if command -v zsh >/dev/null; then
	zsh_line=$(line zsh "$HOME/.zshrc")
	zsh -f -c "$zsh_line"$'\n''whence -w nvmgo >/dev/null' || { echo "bench-env: the zsh line does not load" >&2; exit 1; }
	add 'zsh -f -c true' 'zsh -f -c true'
	add '  + the setup line' "zsh -f -c $(printf %q "$zsh_line")"
fi
if command -v fish >/dev/null; then
	fish_line=$(line fish "$XDG_CONFIG_HOME/fish/conf.d/nvmgo.fish")
	fish --no-config -c "$fish_line; functions -q nvmgo" || { echo "bench-env: the fish line does not load" >&2; exit 1; }
	add 'fish --no-config -c true' 'fish --no-config -c true'
	add '  + the setup line' "fish --no-config -c $(printf %q "$fish_line")"
fi

"$tmp/interleave" -runs "$runs" "${cmds[@]}" >"$tmp/times"
ms() { awk -v u="$1" 'BEGIN{printf "%.2f ms", u/1000}'; }
dms() { awk -v u="$1" 'BEGIN{printf "%+.2f ms", u/1000}'; }
printf 'bench-env (%s interleaved runs; medians of wall and CPU time; +: over the plain start above)\n' "$runs"
summary=() k=0 bw=0 bc=0 any=0 env=0
while read -r w c; do
	name=${names[k]}
	if [[ $name != ' '* ]]; then
		bw=$w bc=$c shell=${name%% *}
		printf '  %-28s wall %9s        cpu %9s\n' "$name" "$(ms "$w")" "$(ms "$c")"
	else
		printf '  %-28s wall %9s (%s)  cpu %9s (%s)\n' "$name" "$(ms "$w")" "$(dms $((w - bw)))" "$(ms "$c")" "$(dms $((c - bc)))"
		case $name in
		*'setup line'*) summary+=("$shell $(dms $((w - bw))) wall / $(dms $((c - bc))) cpu") ;;
		*/bin/true*) any="$(dms $((w - bw))) wall / $(dms $((c - bc))) cpu" ;;
		*'nvmgo env'*) env="$(dms $((w - bw))) wall / $(dms $((c - bc))) cpu" ;;
		esac
	fi
	k=$((k + 1))
done <"$tmp/times"
printf 'bench-env: the setup line adds %s (target <= 1 ms); eval "$(/bin/true)" adds %s, eval "$(nvmgo env)" %s\n' \
	"$(IFS=,; s="${summary[*]}"; echo "${s//,/; }")" "$any" "$env"
