// testdata/valid/mixed_group_dual_aiv.kir end to end: mixed tasks. Each
// flash_tile task is {fa_cube, fa_vector, fa_vector} with blocks = 4, so it
// must run 3 lanes x 4 blocks, every call seeing the task's whole payload;
// each out_proj task is {proj_cube, proj_epilogue, invalid}: 2 lanes, 1 block.
// The kernels (kernels_flash_attention.cc) record every call; the output is
// compared with plain attention followed by the projection.
#include <dlfcn.h>

#include <cmath>
#include <cstdint>
#include <map>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "bf16.h"
#include "e2e_support.h"
#include "flash_invocations.h"

namespace {

using namespace e2e;

// Fixed by the program's consts.
constexpr uint32_t kHeadDim = 128, kQTile = 64, kKvTile = 128, kBlocks = 4;
// Four query tiles, two KV tiles.
constexpr uint32_t kSeq = 256;
constexpr uint32_t kQTiles = kSeq / kQTile, kKvTiles = kSeq / kKvTile;

std::vector<uint16_t> random_bf16(size_t count, uint32_t seed) {
  std::vector<uint16_t> values(count);
  uint32_t state = seed;
  for (uint16_t& v : values) {
    state = state * 1664525u + 1013904223u;
    v = float_to_bf16(static_cast<float>(state >> 8) / 8388608.0f - 1.0f);
  }
  return values;
}

struct Inputs {
  std::vector<uint16_t> q = random_bf16(size_t{kSeq} * kHeadDim, 11);
  std::vector<uint16_t> k = random_bf16(size_t{kSeq} * kHeadDim, 12);
  std::vector<uint16_t> v = random_bf16(size_t{kSeq} * kHeadDim, 13);
  std::vector<uint16_t> wo = random_bf16(size_t{kHeadDim} * kHeadDim, 14);
  float scale = 1.0f / std::sqrt(static_cast<float>(kHeadDim));
};

// y = softmax(q k^T * scale) v wo, in double.
std::vector<double> reference(const Inputs& in) {
  const auto f = [](uint16_t bits) { return double{bf16_to_float(bits)}; };
  std::vector<double> y(size_t{kSeq} * kHeadDim, 0.0);
  for (uint32_t s = 0; s < kSeq; ++s) {
    std::vector<double> p(kSeq);
    double max_score = -INFINITY, sum = 0;
    for (uint32_t t = 0; t < kSeq; ++t) {
      double dot = 0;
      for (uint32_t d = 0; d < kHeadDim; ++d) {
        dot += f(in.q[s * kHeadDim + d]) * f(in.k[t * kHeadDim + d]);
      }
      p[t] = dot * in.scale;
      max_score = std::fmax(max_score, p[t]);
    }
    for (double& x : p) sum += (x = std::exp(x - max_score));
    std::vector<double> o(kHeadDim, 0.0);
    for (uint32_t t = 0; t < kSeq; ++t) {
      for (uint32_t d = 0; d < kHeadDim; ++d) o[d] += p[t] / sum * f(in.v[t * kHeadDim + d]);
    }
    for (uint32_t c = 0; c < kHeadDim; ++c) {
      for (uint32_t d = 0; d < kHeadDim; ++d) {
        y[s * kHeadDim + c] += o[d] * f(in.wo[d * kHeadDim + c]);
      }
    }
  }
  return y;
}

// The kernel library's record of calls, read through its C functions. The
// library is already loaded (by HostKernelLibrary), so dlopen returns the
// same instance.
class InvocationRecord {
 public:
  InvocationRecord() : handle_(dlopen(TASKC_E2E_MIXED_GROUP_DUAL_AIV_KERNELS,
                                      RTLD_NOW | RTLD_LOCAL)) {
    REQUIRE(handle_ != nullptr);
    count_ = reinterpret_cast<FlashInvocationCountFn>(dlsym(handle_, kFlashInvocationCount));
    at_ = reinterpret_cast<FlashInvocationAtFn>(dlsym(handle_, kFlashInvocationAt));
    clear_ = reinterpret_cast<FlashInvocationClearFn>(dlsym(handle_, kFlashInvocationClear));
    REQUIRE(count_ != nullptr);
    REQUIRE(at_ != nullptr);
    REQUIRE(clear_ != nullptr);
  }
  ~InvocationRecord() { dlclose(handle_); }
  InvocationRecord(const InvocationRecord&) = delete;
  InvocationRecord& operator=(const InvocationRecord&) = delete;

