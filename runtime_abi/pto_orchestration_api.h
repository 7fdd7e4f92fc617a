// The orchestration API header that taskc-generated C++ includes, for the
// default target a2a3 (launch_spec.set_block_num). For a5 put
// runtime_abi/include/a5 first on the include path instead (pkg-config:
// `--variable=a5_includedir taskc-abi`), or define TASKC_HOST_TARGET_A5
// before including this file. Everything is in taskc_orchestration_api.h.
#ifndef TASKC_RUNTIME_ABI_PTO_ORCHESTRATION_API_H
#define TASKC_RUNTIME_ABI_PTO_ORCHESTRATION_API_H

#include "taskc_orchestration_api.h"

#endif  // TASKC_RUNTIME_ABI_PTO_ORCHESTRATION_API_H
