# SPDX-License-Identifier: Apache-2.0
# Lints each top-level RTL module with verilator -Wall and parses all files with yosys.
# Also checks that every .sv under rtl/ is in the build's source list (none forgotten).
file(GLOB_RECURSE on_disk "${RTL_DIR}/*.sv")
foreach(f IN LISTS on_disk)
  list(FIND SOURCES "${f}" idx)
  if(idx EQUAL -1)
    message(FATAL_ERROR "rtl file not in RSACC_RTL_SOURCES (rtl/CMakeLists.txt): ${f}")
  endif()
endforeach()

# Files include rtl/common/rsacc_assert.svh by its path from the repository root.
get_filename_component(repo_dir "${RTL_DIR}" DIRECTORY)
set(incdir "-I${repo_dir}")

# Verilator: lint with each module as top in turn, so no module escapes -Wall.
set(count 0)
foreach(f IN LISTS SOURCES)
  get_filename_component(mod "${f}" NAME_WE)
  file(READ "${f}" text)
  if(NOT text MATCHES "module[ \t\n]+${mod}[ \t\n]*#?\\(")
    continue()  # packages
  endif()
  execute_process(COMMAND ${VERILATOR} --lint-only -Wall --assert ${incdir} ${WAIVERS} ${SOURCES}
                          --top-module ${mod}
                  RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
  if(NOT rc EQUAL 0 OR NOT "${out}${err}" STREQUAL "")
    message(FATAL_ERROR "verilator --lint-only -Wall (top ${mod}) failed:\n${out}${err}")
  endif()
  math(EXPR count "${count} + 1")
  list(APPEND modules ${mod})
endforeach()
# The model without assertions (make sim ASSERT=0) is built with RSACC_NO_ASSERT: lint that too.
execute_process(COMMAND ${VERILATOR} --lint-only -Wall --no-assert +define+RSACC_NO_ASSERT
                        ${incdir} ${WAIVERS} ${SOURCES} --top-module rsacc_top
                RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
if(NOT rc EQUAL 0 OR NOT "${out}${err}" STREQUAL "")
  message(FATAL_ERROR "verilator --lint-only -Wall +define+RSACC_NO_ASSERT failed:\n${out}${err}")
endif()
# The other form of the assertion macros (rtl/common/rsacc_assert.svh): clocked immediate.
execute_process(COMMAND ${VERILATOR} --lint-only -Wall --assert +define+RSACC_ASSERT_IMMEDIATE
                        ${incdir} ${WAIVERS} ${SOURCES} --top-module rsacc_top
                RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
if(NOT rc EQUAL 0 OR NOT "${out}${err}" STREQUAL "")
  message(FATAL_ERROR "verilator --lint-only -Wall +define+RSACC_ASSERT_IMMEDIATE failed:\n${out}${err}")
endif()
message(STATUS "verilator -Wall clean: ${count} modules, and rsacc_top with RSACC_NO_ASSERT and "
               "with RSACC_ASSERT_IMMEDIATE")

# Yosys 0.23: read every file as SystemVerilog (SYNTHESIS defined: assertions left out) and
# elaborate each module as top with its default parameters.
string(REPLACE ";" " " files "${SOURCES}")
foreach(mod IN LISTS modules)
  execute_process(COMMAND ${YOSYS} -q -p "read_verilog -sv -defer ${incdir} ${files}; hierarchy -check -top ${mod}"
                  RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "yosys read_verilog -sv / hierarchy -top ${mod} failed:\n${out}${err}")
  endif()
endforeach()
list(LENGTH SOURCES n)
message(STATUS "yosys read_verilog -sv: ${n} files parsed, ${count} modules elaborated")
