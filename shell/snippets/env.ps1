# nvmgo shell integration for PowerShell: & nvmgo env --shell powershell | Out-String | Invoke-Expression
$env:NVMGO_HOME = {{.Home}}
$env:NVMGO_SHELL_INTEGRATION = 'powershell'
& {
    $shims = {{.Shims}}
    $sep = [System.IO.Path]::PathSeparator
    $trim = [char[]]@('\', '/')
    $rest = @("$env:PATH".Split($sep) | Where-Object { $_ -and $_.TrimEnd($trim) -ne $shims.TrimEnd($trim) })
    $env:PATH = (@($shims) + $rest) -join $sep
}
function global:nvmgo {
    # The binary this was rendered for, or the nvmgo on PATH once it has moved.
    $exe = {{.Exe}}
    if (-not (Test-Path -LiteralPath $exe)) { $exe = (Get-Command -CommandType Application nvmgo -ErrorAction Stop | Select-Object -First 1).Source }
    $cmd = if ($args.Count -gt 0) { "$($args[0])" } else { '' }
    if (($cmd -ne 'use' -and $cmd -ne 'deactivate') -or $args -contains '-h' -or $args -contains '--help') {
        & $exe @args
        return
    }
    $rest = @($args | Select-Object -Skip 1)
    $out = & $exe $cmd --print-env --shell powershell @rest
    $rc = $LASTEXITCODE
    if ($rc -eq 0 -and $out) {
        $out | Out-String | Invoke-Expression
    }
    $global:LASTEXITCODE = $rc
}
# Tab completion: rendered beside this file by nvmgo (no process at start).
$__nvmgo_completion = Join-Path $env:NVMGO_HOME 'completion.ps1'
if (Test-Path -LiteralPath $__nvmgo_completion) { . $__nvmgo_completion }
Remove-Variable __nvmgo_completion
