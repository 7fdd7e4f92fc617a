// pto_orchestration_api.h for target a5: the launch spec has set_core_num
// (and no set_block_num), as the a5 runtime's. Compile a5 orchestrations
// and kernels with this directory on the include path.
#ifndef TASKC_RUNTIME_ABI_A5_PTO_ORCHESTRATION_API_H
#define TASKC_RUNTIME_ABI_A5_PTO_ORCHESTRATION_API_H

#ifndef TASKC_HOST_TARGET_A5
#define TASKC_HOST_TARGET_A5 1
#endif
#include "../../taskc_orchestration_api.h"

#endif  // TASKC_RUNTIME_ABI_A5_PTO_ORCHESTRATION_API_H
