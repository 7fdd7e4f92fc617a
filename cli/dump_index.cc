#include "dump_index.h"

#include <charconv>
#include <limits>
#include <ostream>

#include "bounded_json.h"
#include "json_nlohmann.h"
#include "command.h"
#include "npy.h"

namespace taskc {

namespace {

using Json = nlohmann::ordered_json;

constexpr const char* kIndexName = "tensor_dump.json";
constexpr const char* kFormat = "taskc-host-tensor-dump";
constexpr size_t kMaxIndexBytes = size_t{1} << 30;
constexpr size_t kMaxShownProblems = 20;

const char* const kStandardFields[] = {"task",  "kernel", "func_id", "slot",
                                       "direction", "stage", "dtype", "shape",
                                       "offset", "size", "marked"};

class IndexChecker {
 public:
  explicit IndexChecker(std::string file) : file_(std::move(file)) {}

  void problem(const std::string& pointer, const std::string& message) {
    problems.push_back(file_ + ": " + (pointer.empty() ? "" : pointer + ": ") + message);
  }

  const Json* member(const Json& object, const std::string& pointer,
                     const char* key, bool required = true) {
    auto it = object.find(key);
    if (it == object.end()) {
      if (required) problem(pointer, std::string("missing \"") + key + "\"");
      return nullptr;
    }
    return &*it;
  }

  bool unsigned_field(const Json& object, const std::string& pointer, const char* key,
                      uint64_t* out) {
    const Json* value = member(object, pointer, key);
    if (value == nullptr) return false;
    if (!value->is_number_unsigned()) {
      problem(pointer + "/" + key, "expected a non-negative integer");
      return false;
    }
    *out = value->get<uint64_t>();
    return true;
  }

  bool string_field(const Json& object, const std::string& pointer, const char* key,
                    std::string* out) {
    const Json* value = member(object, pointer, key);
    if (value == nullptr) return false;
    if (!value->is_string()) {
      problem(pointer + "/" + key, "expected a string");
      return false;
    }
    *out = value->get<std::string>();
    return true;
  }

  bool bool_field(const Json& object, const std::string& pointer, const char* key,
                  bool* out) {
    const Json* value = member(object, pointer, key, false);
    if (value == nullptr) return true;  // absent in version 1: false
    if (!value->is_boolean()) {
      problem(pointer + "/" + key, "expected true or false");
      return false;
    }
    *out = value->get<bool>();
    return true;
  }

  void scalar(const Json& value, const std::string& pointer, DumpScalar* s) {
    if (!value.is_object()) {
      problem(pointer, "expected an object");
      return;
    }
    s->fields = value;
    std::string raw;
    unsigned_field(value, pointer, "task", &s->task);
    string_field(value, pointer, "kernel", &s->kernel);
    unsigned_field(value, pointer, "index", &s->index);
    string_field(value, pointer, "dtype", &s->dtype);
    bool_field(value, pointer, "marked", &s->marked);
    if (!string_field(value, pointer, "raw", &raw)) return;
    const char* end = raw.data() + raw.size();
    auto r = raw.size() > 2 && raw.compare(0, 2, "0x") == 0
                 ? std::from_chars(raw.data() + 2, end, s->raw, 16)
                 : std::from_chars_result{raw.data(), std::errc::invalid_argument};
    if (r.ec != std::errc() || r.ptr != end) {
      problem(pointer + "/raw", "expected a hexadecimal word such as \"0x0000000000000001\"");
    }
  }

  void entry(const Json& value, const std::string& pointer, DumpEntry* e) {
    if (!value.is_object()) {
      problem(pointer, "expected an object");
      return;
    }
    e->fields = value;
    bool_field(value, pointer, "marked", &e->marked);
    uint64_t func_id = 0;
    bool ok = unsigned_field(value, pointer, "task", &e->task);
    ok &= string_field(value, pointer, "kernel", &e->kernel);
    ok &= unsigned_field(value, pointer, "func_id", &func_id);
    ok &= unsigned_field(value, pointer, "slot", &e->slot);
    ok &= string_field(value, pointer, "direction", &e->direction);
    ok &= string_field(value, pointer, "stage", &e->stage);
    ok &= string_field(value, pointer, "dtype", &e->dtype);
    ok &= unsigned_field(value, pointer, "offset", &e->offset);
    ok &= unsigned_field(value, pointer, "size", &e->size);
    if (ok && e->stage != "before" && e->stage != "after") {
      problem(pointer + "/stage", "expected \"before\" or \"after\"");
    }
    e->descr = npy::descr_for_dtype(e->dtype);
    if (ok && e->descr.empty()) problem(pointer + "/dtype", "unknown dtype '" + e->dtype + "'");
    const Json* shape = member(value, pointer, "shape");
    if (shape == nullptr) return;
    if (!shape->is_array() || shape->size() > 5) {
      problem(pointer + "/shape", "expected an array of at most 5 extents");
      return;
    }
    // The size must be the elements' bytes; products past 2^64 never are.
    uint64_t bytes = e->descr.empty() ? 1 : std::stoull(e->descr.substr(2));
    bool overflow = false;
    for (size_t axis = 0; axis < shape->size(); ++axis) {
      const Json& extent = (*shape)[axis];
      if (!extent.is_number_unsigned()) {
        problem(pointer + "/shape/" + std::to_string(axis), "expected a non-negative integer");
        return;
      }
      const uint64_t n = extent.get<uint64_t>();
      e->shape.push_back(n);
      if (n != 0 && bytes > std::numeric_limits<uint64_t>::max() / n) overflow = true;
      bytes *= n;
    }
    if (ok && !e->descr.empty() && (overflow || bytes != e->size)) {
      problem(pointer + "/size", std::to_string(e->size) + " bytes, but shape " +
                                     npy::shape_text(e->shape) + " of " + e->dtype +
                                     " holds " + (overflow ? "more than 2^64" : std::to_string(bytes)));
    }
  }

