// Host kernels of testdata/valid/mixed_group_dual_aiv.kir: flash attention
// whose tile step is a mixed task (group flash_tile = {fa_cube, fa_vector,
// fa_vector}, launched with blocks = 4) and whose output projection is a
// second mixed task (group out_proj = {proj_cube, proj_epilogue, invalid}).
//
// Work split, as on the device: block b of a flash_tile task owns query rows
// [b*16, b*16+16) of the 64-row tile. Its cube lane computes the scaled
// scores of those rows; its two vector lanes each take half of the rows and
// apply the online-softmax update to the accumulator and the row statistics.
// On the device the scores travel through a workspace in global memory; the
// payload has no slot for it, so here they travel through a per-thread
// workspace. That relies on the host runtime running a task's blocks in
// order on one worker, each block's lanes in the order aic, aiv0, aiv1
// (docs/host-runtime.md); a kernel that finds the workspace filled for
// another task or block throws, which the runtime reports as an error.
//
// Every invocation of a group member is recorded (flash_invocations.h).
#include <cmath>
#include <cstdint>
#include <cstring>
#include <limits>
#include <mutex>
#include <stdexcept>
#include <vector>

#include "bf16.h"
#include "flash_invocations.h"
#include "kernel_support.h"

using e2e::at;
using e2e::bf16_to_float;
using e2e::float_to_bf16;
using e2e::scalar_arg;
using e2e::tensor_arg;

namespace {

std::mutex invocations_mutex;
std::vector<e2e::FlashInvocation> invocations;

void record(const char* kernel, const int64_t* args, uint32_t tensor_count,
            uint32_t scalar_count) {
  e2e::FlashInvocation call{};
  std::strncpy(call.kernel, kernel, sizeof call.kernel - 1);
  call.lane = taskc_host_lane();
  call.block_idx = taskc_host_block_idx();
  call.block_num = taskc_host_block_num();
  call.tensor_count = tensor_count;
  call.scalar_count = scalar_count;
  for (uint32_t i = 0; i < tensor_count; ++i) {
    const ChipTensor& t = tensor_arg(args, i);
    call.tensors[i] = e2e::RecordedTensor{
        t.buffer, t.start_offset, t.ndims, {t.shapes[0], t.shapes[1]},
        static_cast<uint32_t>(t.dtype)};
  }
  for (uint32_t j = 0; j < scalar_count; ++j) {
    call.scalars[j] = scalar_arg(args, tensor_count + j);
  }
  std::lock_guard<std::mutex> lock(invocations_mutex);
  invocations.push_back(call);
}

// Scores (or projected rows) handed from a cube lane to the vector lanes of
// the same task and block. `owner` identifies them: the accumulator's
// address, the K tile's address and the block.
struct Workspace {
  const void* owner_acc = nullptr;
  const void* owner_k = nullptr;
  int64_t owner_block = -1;
  uint32_t columns = 0;
  std::vector<float> values;  // rows x columns, row-major
};
thread_local Workspace workspace;

const void* address_of(const ChipTensor& t) {
  return static_cast<const char*>(t.buffer) + t.start_offset;
}

void claim_workspace(const ChipTensor& acc, const ChipTensor& k,
                     uint32_t rows, uint32_t columns) {
  workspace.owner_acc = address_of(acc);
  workspace.owner_k = address_of(k);
  workspace.owner_block = taskc_host_block_idx();
  workspace.columns = columns;
  workspace.values.assign(size_t{rows} * columns, 0.0f);
}

void expect_workspace(const ChipTensor& acc, const ChipTensor& k) {
  if (workspace.owner_acc != address_of(acc) ||
      workspace.owner_k != address_of(k) ||
      workspace.owner_block != taskc_host_block_idx()) {
    throw std::logic_error(
        "the cube lane of this task and block did not run before the vector "
        "lane on this thread");
  }
}

// The query rows a block owns: the tile's rows split evenly over the blocks.
void block_rows(uint32_t tile_rows, uint32_t* begin, uint32_t* count) {
  const uint32_t blocks = static_cast<uint32_t>(taskc_host_block_num());
  *count = tile_rows / blocks;
  *begin = static_cast<uint32_t>(taskc_host_block_idx()) * *count;
}

}  // namespace

extern "C" size_t e2e_flash_invocation_count() {
  std::lock_guard<std::mutex> lock(invocations_mutex);
  return invocations.size();
}

extern "C" e2e::FlashInvocation e2e_flash_invocation_at(size_t index) {
  std::lock_guard<std::mutex> lock(invocations_mutex);
  return invocations.at(index);
}

extern "C" void e2e_flash_invocations_clear() {
  std::lock_guard<std::mutex> lock(invocations_mutex);
  invocations.clear();
}

// fa_init(out o [64, 128], out stats [64, 2]): o = 0; stats = (-inf, 0) per
// row (running max, running sum).
extern "C" void fa_init(int64_t* args) {
  const ChipTensor& o = tensor_arg(args, 0);
  const ChipTensor& stats = tensor_arg(args, 1);
  for (uint32_t r = 0; r < o.shapes[0]; ++r) {
    for (uint32_t d = 0; d < o.shapes[1]; ++d) at<float>(o, r, d) = 0.0f;
    at<float>(stats, r, 0) = -std::numeric_limits<float>::infinity();
    at<float>(stats, r, 1) = 0.0f;
  }
}

