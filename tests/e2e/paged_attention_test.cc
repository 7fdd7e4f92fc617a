// testdata/valid/paged_attention.kir end to end: nested loops, tensor.read of
// the block table and sequence lengths, KV-cache views at offsets from the
// block table, `?` views of the partly filled last block. The host kernels
// (kernels_paged_attention.cc) follow the program's comments; the result is
// compared with plain softmax attention over each sequence's tokens.
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <utility>
#include <vector>

#include "bf16.h"
#include "e2e_support.h"

namespace {

using namespace e2e;

// Fixed by the program's consts.
constexpr uint32_t kBlock = 128, kHeads = 16, kHeadDim = 128;

// Small problem: three sequences over a cache of six blocks; sequence 0
// spans three blocks (the last with 44 valid rows), sequence 1 part of one
// block, sequence 2 exactly one full block.
constexpr uint32_t kBatch = 3, kMaxBlocks = 3, kCacheBlocks = 6;
constexpr uint32_t kCacheRows = kCacheBlocks * kBlock;
const std::vector<int32_t> kSeqLens = {300, 77, 128};
// Unused entries point at block 0; the program must not read them.
const std::vector<int32_t> kBlockTable = {4, 1, 5,  //
                                          2, 0, 0,  //
                                          3, 0, 0};

// Deterministic values in [-1, 1), rounded to bf16.
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
  std::vector<uint16_t> query = random_bf16(size_t{kBatch} * kHeads * kHeadDim, 1);
  std::vector<uint16_t> key_cache = random_bf16(size_t{kCacheRows} * kHeadDim, 2);
  std::vector<uint16_t> value_cache = random_bf16(size_t{kCacheRows} * kHeadDim, 3);
  std::vector<int32_t> block_table = kBlockTable;
  std::vector<int32_t> seq_lens = kSeqLens;
  float scale = 1.0f / std::sqrt(static_cast<float>(kHeadDim));
};

// Cache row of token t of sequence b.
uint32_t cache_row(uint32_t b, uint32_t t) {
  return static_cast<uint32_t>(kBlockTable[b * kMaxBlocks + t / kBlock]) * kBlock +
         t % kBlock;
}

// softmax(q k^T * scale) v per sequence and head, in double.
std::vector<double> reference(const Inputs& in) {
  std::vector<double> out(size_t{kBatch} * kHeads * kHeadDim, 0.0);
  for (uint32_t b = 0; b < kBatch; ++b) {
    const uint32_t len = static_cast<uint32_t>(kSeqLens[b]);
    for (uint32_t h = 0; h < kHeads; ++h) {
      const size_t q_row = (size_t{b} * kHeads + h) * kHeadDim;
      std::vector<double> scores(len);
      double max_score = -INFINITY;
      for (uint32_t t = 0; t < len; ++t) {
        const size_t k_row = size_t{cache_row(b, t)} * kHeadDim;
        double dot = 0;
        for (uint32_t d = 0; d < kHeadDim; ++d) {
          dot += double{bf16_to_float(in.query[q_row + d])} *
                 bf16_to_float(in.key_cache[k_row + d]);
        }
        scores[t] = dot * in.scale;
        max_score = std::fmax(max_score, scores[t]);
      }
      double sum = 0;
      for (double& s : scores) sum += (s = std::exp(s - max_score));
      for (uint32_t t = 0; t < len; ++t) {
        const size_t v_row = size_t{cache_row(b, t)} * kHeadDim;
        for (uint32_t d = 0; d < kHeadDim; ++d) {
          out[q_row + d] += scores[t] / sum * bf16_to_float(in.value_cache[v_row + d]);
        }
      }
    }
  }
  return out;
}

