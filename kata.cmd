@echo off
rem The learner's and instructor's command on Windows: kata (no arguments) prints what it can do.
java -Dkata.root="%~dp0." "%~dp0tools\Kata.java" %*
