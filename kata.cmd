@echo off
rem The learner's and instructor's command on Windows: kata (no arguments) prints what it can do.
rem The code is tools\src\main\java (Java 17 or later, the JDK alone). It is compiled once into
rem tools\target\kata-classes; the program itself says (exit code 75) when a source file is newer
rem than its classes, and this script then compiles it again and reruns the command.
setlocal
set "KATA_ROOT=%~dp0."
set "KATA_SRC=%~dp0tools\src\main\java"
set "KATA_CLASSES=%~dp0tools\target\kata-classes"
where java >nul 2>nul
if errorlevel 1 (
  echo kata: no 'java' on the PATH; install a JDK 17 or later 1>&2
  exit /b 2
)
if exist "%KATA_CLASSES%\dev\kata\tool\Kata.class" goto run
call :compile
if errorlevel 1 exit /b 2
:run
java -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Dkata.root="%KATA_ROOT%" -Dkata.staleExit=75 -cp "%KATA_CLASSES%" dev.kata.tool.Kata %*
set "KATA_CODE=%errorlevel%"
if not "%KATA_CODE%"=="75" exit /b %KATA_CODE%
call :compile
if errorlevel 1 exit /b 2
java -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Dkata.root="%KATA_ROOT%" -cp "%KATA_CLASSES%" dev.kata.tool.Kata %*
exit /b %errorlevel%

:compile
where javac >nul 2>nul
if errorlevel 1 (
  echo kata: no 'javac' on the PATH; install a JDK 17 or later, not only a Java runtime 1>&2
  exit /b 2
)
if exist "%KATA_CLASSES%" rmdir /s /q "%KATA_CLASSES%"
javac -nowarn -encoding UTF-8 -d "%KATA_CLASSES%" --source-path "%KATA_SRC%" "%KATA_SRC%\dev\kata\tool\Kata.java"
if errorlevel 1 exit /b 2
exit /b 0
