// taskc dump list|scalars|show|extract DIR ...: reads the tensor dump that
// `taskc run --dump DIR` writes (runtime_abi/tensor_dump.h).
#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <optional>
#include <ostream>

#include "command.h"
#include "dump_index.h"
#include "npy.h"
#include "output_writer.h"

namespace taskc {

namespace {

struct DumpOptions {
  std::string dump;
  // Filters of list and extract.
  std::optional<uint64_t> task, slot;
  std::optional<std::string> kernel, stage;
  bool marked_only = false;
  // show
  size_t entry = 0;
  size_t count = 16;
  // extract
  std::string out_dir;
};

bool selected(const DumpEntry& e, const DumpOptions& o) {
  return (!o.task || e.task == *o.task) && (!o.slot || e.slot == *o.slot) &&
         (!o.kernel || e.kernel == *o.kernel) && (!o.stage || e.stage == *o.stage) &&
         (!o.marked_only || e.marked);
}

std::string shape_words(const std::vector<uint64_t>& shape) {
  if (shape.empty()) return "scalar";
  std::string text;
  for (size_t i = 0; i < shape.size(); ++i) text += (i ? "x" : "") + std::to_string(shape[i]);
  return text;
}

// Fields the reader does not know ("marked", ...), as " key=value".
std::string extra_fields(const DumpEntry& e) {
  std::string text;
  for (const auto& [key, value] : e.fields.items()) {
    if (!is_standard_entry_field(key)) text += " " + key + "=" + value.dump();
  }
  return text;
}

int run_list(const DumpOptions& o, CommandEnv& env) {
  DumpIndex index;
  if (int code = load_dump_index(env.disk, o.dump, &index, env.err)) return code;
  char line[256];
  std::snprintf(line, sizeof line, "%5s %5s %-24s %4s %-5s %-6s %-9s %-18s %10s\n",
                "entry", " task", "kernel", "slot", "dir", "stage", "dtype", "shape", "bytes");
  env.out << line;
  for (size_t i = 0; i < index.entries.size() && env.out; ++i) {
    const DumpEntry& e = index.entries[i];
    if (!selected(e, o)) continue;
    // A '*' after the entry number: marked for the partial dump.
    std::snprintf(line, sizeof line, "%5zu%c%5llu %-24s %4llu %-5s %-6s %-9s %-18s %10llu",
                  i, e.marked ? '*' : ' ', static_cast<unsigned long long>(e.task),
                  printable(e.kernel).c_str(),
                  static_cast<unsigned long long>(e.slot), printable(e.direction).c_str(),
                  e.stage.c_str(), e.dtype.c_str(), shape_words(e.shape).c_str(),
                  static_cast<unsigned long long>(e.size));
    env.out << line << printable(extra_fields(e)) << "\n";
  }
  for (const std::string& error : index.errors) env.out << "error: " << printable(error) << "\n";
  return kExitOk;
}

double half_to_double(uint16_t bits) {
  const int exponent = (bits >> 10) & 0x1f;
  const int mantissa = bits & 0x3ff;
  const double sign = (bits & 0x8000) != 0 ? -1.0 : 1.0;
  if (exponent == 0) return sign * std::ldexp(mantissa, -24);
  if (exponent == 31) return mantissa != 0 ? NAN : sign * INFINITY;
  return sign * std::ldexp(mantissa + 1024, exponent - 25);
}

template <typename T>
T load(const char* p) {
  T value;
  std::memcpy(&value, p, sizeof value);
  return value;
}

// One element as text: shortest round-trip form for floats, raw integers
// for the dtypes without a C++ type (their .npy descr is an unsigned one).
std::string element_text(const std::string& descr, const char* p) {
  const char kind = descr[1];
  const size_t size = descr[2] - '0';
  char buffer[64];
  std::to_chars_result r{};
  if (kind == 'f' && size == 4) {
    r = std::to_chars(buffer, buffer + sizeof buffer, load<float>(p));
  } else if (kind == 'f') {
    r = std::to_chars(buffer, buffer + sizeof buffer, half_to_double(load<uint16_t>(p)));
  } else if (kind == 'b') {
    return *p != 0 ? "true" : "false";
  } else if (kind == 'i') {
    const int64_t v = size == 1 ? load<int8_t>(p) : size == 2 ? load<int16_t>(p)
                      : size == 4 ? load<int32_t>(p) : load<int64_t>(p);
    r = std::to_chars(buffer, buffer + sizeof buffer, v);
  } else {
    const uint64_t v = size == 1 ? load<uint8_t>(p) : size == 2 ? load<uint16_t>(p)
                       : size == 4 ? load<uint32_t>(p) : load<uint64_t>(p);
    r = std::to_chars(buffer, buffer + sizeof buffer, v);
  }
  return std::string(buffer, r.ptr);
}

// A scalar's value as the dtype it was added as.
std::string scalar_value(const DumpScalar& s) {
  const std::string descr = npy::descr_for_dtype(s.dtype);
  if (descr.empty() || s.dtype == "FLOAT16" || s.dtype == "BFLOAT16") return "?";
  char bytes[8];
  std::memcpy(bytes, &s.raw, sizeof bytes);  // the low bytes hold the value (little endian)
  return element_text(descr, bytes);
}

int run_scalars(const DumpOptions& o, CommandEnv& env) {
  DumpIndex index;
  if (int code = load_dump_index(env.disk, o.dump, &index, env.err)) return code;
  char line[256];
  std::snprintf(line, sizeof line, "%5s %-24s %6s %-9s %-22s %s\n", " task", "kernel",
                "scalar", "dtype", "value", "raw");
  env.out << line;
  for (const DumpScalar& s : index.scalars) {
    if (!env.out) break;
    if ((o.task && s.task != *o.task) || (o.kernel && s.kernel != *o.kernel) ||
        (o.marked_only && !s.marked)) {
      continue;
    }
    char raw[19];
    std::snprintf(raw, sizeof raw, "0x%016llx", static_cast<unsigned long long>(s.raw));
    std::snprintf(line, sizeof line, "%5llu%c%-24s %6llu %-9s %-22s %s\n",
                  static_cast<unsigned long long>(s.task), s.marked ? '*' : ' ',
                  printable(s.kernel).c_str(), static_cast<unsigned long long>(s.index),
                  printable(s.dtype).c_str(), scalar_value(s).c_str(), raw);
    env.out << line;
  }
  return kExitOk;
}

int run_show(const DumpOptions& o, CommandEnv& env) {
  DumpIndex index;
  if (int code = load_dump_index(env.disk, o.dump, &index, env.err)) return code;
  if (o.entry >= index.entries.size()) {
    env.err << "taskc: error: no entry " << o.entry << "; the dump has "
            << index.entries.size() << (index.entries.size() == 1 ? " entry" : " entries")
            << " (see 'taskc dump list')\n";
    return kExitUsage;
  }
  const DumpEntry& e = index.entries[o.entry];
  std::string bytes, error;
  if (!read_entry_bytes(env.disk, index, e, &bytes, &error)) {
    env.err << "taskc: error: " << printable(error) << "\n";
    return kExitIo;
  }
  env.out << "entry " << o.entry << " of " << index.entries.size() << "\n";
  for (const auto& [key, value] : e.fields.items()) {
    env.out << "  " << printable(key) << ": "
            << printable(value.is_string() ? value.get<std::string>() : value.dump()) << "\n";
  }
  const size_t item = static_cast<size_t>(e.descr[2] - '0');
  const size_t total = bytes.size() / item;
  const size_t shown = o.count == 0 ? total : std::min(total, o.count);
  env.out << "values (" << (shown == total ? "all " : "first ") << shown << " of " << total
          << "):";
  for (size_t i = 0; i < shown && env.out; ++i) {
    env.out << (i % 8 == 0 ? "\n  " : " ") << element_text(e.descr, bytes.data() + i * item);
  }
  env.out << (shown < total ? " ..." : "") << "\n";
  return kExitOk;
}

// Entry files are named from the kernel name; a hostile index must not be
// able to name a path elsewhere.
bool plain_name(const std::string& text) {
  if (text.empty()) return false;
  for (char c : text) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
                    (c >= '0' && c <= '9') || c == '_';
    if (!ok) return false;
  }
  return true;
}

int run_extract(const DumpOptions& o, CommandEnv& env) {
  if (int code = check_output_directory(env.disk, o.out_dir, env.err)) return code;
  DumpIndex index;
  if (int code = load_dump_index(env.disk, o.dump, &index, env.err)) return code;
  std::vector<PlannedOutput> files;
  for (size_t i = 0; i < index.entries.size(); ++i) {
    const DumpEntry& e = index.entries[i];
    if (!selected(e, o)) continue;
    if (!plain_name(e.kernel)) {
      env.err << "taskc: error: " << printable(index.index_path) << ": /entries/" << i
              << "/kernel: '" << printable(e.kernel)
              << "' cannot name a file (letters, digits and '_' only)\n";
      return kExitInputErrors;
    }
    std::string bytes, error;
    if (!read_entry_bytes(env.disk, index, e, &bytes, &error)) {
      env.err << "taskc: error: " << printable(error) << "\n";
      return kExitIo;
    }
    files.push_back({o.out_dir + "/task" + std::to_string(e.task) + "_" + e.kernel + "_slot" +
                         std::to_string(e.slot) + "_" + e.stage + ".npy",
                     npy::make_file(e.descr, e.shape, bytes)});
  }
  OutputOptions write_options;
  write_options.prerequisites = {index.index_path, index.blob_path};
  if (int code = write_outputs(env.disk, files, write_options, env.err)) return code;
  env.err << "taskc: wrote " << files.size() << (files.size() == 1 ? " file" : " files")
          << " to " << printable(o.out_dir) << "\n";
  return kExitOk;
}

void add_filters(CLI::App& cmd, DumpOptions& o) {
  cmd.add_option("--task", o.task, "only entries of this task");
  cmd.add_option("--kernel", o.kernel, "only entries of this kernel");
  cmd.add_flag("--marked", o.marked_only, "only what the orchestration marked for the dump");
  cmd.add_option("--slot", o.slot, "only entries of this payload slot");
  cmd.add_option("--stage", o.stage, "only entries captured before or after the task")
      ->check(CLI::IsMember({"before", "after"}));
}

}  // namespace