  void clear() { clear_(); }
  std::vector<FlashInvocation> all() const {
    std::vector<FlashInvocation> calls;
    for (size_t i = 0; i < count_(); ++i) calls.push_back(at_(i));
    return calls;
  }

 private:
  void* handle_;
  FlashInvocationCountFn count_ = nullptr;
  FlashInvocationAtFn at_ = nullptr;
  FlashInvocationClearFn clear_ = nullptr;
};

bool same_payload(const FlashInvocation& a, const FlashInvocation& b) {
  if (a.tensor_count != b.tensor_count || a.scalar_count != b.scalar_count) return false;
  for (uint32_t i = 0; i < a.tensor_count; ++i) {
    const RecordedTensor& x = a.tensors[i];
    const RecordedTensor& y = b.tensors[i];
    if (x.buffer != y.buffer || x.start_offset != y.start_offset ||
        x.ndims != y.ndims || x.shapes[0] != y.shapes[0] ||
        x.shapes[1] != y.shapes[1] || x.dtype != y.dtype) {
      return false;
    }
  }
  for (uint32_t j = 0; j < a.scalar_count; ++j) {
    if (a.scalars[j] != b.scalars[j]) return false;
  }
  return true;
}

// Where the runtime placed a tensor is only known for entry tensors: pass
// kAnywhere for the others.
constexpr uint64_t kAnywhere = UINT64_MAX;

void check_tensor(const RecordedTensor& t, const void* buffer, uint64_t offset,
                  uint32_t rows, uint32_t cols, DataType dtype) {
  if (buffer != nullptr) CHECK(t.buffer == buffer);
  if (offset != kAnywhere) CHECK(t.start_offset == offset);
  CHECK(t.ndims == 2);
  CHECK(t.shapes[0] == rows);
  CHECK(t.shapes[1] == cols);
  CHECK(t.dtype == static_cast<uint32_t>(dtype));
}

// Each flash_tile task (one per query tile x KV tile): 3 lanes x 4 blocks,
// fa_cube on aic, fa_vector on both aiv lanes, all with one payload.
void check_flash_tile_calls(const std::vector<FlashInvocation>& calls,
                            const Inputs& in) {
  // Keyed by the (q tile, k tile) offsets that identify the task.
  std::map<std::pair<uint64_t, uint64_t>, std::vector<FlashInvocation>> by_task;
  for (const FlashInvocation& call : calls) {
    const std::string kernel = call.kernel;
    if (kernel != "fa_cube" && kernel != "fa_vector") continue;
    by_task[{call.tensors[0].start_offset, call.tensors[1].start_offset}].push_back(call);
  }
  REQUIRE(by_task.size() == kQTiles * kKvTiles);
  const uint64_t row_bytes = kHeadDim * sizeof(uint16_t);
  for (const auto& [offsets, task_calls] : by_task) {
    INFO("flash_tile with q offset " << offsets.first << ", k offset " << offsets.second);
    CHECK(offsets.first % (kQTile * row_bytes) == 0);
    CHECK(offsets.second % (kKvTile * row_bytes) == 0);
    std::set<std::pair<int32_t, int64_t>> lanes_and_blocks;
    for (const FlashInvocation& call : task_calls) {
      lanes_and_blocks.insert({call.lane, call.block_idx});
      CHECK(call.block_num == kBlocks);
      CHECK(std::string(call.kernel) == (call.lane == 0 ? "fa_cube" : "fa_vector"));
      CHECK(same_payload(call, task_calls.front()));
    }
    CHECK(task_calls.size() == 3 * kBlocks);
    CHECK(lanes_and_blocks.size() == 3 * kBlocks);
    const FlashInvocation& call = task_calls.front();
    REQUIRE(call.tensor_count == 5);
    REQUIRE(call.scalar_count == 2);
    check_tensor(call.tensors[0], in.q.data(), offsets.first, kQTile, kHeadDim, DataType::BFLOAT16);
    check_tensor(call.tensors[1], in.k.data(), offsets.second, kKvTile, kHeadDim, DataType::BFLOAT16);
    check_tensor(call.tensors[2], in.v.data(), offsets.second, kKvTile, kHeadDim, DataType::BFLOAT16);
    check_tensor(call.tensors[3], nullptr, kAnywhere, kQTile, kHeadDim, DataType::FLOAT32);
    check_tensor(call.tensors[4], nullptr, kAnywhere, kQTile, 2, DataType::FLOAT32);
    CHECK(call.scalars[0] == to_u64(in.scale));
    CHECK(from_u64<int32_t>(call.scalars[1]) == static_cast<int32_t>(kKvTile));
  }
}

// Each out_proj task: proj_cube on aic, proj_epilogue on aiv0, nothing on
// aiv1, one block.
void check_out_proj_calls(const std::vector<FlashInvocation>& calls,
                          const std::vector<uint16_t>& y) {
  std::map<uint64_t, std::vector<FlashInvocation>> by_task;  // by y offset
  for (const FlashInvocation& call : calls) {
    const std::string kernel = call.kernel;
    if (kernel == "proj_cube" || kernel == "proj_epilogue") {
      by_task[call.tensors[3].start_offset].push_back(call);
    }
  }
  REQUIRE(by_task.size() == kQTiles);
  for (const auto& [offset, task_calls] : by_task) {
    INFO("out_proj with y offset " << offset);
    REQUIRE(task_calls.size() == 2);
    CHECK(std::string(task_calls[0].kernel) == "proj_cube");
    CHECK(task_calls[0].lane == 0);
    CHECK(std::string(task_calls[1].kernel) == "proj_epilogue");
    CHECK(task_calls[1].lane == 1);
    for (const FlashInvocation& call : task_calls) {
      CHECK(call.block_idx == 0);
      CHECK(call.block_num == 1);
      CHECK(same_payload(call, task_calls[0]));
    }
    check_tensor(task_calls[0].tensors[3], y.data(), offset, kQTile, kHeadDim,
                 DataType::BFLOAT16);
  }
}

TEST_CASE("mixed groups run every lane and block with the whole payload") {
  const Program program = load_program(TASKC_E2E_MIXED_GROUP_DUAL_AIV_MANIFEST,
                                       TASKC_E2E_MIXED_GROUP_DUAL_AIV_KERNELS);
  const abi::ManifestKernel* vector = program.manifest.kernel_by_name("fa_vector");
  REQUIRE(vector != nullptr);
  CHECK(vector->dual_aiv);
  InvocationRecord record;
  record.clear();

  const uint32_t threads = GENERATE(1u, 2u);
  INFO("threads " << threads);
  Inputs in;
  std::vector<uint16_t> y(size_t{kSeq} * kHeadDim, 0x7fc0);  // NaN until written
  ScratchDir dump("mixed_group_dump");
  host::HostRuntime runtime(program.chip,
                            host::HostRuntimeOptions{threads, dump.path(), true});
  runtime.bind_tensor(in.q, DataType::BFLOAT16, {kSeq, kHeadDim});
  runtime.bind_tensor(in.k, DataType::BFLOAT16, {kSeq, kHeadDim});
  runtime.bind_tensor(in.v, DataType::BFLOAT16, {kSeq, kHeadDim});
  runtime.bind_tensor(in.wo, DataType::BFLOAT16, {kHeadDim, kHeadDim});
  runtime.bind_tensor(y, DataType::BFLOAT16, {kSeq, kHeadDim});
  runtime.bind_scalar(to_u64(in.scale));
  const host::RunResult result =
      runtime.run_library(TASKC_E2E_MIXED_GROUP_DUAL_AIV_ORCHESTRATION);
  INFO(result.error_text());
  REQUIRE(result.ok());
  CHECK(result.races.empty());

  // Per query tile: fa_init, one flash_tile per KV tile, out_proj.
  CHECK(result.kernel_tasks == kQTiles * (2 + kKvTiles));
  const uint64_t flash_calls = uint64_t{kQTiles} * kKvTiles * 3 * kBlocks;
  CHECK(result.kernel_invocations == kQTiles * (1 + 2) + flash_calls);
  const std::vector<FlashInvocation> calls = record.all();
  CHECK(calls.size() == flash_calls + kQTiles * 2);
  check_flash_tile_calls(calls, in);
  check_out_proj_calls(calls, y);
  check_dump_covers_every_slot(result, program.manifest);

  const std::vector<double> expected = reference(in);
  size_t bad = 0;
  double worst = 0;
  for (size_t i = 0; i < expected.size(); ++i) {
    const double error = std::fabs(bf16_to_float(y[i]) - expected[i]);
    if (!(error <= 4e-3 + 4e-3 * std::fabs(expected[i]))) ++bad;  // NaN is bad
    if (error > worst) worst = error;
  }
  INFO("worst absolute error " << worst);
  CHECK(bad == 0);
}

}  // namespace
