# nvmgo shell integration for fish: nvmgo env --shell fish | source
set -gx NVMGO_HOME {{.Home}}
set -gx NVMGO_SHELL_INTEGRATION fish
if not set -q PATH[1]; or test "$PATH[1]" != {{.Shims}}
    while set -l __nvmgo_i (contains -i -- {{.Shims}} $PATH)
        set -e PATH[$__nvmgo_i]
    end
    set -gx PATH {{.Shims}} $PATH
end
function nvmgo --description 'Node.js version manager'
    switch "$argv[1]"
        case use deactivate
            if contains -- --help $argv; or contains -- -h $argv
                {{.Exe}} $argv
                return
            end
            set -l __nvmgo_args $argv
            set -e __nvmgo_args[1]
            set -l __nvmgo_out ({{.Exe}} $argv[1] --print-env --shell fish $__nvmgo_args)
            set -l __nvmgo_rc $status
            if test $__nvmgo_rc -eq 0
                string join \n -- $__nvmgo_out | source
            end
            return $__nvmgo_rc
        case '*'
            {{.Exe}} $argv
    end
end
