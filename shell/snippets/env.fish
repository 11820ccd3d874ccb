# nvmgo shell integration for fish: nvmgo env --shell fish | source
set -gx NVMGO_HOME {{.Home}}
set -gx NVMGO_SHELL_INTEGRATION fish
# The usual start (shims not on PATH yet) runs no command substitution.
if not contains -- {{.Shims}} $PATH
    set -gx PATH {{.Shims}} $PATH
else if test "$PATH[1]" != {{.Shims}}
    while set -l __nvmgo_i (contains -i -- {{.Shims}} $PATH)
        set -e PATH[$__nvmgo_i]
    end
    set -gx PATH {{.Shims}} $PATH
end
# The binary this was rendered for, or the nvmgo on PATH once it has moved.
function __nvmgo_bin
    if test -x {{.Exe}}
        {{.Exe}} $argv
    else
        command nvmgo $argv
    end
end
function nvmgo --description 'Node.js version manager'
    switch "$argv[1]"
        case use deactivate
            if contains -- --help $argv; or contains -- -h $argv
                __nvmgo_bin $argv
                return
            end
            set -l __nvmgo_args $argv
            set -e __nvmgo_args[1]
            # Messages come back as code, so that the function's own
            # redirection (nvmgo use 20 2>/dev/null) applies to them.
            set -l __nvmgo_out (__nvmgo_bin $argv[1] --print-env --shell fish $__nvmgo_args)
            set -l __nvmgo_rc $status
            if test $__nvmgo_rc -eq 0
                string join \n -- $__nvmgo_out | source
            end
            return $__nvmgo_rc
        case '*'
            __nvmgo_bin $argv
    end
end
# Tab completion, loaded from nvmgo at the first Tab so shell start stays free.
function __nvmgo_complete
    set -l __nvmgo_src (__nvmgo_bin completion fish 2>/dev/null); or return
    complete -c nvmgo -e # cobra's script completes nvmgo once while loading
    string join \n -- $__nvmgo_src | source
    # cobra's script replaced this loader; answer this first Tab with it.
    __nvmgo_prepare_completions; and printf '%s\n' $__nvmgo_comp_results
    __nvmgo_clear_perform_completion_once_result
end
complete -c nvmgo -f -a '(__nvmgo_complete)'
