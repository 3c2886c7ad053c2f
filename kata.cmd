@echo off
rem The learner's and instructor's command on Windows: kata (no arguments) prints what it can do.
rem Everything is in tools\Kata.java, which the JDK runs directly (Java 17 or later).
where java >nul 2>nul
if errorlevel 1 (
  echo kata: no 'java' on the PATH; install a JDK 17 or later 1>&2
  exit /b 2
)
java -Dkata.root="%~dp0." "%~dp0tools\Kata.java" %*
