# taskc_add_orchestration(): a .kir compiled by taskc and its orchestration
# built into a loadable library. Part of taskc's CMake package (included by
# taskcConfig.cmake); docs/install.md describes it.
#
#   taskc_add_orchestration(<target> <file.kir>
#                           [OUTPUT_DIR <dir>]
#                           [EMIT <cpp|manifest|kernel-config>...]
#                           [OPTIONS <taskc compile option>...])
#
# Runs `taskc compile` at build time with taskc's depfile, so the build
# reruns it when any file the compile read changes. taskc leaves an output
# whose bytes would not change untouched, so with Ninja an edit of the .kir
# that does not change the generated code rebuilds nothing downstream.
# <target> is a MODULE library (lib<target>.so) built from the generated C++
# against taskc::abi_headers, for `taskc run --orchestration` or a loader's
# run_library(); it is not linked to libtaskc_abi (the one copy in the
# loading process serves it). Its properties TASKC_SOURCE, TASKC_MANIFEST,
# TASKC_KERNEL_CONFIG and TASKC_OUTPUT_DIR, and the variables
# <target>_TASKC_SOURCE, ..._MANIFEST, ..._KERNEL_CONFIG, ..._OUTPUT_DIR in
# the caller's scope, name the generated files (empty when not emitted).

# Policies of the function's definition apply when it runs.
cmake_policy(PUSH)
cmake_policy(SET CMP0057 NEW)  # if(IN_LIST)
if(POLICY CMP0116)
  # Ninja: relative paths in a DEPFILE are relative to the current binary
  # directory, where taskc runs (and the paths it writes are).
  cmake_policy(SET CMP0116 NEW)
endif()

# taskc's depfile goes to add_custom_command(DEPFILE), which CMake supports
# with the Makefile generators, and with depfile paths relative to the
# current binary directory (CMP0116), since 3.20; with Xcode and Visual
# Studio since 3.21. Without it the build could not see every file taskc
# read and would silently use stale output, so an unsupported setup is an
# error that says what to use instead.
function(_taskc_require_depfile_support)
  if(CMAKE_VERSION VERSION_LESS 3.20)
    message(FATAL_ERROR "taskc_add_orchestration needs CMake 3.20 or newer, for "
      "add_custom_command(DEPFILE) with the Ninja and Makefile generators; this is "
      "CMake ${CMAKE_VERSION}.")
  endif()
  if(CMAKE_GENERATOR MATCHES "Ninja|Makefiles|WMake")
    return()
  endif()
  if(CMAKE_GENERATOR MATCHES "Xcode|Visual Studio" AND NOT CMAKE_VERSION VERSION_LESS 3.21)
    return()
  endif()
  message(FATAL_ERROR "taskc_add_orchestration needs add_custom_command(DEPFILE), "
    "which the \"${CMAKE_GENERATOR}\" generator of CMake ${CMAKE_VERSION} does not "
    "support; configure with -G Ninja or -G \"Unix Makefiles\".")
endfunction()

