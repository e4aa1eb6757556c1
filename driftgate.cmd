@echo off
rem driftgate launcher for Windows (cmd.exe and PowerShell), the twin of the bash ./driftgate: builds the
rem jars when they are missing or older than the sources, then runs the CLI. Works from any directory: it
rem runs from the repository root, where config\ and data\ live.
setlocal EnableExtensions DisableDelayedExpansion
cd /d "%~dp0" || exit /b 2
set "VERSION=0.1.0-SNAPSHOT"
set "ARGFILE=cli\target\java-classpath.args"

rem cmd cannot compare file times, so PowerShell (on every supported Windows) decides: exit 0 = build.
rem Stale when an artifact is missing, a pom or source file is newer than the oldest artifact, or a jar
rem named in classpath.txt (absolute paths, ';'-separated on Windows) is gone.
powershell -NoProfile -NonInteractive -Command "$v=$env:VERSION; $a=@('cli\target\classpath.txt')+(@('core','local-stack','flink-jobs','gate','ingress-gateway','cli')|ForEach-Object{$_+'\target\'+$_+'-'+$v+'.jar'}); if(@($a|Where-Object{-not (Test-Path -LiteralPath $_)}).Count){exit 0}; $t=($a|ForEach-Object{(Get-Item -LiteralPath $_).LastWriteTime}|Measure-Object -Minimum).Minimum; $s=@(Get-ChildItem pom.xml,*\pom.xml -File)+@(Get-ChildItem -Path *\src -Recurse -File); if(@($s|Where-Object{$_.LastWriteTime -gt $t}).Count){exit 0}; $cp=(Get-Content -Raw cli\target\classpath.txt).Trim() -split ';'; if(@($cp|Where-Object{$_ -and -not (Test-Path -LiteralPath $_)}).Count){exit 0}; exit 1"
if errorlevel 2 goto build
if errorlevel 1 goto run

:build
echo building driftgate... 1>&2
set "BUILD_LOG=%TEMP%\driftgate-build-%RANDOM%.log"
rem quiet on success; on failure show Maven's whole output
call mvn -q -B -Dstyle.color=never -DskipTests package > "%BUILD_LOG%" 2>&1
if errorlevel 1 (
  type "%BUILD_LOG%" 1>&2
  del "%BUILD_LOG%"
  echo driftgate: build failed 1>&2
  exit /b 2
)
del "%BUILD_LOG%"
rem the jar plugin leaves an unchanged jar untouched: mark the artifacts fresh so we do not rebuild forever
powershell -NoProfile -NonInteractive -Command "Get-ChildItem cli\target\classpath.txt,*\target\*-%VERSION%.jar | ForEach-Object { $_.LastWriteTime = Get-Date }"

:run
if not exist ".driftgate\tmp" mkdir ".driftgate\tmp"
if not defined DJL_CACHE_DIR set "DJL_CACHE_DIR=%USERPROFILE%\.driftgate\djl"
rem The classpath (~11k characters) is longer than a cmd line may be (8191), so it goes to java in an
rem @argfile. Forward slashes: inside a quoted argfile value a backslash is an escape character, and
rem Java takes '/' in Windows paths. Written in the ANSI code page, which is what the launcher reads.
powershell -NoProfile -NonInteractive -Command "$cp='cli/target/cli-'+$env:VERSION+'.jar;'+(Get-Content -Raw cli\target\classpath.txt).Trim(); Set-Content -Encoding Default -LiteralPath $env:ARGFILE -Value ('-cp '+[char]34+$cp.Replace('\','/')+[char]34)"
if errorlevel 1 (
  echo driftgate: cannot write %ARGFILE% 1>&2
  exit /b 2
)
java -Dai.djl.offline=true "-Djava.io.tmpdir=%CD%\.driftgate\tmp" %DRIFTGATE_JAVA_OPTS% "@%ARGFILE%" dev.driftgate.cli.DriftgateCli %*
exit /b %ERRORLEVEL%