// flash_tile, cube lane: (q, k, v, inout o, inout stats, scale, kv_len).
// workspace[r][t] = scale * q[row r of this block] . k[t], t < kv_len.
extern "C" void fa_cube(int64_t* args) {
  record("fa_cube", args, 5, 2);
  const ChipTensor& q = tensor_arg(args, 0);
  const ChipTensor& k = tensor_arg(args, 1);
  const ChipTensor& o = tensor_arg(args, 3);
  const float scale = from_u64<float>(scalar_arg(args, 5));
  const uint32_t kv_len = static_cast<uint32_t>(
      from_u64<int32_t>(scalar_arg(args, 6)));
  uint32_t first = 0, rows = 0;
  block_rows(q.shapes[0], &first, &rows);
  claim_workspace(o, k, rows, kv_len);
  for (uint32_t r = 0; r < rows; ++r) {
    for (uint32_t t = 0; t < kv_len; ++t) {
      float sum = 0.0f;
      for (uint32_t d = 0; d < q.shapes[1]; ++d) {
        sum += bf16_to_float(at<uint16_t>(q, first + r, d)) *
               bf16_to_float(at<uint16_t>(k, t, d));
      }
      workspace.values[size_t{r} * kv_len + t] = sum * scale;
    }
  }
}

// flash_tile, vector lanes: aiv0 updates the first half of the block's rows,
// aiv1 the second half. Per row, with m' = max(m, max_t s_t):
// p_t = exp(s_t - m'), a = exp(m - m'), o = o*a + p @ v, l = l*a + sum p.
extern "C" void fa_vector(int64_t* args) {
  record("fa_vector", args, 5, 2);
  const ChipTensor& q = tensor_arg(args, 0);
  const ChipTensor& k = tensor_arg(args, 1);
  const ChipTensor& v = tensor_arg(args, 2);
  const ChipTensor& o = tensor_arg(args, 3);
  const ChipTensor& stats = tensor_arg(args, 4);
  expect_workspace(o, k);
  uint32_t first = 0, rows = 0;
  block_rows(q.shapes[0], &first, &rows);
  const uint32_t half = rows / 2;
  const uint32_t lane_first = taskc_host_lane() == 1 ? 0 : half;
  const uint32_t kv_len = workspace.columns;
  std::vector<float> p(kv_len);
  for (uint32_t r = lane_first; r < lane_first + half; ++r) {
    const float* s = &workspace.values[size_t{r} * kv_len];
    const uint32_t row = first + r;
    const float old_max = at<float>(stats, row, 0);
    float new_max = old_max;
    for (uint32_t t = 0; t < kv_len; ++t) new_max = std::fmax(new_max, s[t]);
    float p_sum = 0.0f;
    for (uint32_t t = 0; t < kv_len; ++t) {
      p[t] = std::exp(s[t] - new_max);
      p_sum += p[t];
    }
    const float rescale = std::exp(old_max - new_max);  // 0 on the first tile
    for (uint32_t d = 0; d < o.shapes[1]; ++d) {
      float pv = 0.0f;
      for (uint32_t t = 0; t < kv_len; ++t) {
        pv += p[t] * bf16_to_float(at<uint16_t>(v, t, d));
      }
      at<float>(o, row, d) = at<float>(o, row, d) * rescale + pv;
    }
    at<float>(stats, row, 0) = new_max;
    at<float>(stats, row, 1) = at<float>(stats, row, 1) * rescale + p_sum;
  }
}

// out_proj, cube lane: (in o, in stats, in wo, out y).
// workspace = (o / running sum) @ wo, all 64 rows (one block).
extern "C" void proj_cube(int64_t* args) {
  record("proj_cube", args, 4, 0);
  const ChipTensor& o = tensor_arg(args, 0);
  const ChipTensor& stats = tensor_arg(args, 1);
  const ChipTensor& wo = tensor_arg(args, 2);
  const uint32_t rows = o.shapes[0], inner = o.shapes[1], cols = wo.shapes[1];
  claim_workspace(o, wo, rows, cols);
  for (uint32_t r = 0; r < rows; ++r) {
    const float inverse_sum = 1.0f / at<float>(stats, r, 1);
    for (uint32_t c = 0; c < cols; ++c) {
      float sum = 0.0f;
      for (uint32_t d = 0; d < inner; ++d) {
        sum += at<float>(o, r, d) * inverse_sum *
               bf16_to_float(at<uint16_t>(wo, d, c));
      }
      workspace.values[size_t{r} * cols + c] = sum;
    }
  }
}

// out_proj, vector lane: y = bf16(workspace).
extern "C" void proj_epilogue(int64_t* args) {
  record("proj_epilogue", args, 4, 0);
  const ChipTensor& o = tensor_arg(args, 0);
  const ChipTensor& wo = tensor_arg(args, 2);
  const ChipTensor& y = tensor_arg(args, 3);
  expect_workspace(o, wo);
  for (uint32_t r = 0; r < y.shapes[0]; ++r) {
    for (uint32_t c = 0; c < y.shapes[1]; ++c) {
      at<uint16_t>(y, r, c) =
          float_to_bf16(workspace.values[size_t{r} * workspace.columns + c]);
    }
  }
}
