# SPDX-License-Identifier: Apache-2.0
# Runs TOOL with ARGS ('|'-separated); requires exit status EXPECT_RC (a number or "nonzero") and
# EXPECT matching stdout (success, or any status with EXPECT_STREAM=stdout: a run that fails its
# check reports on stdout) or stderr (failure). A failure must print exactly one line on stderr.
# EXPECT_STDERR, when set, must match stderr too (a successful run's warnings).
string(REPLACE "|" ";" args "${ARGS}")
execute_process(COMMAND ${TOOL} ${args} RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
if(EXPECT_RC STREQUAL "nonzero" AND NOT rc EQUAL 0)
  set(rc nonzero)
endif()
if(NOT rc STREQUAL EXPECT_RC)
  message(FATAL_ERROR "exit status ${rc}, expected ${EXPECT_RC}\nstdout:\n${out}\nstderr:\n${err}")
endif()
if(EXPECT_RC STREQUAL 0 OR EXPECT_STREAM STREQUAL "stdout")
  set(text "${out}")
else()
  set(text "${err}")
  if(NOT err MATCHES "^[^\n]+\n$")
    message(FATAL_ERROR "stderr is not exactly one line:\n${err}")
  endif()
endif()
if(NOT text MATCHES "${EXPECT}")
  message(FATAL_ERROR "output does not match '${EXPECT}':\n${text}")
endif()
if(DEFINED EXPECT_STDERR AND NOT err MATCHES "${EXPECT_STDERR}")
  message(FATAL_ERROR "stderr does not match '${EXPECT_STDERR}':\n${err}")
endif()
message(STATUS "${text}")