  void index(const Json& doc, DumpIndex* out) {
    if (!doc.is_object()) {
      problem("", "expected an object");
      return;
    }
    const Json* format = member(doc, "", "format");
    const Json* version = member(doc, "", "version");
    if (format && version && (*format != kFormat || (*version != 1 && *version != 2))) {
      problem("", std::string("not a version 1 or 2 \"") + kFormat + "\" index");
      return;
    }
    if (version && *version == 2) {
      if (string_field(doc, "", "level", &out->level) && out->level != "full" &&
          out->level != "partial") {
        problem("/level", "expected \"full\" or \"partial\"");
      }
      const Json* scalars = member(doc, "", "scalars");
      if (scalars != nullptr && !scalars->is_array()) problem("/scalars", "expected an array");
      if (scalars != nullptr && scalars->is_array()) {
        out->scalars.resize(scalars->size());
        for (size_t i = 0; i < scalars->size(); ++i) {
          scalar((*scalars)[i], "/scalars/" + std::to_string(i), &out->scalars[i]);
        }
      }
    }
    std::string blob;
    if (string_field(doc, "", "blob", &blob) &&
        (blob.empty() || blob == "." || blob == ".." || blob.find('/') != std::string::npos)) {
      problem("/blob", "expected a file name next to the index");
    }
    out->blob_path = parent_directory(out->index_path) + "/" + blob;
    const Json* entries = member(doc, "", "entries");
    if (entries != nullptr && !entries->is_array()) problem("/entries", "expected an array");
    if (entries != nullptr && entries->is_array()) {
      out->entries.resize(entries->size());
      for (size_t i = 0; i < entries->size(); ++i) {
        entry((*entries)[i], "/entries/" + std::to_string(i), &out->entries[i]);
      }
    }
    const Json* errors = member(doc, "", "errors", false);
    if (errors == nullptr) return;
    if (!errors->is_array()) problem("/errors", "expected an array of strings");
    for (size_t i = 0; errors->is_array() && i < errors->size(); ++i) {
      if ((*errors)[i].is_string()) {
        out->errors.push_back((*errors)[i].get<std::string>());
      } else {
        problem("/errors/" + std::to_string(i), "expected a string");
      }
    }
  }

  std::vector<std::string> problems;  // "FILE: /pointer: message"

 private:
  std::string file_;
};

}  // namespace

bool is_standard_entry_field(const std::string& key) {
  for (const char* name : kStandardFields) {
    if (key == name) return true;
  }
  return false;
}

int load_dump_index(Disk& disk, const std::string& path, DumpIndex* index,
                    std::ostream& err) {
  *index = DumpIndex{};
  index->index_path = disk.stat_path(path).kind == Disk::PathKind::kDirectory
                          ? path + "/" + kIndexName
                          : path;
  std::string text, error;
  const Disk::ReadStatus status =
      disk.read_file(index->index_path, kMaxIndexBytes, &text, &error);
  if (status != Disk::ReadStatus::kOk) {
    err << "taskc: error: " << printable(error) << "\n";
    return status == Disk::ReadStatus::kTooLarge ? kExitInputErrors : kExitIo;
  }
  IndexChecker checker(index->index_path);
  abi::JsonReadLimits limits;
  limits.max_depth = 16;
  limits.max_values = 16'000'000;  // about 1.3 million entries
  abi::JsonReadResult json = abi::read_json_bounded(text, limits);
  for (const abi::JsonProblem& p : json.problems) {
    checker.problem(p.pointer, p.message);
  }
  if (json.complete && json.problems.empty()) {
    // Bounded above (depth 16), so converting the tape to a tree is safe.
    checker.index(abi::to_nlohmann<Json>(json.document, json.document.root()), index);
  }
  if (checker.problems.empty()) {
    const Disk::PathInfo blob = disk.stat_path(index->blob_path);
    if (blob.kind != Disk::PathKind::kFile) {
      err << "taskc: error: cannot read the dump's blob '" << printable(index->blob_path)
          << "': " << (blob.kind == Disk::PathKind::kMissing ? "No such file" : "not a regular file")
          << "\n";
      return kExitIo;
    }
    for (size_t i = 0; i < index->entries.size(); ++i) {
      const DumpEntry& e = index->entries[i];
      if (e.offset > blob.size || e.size > blob.size - e.offset) {
        checker.problem("/entries/" + std::to_string(i),
                        "offset " + std::to_string(e.offset) + " + size " +
                            std::to_string(e.size) + " lies past the end of '" +
                            index->blob_path + "' (" + std::to_string(blob.size) + " bytes)");
      }
    }
  }
  const std::vector<std::string>& problems = checker.problems;
  for (size_t i = 0; i < problems.size() && i < kMaxShownProblems; ++i) {
    err << "taskc: error: " << printable(problems[i]) << "\n";
  }
  if (problems.size() > kMaxShownProblems) {
    err << "taskc: error: ... and " << problems.size() - kMaxShownProblems
        << " more problems\n";
  }
  return problems.empty() ? kExitOk : kExitInputErrors;
}

bool read_entry_bytes(Disk& disk, const DumpIndex& index, const DumpEntry& entry,
                      std::string* bytes, std::string* error) {
  return disk.read_range(index.blob_path, entry.offset, entry.size, bytes, error);
}

}  // namespace taskc
