// Runs a fuzz target's LLVMFuzzerTestOneInput over files, without libFuzzer,
// so the normal build (any compiler, with or without sanitizers) replays the
// seed corpus and every past finding under testdata/fuzz-regressions/.
//
//   kir_replay [--suffix .kir] [--max-seconds S] FILE_OR_DIR...
//
// A directory contributes its regular files (recursively, sorted) whose names
// end in the suffix, README.md excepted. A property violation aborts, which
// fails the test; an input that takes longer than --max-seconds (a hang
// regression) fails it too.
#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size);

namespace {

namespace fs = std::filesystem;

bool has_suffix(const std::string& name, const std::string& suffix) {
  return name.size() >= suffix.size() &&
         name.compare(name.size() - suffix.size(), suffix.size(), suffix) == 0;
}

void collect(const fs::path& path, const std::string& suffix,
             std::vector<fs::path>* out) {
  if (!fs::is_directory(path)) {
    out->push_back(path);
    return;
  }
  std::vector<fs::path> found;
  for (const auto& entry : fs::recursive_directory_iterator(path)) {
    std::string name = entry.path().filename().string();
    if (entry.is_regular_file() && name != "README.md" &&
        has_suffix(name, suffix)) {
      found.push_back(entry.path());
    }
  }
  std::sort(found.begin(), found.end());
  out->insert(out->end(), found.begin(), found.end());
}

}  // namespace

int main(int argc, char** argv) {
  std::string suffix;
  double max_seconds = 20;
  std::vector<fs::path> inputs;
  for (int i = 1; i < argc; ++i) {
    std::string arg = argv[i];
    if (arg == "--suffix" && i + 1 < argc) {
      suffix = argv[++i];
    } else if (arg == "--max-seconds" && i + 1 < argc) {
      max_seconds = std::atof(argv[++i]);
    } else {
      collect(arg, suffix, &inputs);
    }
  }
  if (inputs.empty()) {
    std::fprintf(stderr, "replay: no inputs\n");
    return 1;
  }
  int slow = 0;
  for (const fs::path& path : inputs) {
    std::ifstream in(path, std::ios::binary);
    if (!in) {
      std::fprintf(stderr, "replay: cannot read %s\n", path.c_str());
      return 1;
    }
    std::string data((std::istreambuf_iterator<char>(in)),
                     std::istreambuf_iterator<char>());
    auto start = std::chrono::steady_clock::now();
    LLVMFuzzerTestOneInput(reinterpret_cast<const uint8_t*>(data.data()),
                           data.size());
    std::chrono::duration<double> took =
        std::chrono::steady_clock::now() - start;
    if (took.count() > max_seconds) {
      std::fprintf(stderr, "replay: %s took %.1f s (limit %.1f s)\n",
                   path.c_str(), took.count(), max_seconds);
      ++slow;
    }
  }
  std::printf("replayed %zu input(s), %d too slow\n", inputs.size(), slow);
  return slow == 0 ? 0 : 1;
}
