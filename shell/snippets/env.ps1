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
    $exe = {{.Exe}}
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