void register_dump(CLI::App& app, CommandRunner* selected_runner) {
  auto* dump = app.add_subcommand("dump", "read a tensor dump written by 'taskc run --dump'");
  dump->require_subcommand(1);
  auto o = std::make_shared<DumpOptions>();
  const char* const dir_help = "the dump directory (or its tensor_dump.json)";

  auto* list = dump->add_subcommand("list", "one line per entry, then the dump's errors");
  list->add_option("dump", o->dump, dir_help)->required();
  add_filters(*list, *o);
  list->callback([=] { *selected_runner = [=](CommandEnv& env) { return run_list(*o, env); }; });

  auto* scalars = dump->add_subcommand("scalars", "the dumped tasks' scalar arguments");
  scalars->add_option("dump", o->dump, dir_help)->required();
  scalars->add_option("--task", o->task, "only scalars of this task");
  scalars->add_option("--kernel", o->kernel, "only scalars of this kernel");
  scalars->add_flag("--marked", o->marked_only, "only scalars the orchestration marked");
  scalars->callback(
      [=] { *selected_runner = [=](CommandEnv& env) { return run_scalars(*o, env); }; });

  auto* show = dump->add_subcommand("show", "an entry's fields and values");
  show->add_option("dump", o->dump, dir_help)->required();
  show->add_option("entry", o->entry, "entry number, as 'list' prints it")->required();
  show->add_option("--count", o->count, "values to print (0: all)")->capture_default_str();
  show->callback([=] { *selected_runner = [=](CommandEnv& env) { return run_show(*o, env); }; });

  auto* extract = dump->add_subcommand("extract", "write entries as .npy files");
  extract->add_option("dump", o->dump, dir_help)->required();
  extract->add_option("outdir", o->out_dir, "an existing directory for the .npy files")
      ->required();
  add_filters(*extract, *o);
  extract->callback(
      [=] { *selected_runner = [=](CommandEnv& env) { return run_extract(*o, env); }; });
}

}  // namespace taskc
