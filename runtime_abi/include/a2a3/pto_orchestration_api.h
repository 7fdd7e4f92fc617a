// pto_orchestration_api.h for target a2a3: the launch spec has
// set_block_num (and no set_core_num), as the a2a3 runtime's. The same as
// runtime_abi/pto_orchestration_api.h, for builds that name the target.
#ifndef TASKC_RUNTIME_ABI_A2A3_PTO_ORCHESTRATION_API_H
#define TASKC_RUNTIME_ABI_A2A3_PTO_ORCHESTRATION_API_H

#ifndef TASKC_HOST_TARGET_A2A3
#define TASKC_HOST_TARGET_A2A3 1
#endif
#include "../../taskc_orchestration_api.h"

#endif  // TASKC_RUNTIME_ABI_A2A3_PTO_ORCHESTRATION_API_H