host::RunResult run(const Program& program, Inputs& in,
                    std::vector<uint16_t>& attn_out, const std::string& dump_dir) {
  host::HostRuntime runtime(program.chip,
                            host::HostRuntimeOptions{1, dump_dir, true});
  runtime.bind_tensor(in.query, DataType::BFLOAT16, {kBatch, kHeads, kHeadDim});
  runtime.bind_tensor(in.key_cache, DataType::BFLOAT16, {kCacheRows, kHeadDim});
  runtime.bind_tensor(in.value_cache, DataType::BFLOAT16, {kCacheRows, kHeadDim});
  runtime.bind_tensor(in.block_table, DataType::INT32, {kBatch, kMaxBlocks});
  runtime.bind_tensor(in.seq_lens, DataType::INT32, {kBatch});
  runtime.bind_tensor(attn_out, DataType::BFLOAT16, {kBatch, kHeads, kHeadDim});
  runtime.bind_scalar(to_u64(in.scale));
  return runtime.run_library(TASKC_E2E_PAGED_ATTENTION_ORCHESTRATION);
}

TEST_CASE("paged_attention matches softmax attention over the paged cache") {
  const Program program = load_program(TASKC_E2E_PAGED_ATTENTION_MANIFEST,
                                       TASKC_E2E_PAGED_ATTENTION_KERNELS);
  Inputs in;
  // NaN in bf16: any element the program fails to write stays NaN.
  std::vector<uint16_t> attn_out(size_t{kBatch} * kHeads * kHeadDim, 0x7fc0);
  ScratchDir dump("paged_attention_dump");
  const host::RunResult result = run(program, in, attn_out, dump.path());
  INFO(result.error_text());
  REQUIRE(result.ok());
  CHECK(result.races.empty());
  // Per sequence: init_state, 4 tasks per KV block, normalize_out.
  uint32_t expected_tasks = 0;
  for (int32_t len : kSeqLens) {
    expected_tasks += 2 + 4 * ((static_cast<uint32_t>(len) + kBlock - 1) / kBlock);
  }
  CHECK(result.kernel_tasks == expected_tasks);

  const std::vector<double> expected = reference(in);
  size_t bad = 0;
  double worst = 0;
  for (size_t i = 0; i < expected.size(); ++i) {
    const double error = std::fabs(bf16_to_float(attn_out[i]) - expected[i]);
    if (!(error <= 4e-3)) ++bad;  // NaN counts as bad
    if (error > worst) worst = error;
  }
  INFO("worst absolute error " << worst);
  CHECK(bad == 0);

  // Every qk_matmul task read the valid rows of the right cache block: the
  // `?` view's extent is the block's fill, its bytes those cache rows.
  const nlohmann::json index = check_dump_covers_every_slot(result, program.manifest);
  std::vector<std::pair<uint32_t, uint32_t>> k_views;  // (first row, rows)
  for (uint32_t b = 0; b < kBatch; ++b) {
    for (uint32_t t = 0; t < static_cast<uint32_t>(kSeqLens[b]); t += kBlock) {
      const uint32_t rows = std::min(kBlock, static_cast<uint32_t>(kSeqLens[b]) - t);
      k_views.emplace_back(cache_row(b, t), rows);
    }
  }
  size_t seen = 0;
  for (const nlohmann::json& entry : index.at("entries")) {
    if (entry.at("kernel") != "qk_matmul" || entry.at("slot") != 1) continue;
    REQUIRE(seen < k_views.size());
    const auto [first_row, rows] = k_views[seen++];
    INFO("K view " << seen << " of cache rows " << first_row << "+" << rows);
    CHECK(entry.at("shape").get<std::vector<uint32_t>>() ==
          std::vector<uint32_t>{rows, kHeadDim});
    const std::vector<uint16_t> rows_data(
        in.key_cache.begin() + size_t{first_row} * kHeadDim,
        in.key_cache.begin() + size_t{first_row + rows} * kHeadDim);
    CHECK(dump_bytes(result, entry) == bytes_of(rows_data));
  }
  CHECK(seen == k_views.size());
}

}  // namespace