function(taskc_add_orchestration target kir)
  cmake_parse_arguments(PARSE_ARGV 2 arg "" "OUTPUT_DIR" "EMIT;OPTIONS")
  if(arg_UNPARSED_ARGUMENTS)
    message(FATAL_ERROR "taskc_add_orchestration(${target}): unknown arguments "
      "\"${arg_UNPARSED_ARGUMENTS}\" (known: OUTPUT_DIR, EMIT, OPTIONS)")
  endif()
  if("OUTPUT_DIR" IN_LIST arg_KEYWORDS_MISSING_VALUES)
    message(FATAL_ERROR "taskc_add_orchestration(${target}): OUTPUT_DIR needs a value")
  endif()
  _taskc_require_depfile_support()
  if(NOT TARGET taskc::taskc)
    message(FATAL_ERROR "taskc_add_orchestration(${target}): no taskc::taskc target; "
      "call find_package(taskc) in this directory or a parent")
  endif()

  get_filename_component(kir_path "${kir}" ABSOLUTE BASE_DIR "${CMAKE_CURRENT_SOURCE_DIR}")
  get_filename_component(stem "${kir_path}" NAME_WLE)
  if(NOT arg_OUTPUT_DIR)
    set(arg_OUTPUT_DIR "taskc/${target}")
  endif()
  get_filename_component(out_dir "${arg_OUTPUT_DIR}" ABSOLUTE
                         BASE_DIR "${CMAKE_CURRENT_BINARY_DIR}")
  if(NOT arg_EMIT)
    set(arg_EMIT cpp manifest)
  endif()
  string(REPLACE "," ";" emit "${arg_EMIT}")  # also "cpp,manifest" as for taskc

  # taskc runs in the current binary directory and is given paths relative
  # to it: the generated files and diagnostics then hold no absolute path,
  # and the depfile's paths are relative to where CMake expects them.
  set(here "${CMAKE_CURRENT_BINARY_DIR}")
  set(source "${out_dir}/${stem}.orch.cpp")
  set(depfile "${out_dir}/${stem}.d")
  set(manifest "")
  set(kernel_config "")
  file(RELATIVE_PATH kir_arg "${here}" "${kir_path}")
  file(RELATIVE_PATH source_arg "${here}" "${source}")
  file(RELATIVE_PATH depfile_arg "${here}" "${depfile}")
  set(outputs "${source}")
  set(more_outputs "")  # flags and paths of the outputs besides the C++
  list(REMOVE_DUPLICATES emit)
  foreach(kind IN LISTS emit)
    if(kind STREQUAL "manifest")
      set(manifest "${out_dir}/${stem}.manifest.json")
      file(RELATIVE_PATH path "${here}" "${manifest}")
      list(APPEND more_outputs --manifest "${path}")
      list(APPEND outputs "${manifest}")
    elseif(kind STREQUAL "kernel-config")
      # kernel_config.py names the C++ relative to itself: keep them together.
      set(kernel_config "${out_dir}/kernel_config.py")
      file(RELATIVE_PATH path "${here}" "${kernel_config}")
      list(APPEND more_outputs --kernel-config "${path}")
      list(APPEND outputs "${kernel_config}")
    elseif(NOT kind STREQUAL "cpp")  # the C++ is always written: it is built
      message(FATAL_ERROR "taskc_add_orchestration(${target}): EMIT \"${kind}\" is "
        "not one of cpp, manifest, kernel-config")
    endif()
  endforeach()

  # The depfile must name the C++ alone. A Makefile generator makes every
  # output a depfile names depend on the depfile's inputs, and its rule for
  # a command's second and later outputs touches them (touch_nocreate) when
  # they are older: the manifest would look new after each rerun of taskc
  # and rebuild whatever uses it. So one taskc run writes the C++ and the
  # depfile, and a second, quiet one the other outputs (same input and
  # options; a failing first run stops the command before it).
  set(commands COMMAND taskc::taskc compile "${kir_arg}" -o "${source_arg}"
                       --depfile "${depfile_arg}" ${arg_OPTIONS})
  if(more_outputs)
    list(APPEND commands COMMAND taskc::taskc compile "${kir_arg}" ${more_outputs}
                                 ${arg_OPTIONS} -q)
  endif()
  file(RELATIVE_PATH shown "${CMAKE_BINARY_DIR}" "${source}")
  add_custom_command(OUTPUT ${outputs}
    COMMAND "${CMAKE_COMMAND}" -E make_directory "${out_dir}"
    ${commands}
    DEPENDS "${kir_path}" taskc::taskc
    DEPFILE "${depfile}"
    WORKING_DIRECTORY "${here}"
    COMMENT "taskc: compiling ${kir} to ${shown}"
    VERBATIM)

  add_library(${target} MODULE "${source}")
  target_link_libraries(${target} PRIVATE taskc::abi_headers)
  set_target_properties(${target} PROPERTIES
    TASKC_SOURCE "${source}"
    TASKC_MANIFEST "${manifest}"
    TASKC_KERNEL_CONFIG "${kernel_config}"
    TASKC_OUTPUT_DIR "${out_dir}")
  set(${target}_TASKC_SOURCE "${source}" PARENT_SCOPE)
  set(${target}_TASKC_MANIFEST "${manifest}" PARENT_SCOPE)
  set(${target}_TASKC_KERNEL_CONFIG "${kernel_config}" PARENT_SCOPE)
  set(${target}_TASKC_OUTPUT_DIR "${out_dir}" PARENT_SCOPE)
endfunction()

cmake_policy(POP)
