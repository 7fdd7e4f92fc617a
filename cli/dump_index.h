// Reading a host-runtime tensor dump (runtime_abi/tensor_dump.h): the index
// DIR/tensor_dump.json, checked field by field, and its entries' bytes in
// the blob next to it.
#ifndef TASKC_CLI_DUMP_INDEX_H
#define TASKC_CLI_DUMP_INDEX_H

#include <cstdint>
#include <iosfwd>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "disk.h"

namespace taskc {

struct DumpEntry {
  uint64_t task = 0;
  std::string kernel;
  uint64_t slot = 0;
  std::string direction;
  std::string stage;  // "before" or "after"
  std::string dtype;  // runtime dtype name
  std::string descr;  // the .npy descr taskc run writes for it
  std::vector<uint64_t> shape;
  uint64_t offset = 0;
  uint64_t size = 0;
  bool marked = false;  // marked by the orchestration (CoreTaskArgs::dump)
  // Every field of the entry as the index has it, in its order (including
  // fields this reader does not know).
  nlohmann::ordered_json fields;
};

// A scalar argument of a dumped task (index version 2).
struct DumpScalar {
  uint64_t task = 0;
  std::string kernel;
  uint64_t index = 0;  // among the task's scalars
  std::string dtype;   // the C type it was added as, as a runtime dtype name
  uint64_t raw = 0;    // the payload word
  bool marked = false;
  nlohmann::ordered_json fields;
};

struct DumpIndex {
  std::string index_path;
  std::string blob_path;
  std::string level = "full";  // "full" or "partial" (version 2)
  std::vector<DumpEntry> entries;
  std::vector<DumpScalar> scalars;
  std::vector<std::string> errors;  // the index's "errors"
};

// The fields every entry has; others are shown as they are.
bool is_standard_entry_field(const std::string& key);

// Loads the dump at `path` (its directory or its tensor_dump.json). Problems
// go to `err` as "taskc: error: FILE: /json/pointer: message"; returns the
// exit code: 0, 1 (a malformed index, an entry past the blob's end) or 3
// (a file that cannot be read).
int load_dump_index(Disk& disk, const std::string& path, DumpIndex* index,
                    std::ostream& err);

// An entry's bytes from the blob; false with `error` set when unreadable.
bool read_entry_bytes(Disk& disk, const DumpIndex& index, const DumpEntry& entry,
                      std::string* bytes, std::string* error);

}  // namespace taskc

#endif  // TASKC_CLI_DUMP_INDEX_H
