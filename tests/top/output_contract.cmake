# SPDX-License-Identifier: Apache-2.0
# The output contract of rsacc-sim (docs/outputs.md), run as a sequence in one directory DIR:
# a run's report says what happened (PASS / FAIL / TIMEOUT / ERROR), is written last, and no
# file of an earlier run survives a later run that failed. TOOL is rsacc-sim, LAYER a small layer.
set(report ${DIR}/${LAYER}.json)
set(ofmap ${DIR}/ofmap.npy)
file(REMOVE_RECURSE ${DIR})

# run(<expected exit> <expected status or NONE> args...): runs TOOL and checks the report.
function(run expect_rc expect_status)
  execute_process(COMMAND ${TOOL} ${LAYER} --quiet --report-dir ${DIR} ${ARGN}
                  RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
  if(NOT rc EQUAL expect_rc)
    message(FATAL_ERROR "${ARGN}: exit ${rc}, expected ${expect_rc}\n${out}\n${err}")
  endif()
  if(expect_status STREQUAL "NONE")
    return()
  endif()
  file(READ ${report} json)
  string(JSON status GET "${json}" status)
  if(NOT status STREQUAL expect_status)
    message(FATAL_ERROR "${ARGN}: report status ${status}, expected ${expect_status}")
  endif()
  set(report_json "${json}" PARENT_SCOPE)
  set(stderr_text "${err}" PARENT_SCOPE)
endfunction()

function(expect_ofmap present)
  if(present AND NOT EXISTS ${ofmap})
    message(FATAL_ERROR "ofmap ${ofmap} missing after a run that should write it")
  elseif(NOT present AND EXISTS ${ofmap})
    message(FATAL_ERROR "ofmap ${ofmap} of an earlier run survived a failed run")
  endif()
endfunction()

# 1. PASS writes the ofmap and names it in the report.
run(0 PASS --ofmap-out ${ofmap})
expect_ofmap(TRUE)
string(JSON named GET "${report_json}" outputs ofmap)
if(NOT named STREQUAL ofmap)
  message(FATAL_ERROR "report names ofmap '${named}', expected '${ofmap}'")
endif()

# 2. A timed-out run replaces the PASS report with TIMEOUT and leaves no ofmap.
run(1 TIMEOUT --ofmap-out ${ofmap} --max-cycles 100)
expect_ofmap(FALSE)
string(JSON util_type TYPE "${report_json}" utilization)
if(NOT util_type STREQUAL "NULL")
  message(FATAL_ERROR "a timed-out run reports a utilization (${util_type})")
endif()

# 3. Bad input after a PASS: the report says ERROR with the message, the ofmap is gone.
run(0 PASS --ofmap-out ${ofmap})
run(2 ERROR --ofmap-out ${ofmap} --energy-costs dram=inf)
expect_ofmap(FALSE)
string(JSON message GET "${report_json}" error)
if(NOT message MATCHES "dram=inf")
  message(FATAL_ERROR "ERROR report does not carry the message: ${message}")
endif()

# 4. An ofmap that cannot be written (a directory) is found before the run: ERROR, exit 2.
run(0 PASS)
run(2 ERROR --ofmap-out ${DIR})
if(NOT stderr_text MATCHES "^error: [^\n]*is a directory\n$")
  message(FATAL_ERROR "expected one line naming the directory, got: ${stderr_text}")
endif()

# 5. An empty --report-dir is refused (it once meant the filesystem root), nothing written.
execute_process(COMMAND ${TOOL} ${LAYER} --quiet --report-dir "" RESULT_VARIABLE rc ERROR_VARIABLE err
                OUTPUT_QUIET)
if(NOT rc EQUAL 2 OR NOT err MATCHES "^error: --report-dir directory is empty")
  message(FATAL_ERROR "--report-dir '': exit ${rc}, stderr: ${err}")
endif()
if(EXISTS /${LAYER}.json)
  message(FATAL_ERROR "--report-dir '' wrote /${LAYER}.json")
endif()

# 6. Every output was written through a temporary file that was renamed into place.
file(GLOB leftovers ${DIR}/.*tmp*)
if(leftovers)
  message(FATAL_ERROR "temporary files left behind: ${leftovers}")
endif()
message(STATUS "output contract holds")
