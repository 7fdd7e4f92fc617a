#include "run_bindings.h"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cstdlib>
#include <cstring>
#include <limits>
#include <map>
#include <ostream>
#include <set>

#include "command.h"
#include "diagnostics.h"
#include "entry_collections.h"
#include "npy.h"
#include "output_writer.h"

namespace taskc {

namespace {

using abi::ArgDirection;
using abi::ManifestParam;
using abi::ParamKind;

bool is_identifier(const std::string& text) {
  if (text.empty() || (std::isdigit(static_cast<unsigned char>(text[0])) != 0)) {
    return false;
  }
  for (char c : text) {
    if (std::isalnum(static_cast<unsigned char>(c)) == 0 && c != '_') return false;
  }
  return true;
}

std::string extent_text(const abi::ShapeExtent& extent) {
  if (const int64_t* fixed = std::get_if<int64_t>(&extent)) {
    return std::to_string(*fixed);
  }
  return std::get<std::string>(extent);
}

std::string manifest_shape_text(const ManifestParam& param) {
  std::string text = "[";
  for (size_t i = 0; i < param.shape.size(); ++i) {
    text += (i ? ", " : "") + extent_text(param.shape[i]);
  }
  return text + "]";
}

std::string describe(const ManifestParam& param) {
  if (param.kind == ParamKind::SCALAR) return param.dtype + " scalar";
  return std::string(abi::direction_name(param.direction)) + " tensor " +
         param.dtype + " " + manifest_shape_text(param);
}

bool runtime_dtype(const std::string& name, DataType* out) {
  for (uint32_t v = 0; v <= static_cast<uint32_t>(DataType::FP4E2M1); ++v) {
    if (name == host::detail::dtype_name(static_cast<DataType>(v))) {
      *out = static_cast<DataType>(v);
      return true;
    }
  }
  return false;
}

// Collects the problems of all bindings, so that one run reports every
// mistake of a long command line at once.
class BindingChecker {
 public:
  BindingChecker(const abi::ManifestOrchestration& orchestration,
                 const BindingRequest& request, Disk& disk, std::ostream& err)
      : orchestration_(orchestration),
        request_(request),
        disk_(disk),
        err_(err),
        collection_(request.inputs_from, disk, request.max_input_size) {}

  int run(EntryArguments* out) {
    index_bindings();
    read_dim_options();
    if (collection_.given()) {
      std::string problem;
      const int code = collection_.open(&problem);
      collection_ok_ = code == kExitOk;
      if (!collection_ok_) error(problem, code);
    }
    for (const ManifestParam& param : orchestration_.params) {
      if (param.kind == ParamKind::SCALAR) {
        bind_scalar(param, out);
      } else {
        check_tensor_bindings(param);
      }
    }
    // Inputs first so that the dims they fix are known to every output.
    for (const ManifestParam& param : orchestration_.params) {
      if (param.kind != ParamKind::TENSOR) continue;
      out->tensors.emplace_back();
      EntryTensor& tensor = out->tensors.back();
      tensor.name = param.name;
      tensor.direction = param.direction;
      tensor.dtype = param.dtype;
      if (!runtime_dtype(param.dtype, &tensor.runtime_dtype)) {
        error("parameter '" + param.name + "' has dtype " + param.dtype +
              ", which the host runtime does not know");
        continue;
      }
      if (param.direction != ArgDirection::OUT) read_input(param, &tensor);
    }
    size_t index = 0;
    for (const ManifestParam& param : orchestration_.params) {
      if (param.kind != ParamKind::TENSOR) continue;
      EntryTensor& tensor = out->tensors[index++];
      if (param.direction == ArgDirection::OUT) allocate_output(param, &tensor);
      if (param.direction != ArgDirection::IN) set_output(param, &tensor, out);
    }
    check_output_locations_early(*out);
    return code_;
  }

 private:
  struct DimValue {
    uint64_t extent = 0;
    std::string source;  // "--dim N=16", "parameter 'a' axis 0"
  };

  void error(const std::string& message, int code = kExitInputErrors) {
    err_ << "taskc: error: " << printable(message) << "\n";
    code_ = std::max(code_, code);
    ++error_count_;
  }

  // Where an OUT or INOUT tensor is written: its --output file, else its
  // file or member of --outputs.
  void set_output(const ManifestParam& p, EntryTensor* tensor, EntryArguments* out) {
    auto it = outputs_.find(p.name);
    if (it != outputs_.end()) {
      tensor->output_path = it->second->value;
    } else if (is_npz_path(request_.outputs_to)) {
      tensor->output_member = member_name(p.name);
      out->output_archive = request_.outputs_to;
    } else if (!request_.outputs_to.empty()) {
      tensor->output_path = request_.outputs_to + "/" + member_name(p.name);
    }
  }

  // A missing output directory is found before the run, not after it.
  void check_output_locations_early(const EntryArguments& arguments) {
    if (code_ != kExitOk) return;
    std::vector<std::string> paths;
    for (const EntryTensor& t : arguments.tensors) {
      if (!t.output_path.empty()) paths.push_back(t.output_path);
    }
    if (!arguments.output_archive.empty()) paths.push_back(arguments.output_archive);
    const int code = check_output_locations(disk_, paths, err_);
    if (code != kExitOk) {
      code_ = std::max(code_, code);
      ++error_count_;
    }
  }

  const ManifestParam* param(const std::string& name) const {
    for (const ManifestParam& p : orchestration_.params) {
      if (p.name == name) return &p;
    }
    return nullptr;
  }

  std::string parameter_list() const {
    std::string text;
    for (const ManifestParam& p : orchestration_.params) {
      text += (text.empty() ? "" : ", ") + p.name;
    }
    return text.empty() ? "none" : text;
  }

  // Files each binding by name; unknown names and repeats are errors.
  void index_bindings() {
    struct Kind {
      const char* option;
      const std::vector<NamedArg>* args;
      std::map<std::string, const NamedArg*>* index;
    };
    const Kind kinds[] = {{"--input", &request_.inputs, &inputs_},
                          {"--output", &request_.outputs, &outputs_},
                          {"--scalar", &request_.scalars, &scalars_}};
    for (const Kind& kind : kinds) {
      for (const NamedArg& arg : *kind.args) {
        if (param(arg.name) == nullptr) {
          error(std::string(kind.option) + " " + arg.name + "=" + arg.value +
                ": the orchestration '" + orchestration_.name +
                "' has no parameter '" + arg.name + "' (parameters: " +
                parameter_list() + ")");
        } else if (!kind.index->emplace(arg.name, &arg).second) {
          error(std::string(kind.option) + ": '" + arg.name +
                "' is bound more than once");
        }
      }
    }
    std::map<std::string, std::string> written;
    for (const NamedArg& arg : request_.outputs) {
      auto [it, fresh] = written.emplace(arg.value, arg.name);
      if (!fresh && it->second != arg.name) {
        error("--output: '" + it->second + "' and '" + arg.name +
              "' are both written to '" + arg.value + "'");
      }
    }
  }

  void read_dim_options() {
    std::set<std::string> known;
    for (const ManifestParam& p : orchestration_.params) {
      for (const abi::ShapeExtent& e : p.shape) {
        if (const auto* name = std::get_if<std::string>(&e)) known.insert(*name);
      }
    }
    for (const NamedArg& arg : request_.dims) {
      const std::string what = "--dim " + arg.name + "=" + arg.value;
      uint64_t value = 0;
      auto [end, ec] = std::from_chars(arg.value.data(),
                                       arg.value.data() + arg.value.size(), value);
      if (ec != std::errc() || end != arg.value.data() + arg.value.size() ||
          value > std::numeric_limits<uint32_t>::max()) {
        error(what + ": the extent must be an integer 0.." +
              std::to_string(std::numeric_limits<uint32_t>::max()));
      } else if (known.count(arg.name) == 0) {
        error(what + ": no parameter shape of '" + orchestration_.name +
              "' uses a dim named '" + arg.name + "'");
      } else if (!dims_.emplace(arg.name, DimValue{value, what}).second) {
        error("--dim: '" + arg.name + "' is given more than once");
      }
    }
  }

  void bind_scalar(const ManifestParam& p, EntryArguments* out) {
    for (const auto* index : {&inputs_, &outputs_}) {
      if (index->count(p.name) != 0) {
        error("'" + p.name + "' is a " + p.dtype + " scalar; give it with "
              "--scalar " + p.name + "=VALUE");
      }
    }
    uint64_t raw = 0;
    auto it = scalars_.find(p.name);
    if (it == scalars_.end()) {
      error("missing --scalar " + p.name + "=VALUE (" + describe(p) + ")");
    } else {
      std::string problem;
      if (!parse_scalar(p.dtype, it->second->value, &raw, &problem)) {
        error("--scalar " + p.name + "=" + it->second->value + ": " + problem);
      }
    }
    out->scalars.push_back(raw);
  }

  // Which options a tensor takes: IN --input, OUT --output, INOUT both.
  void check_tensor_bindings(const ManifestParam& p) {
    const bool reads = p.direction != ArgDirection::OUT;
    const bool writes = p.direction != ArgDirection::IN;
    const std::string what = "'" + p.name + "' (" + describe(p) + ")";
    if (scalars_.count(p.name) != 0) {
      error("--scalar: " + what + " is a tensor, not a scalar");
    }
    if (reads && inputs_.count(p.name) == 0 && !collection_.given()) {
      error("missing --input " + p.name + "=FILE.npy for " + what);
    }
    if (!reads && inputs_.count(p.name) != 0) {
      error("--input: " + what + " is an output; bind it with --output only");
    }
    if (writes && outputs_.count(p.name) == 0 && request_.outputs_to.empty()) {
      error("missing --output " + p.name + "=FILE.npy for " + what);
    }
    if (!writes && outputs_.count(p.name) != 0) {
      error("--output: " + what + " is an input; the run does not write it");
    }
  }

  // The extent that the manifest gives axis `axis` of `p` for an array of
  // `actual`; records dims the first time they are seen.
  void check_axis(const ManifestParam& p, size_t axis, uint64_t actual,
                  const std::string& what) {
    const abi::ShapeExtent& expected = p.shape[axis];
    const std::string where =
        "axis " + std::to_string(axis) + " of '" + p.name + "'";
    if (const int64_t* fixed = std::get_if<int64_t>(&expected)) {
      if (static_cast<uint64_t>(*fixed) != actual) {
        error(what + ": " + where + " has extent " + std::to_string(actual) +
              "; the manifest fixes it at " + std::to_string(*fixed));
      }
      return;
    }
    const std::string& dim = std::get<std::string>(expected);
    // Symbolic extents other than a plain dim name are checked by the
    // orchestration itself when it runs.
    if (!is_identifier(dim)) return;
    auto [it, fresh] = dims_.emplace(
        dim, DimValue{actual, "'" + p.name + "' axis " + std::to_string(axis)});
    if (!fresh && it->second.extent != actual) {
      error(what + ": " + where + " has extent " + std::to_string(actual) +
            ", but " + dim + " is " + std::to_string(it->second.extent) +
            " (from " + it->second.source + ")");
    }
  }

  // The input's bytes from its --input file or from --inputs; false when
  // there are none (reported, or reported as missing).
  bool input_bytes(const ManifestParam& p, std::string* bytes, std::string* what) {
    std::string problem;
    auto it = inputs_.find(p.name);
    if (it != inputs_.end()) {
      const std::string& path = it->second->value;
      *what = "--input " + p.name + "=" + path;
      Disk::ReadStatus status =
          disk_.read_file(path, request_.max_input_size, bytes, &problem);
      if (status == Disk::ReadStatus::kOk) return true;
      error(problem, status == Disk::ReadStatus::kTooLarge ? kExitInputErrors : kExitIo);
      return false;
    }
    if (!collection_ok_) return false;
    const int code = collection_.read(p.name, describe(p), bytes, what, &problem);
    if (code == kExitOk) return true;
    error(problem, code);
    return false;
  }

  void read_input(const ManifestParam& p, EntryTensor* tensor) {
    std::string bytes, what, problem;
    if (!input_bytes(p, &bytes, &what)) return;
    npy::Header header;
    if (!npy::parse(bytes, &header, &problem)) {
      error(what + ": " + problem);
      return;
    }
    if (!npy::descr_matches_dtype(header.descr, p.dtype)) {
      error(what + ": the array has dtype '" + header.descr + "' but '" +
            p.name + "' is " + p.dtype + " (expected " +
            npy::accepted_descrs(p.dtype) + ")");
      return;
    }
    if (header.shape.size() != p.shape.size()) {
      error(what + ": the array has shape " + npy::shape_text(header.shape) +
            " but '" + p.name + "' has rank " + std::to_string(p.shape.size()) +
            " " + manifest_shape_text(p));
      return;
    }
    const size_t errors_before = errors_seen();
    for (size_t axis = 0; axis < header.shape.size(); ++axis) {
      if (header.shape[axis] > std::numeric_limits<uint32_t>::max()) {
        error(what + ": axis " + std::to_string(axis) + " has extent " +
              std::to_string(header.shape[axis]) +
              ", more than a tensor extent can hold (2^32 - 1)");
        return;
      }
      check_axis(p, axis, header.shape[axis], what);
    }
    if (errors_seen() != errors_before) return;
    for (uint64_t extent : header.shape) {
      tensor->shape.push_back(static_cast<uint32_t>(extent));
    }
    tensor->bytes = bytes.size() - header.data_offset;
    tensor->storage.assign(tensor->bytes / sizeof(uint64_t) + 1, 0);
    std::memcpy(tensor->storage.data(), bytes.data() + header.data_offset,
                tensor->bytes);
  }

  void allocate_output(const ManifestParam& p, EntryTensor* tensor) {
    constexpr uint64_t kMaxBytes = uint64_t{1} << 40;
    uint64_t count = 1;
    bool too_large = false;
    for (size_t axis = 0; axis < p.shape.size(); ++axis) {
      uint64_t extent = 0;
      if (const int64_t* fixed = std::get_if<int64_t>(&p.shape[axis])) {
        extent = static_cast<uint64_t>(*fixed);
      } else {
        const std::string& dim = std::get<std::string>(p.shape[axis]);
        auto it = dims_.find(dim);
        if (it == dims_.end()) {
          // After a bad input the dim may be unknown only because of it.
          if (code_ != kExitOk) return;
          error("output '" + p.name + "' " + manifest_shape_text(p) +
                ": no input fixes " + dim + " (axis " + std::to_string(axis) +
                "); give it with --dim " + dim + "=EXTENT");
          return;
        }
        extent = it->second.extent;
      }
      tensor->shape.push_back(static_cast<uint32_t>(extent));
    }
    // Five extents below 2^32 can overflow 64 bits: stop at the limit.
    for (uint32_t extent : tensor->shape) {
      if (extent == 0) {
        count = 0;
        too_large = false;
        break;
      }
      if (count > kMaxBytes / extent) too_large = true;
      if (!too_large) count *= extent;
    }
    const uint64_t bytes = count * host::detail::dtype_size(tensor->runtime_dtype);
    if (too_large || bytes > kMaxBytes) {
      const std::vector<uint64_t> shape(tensor->shape.begin(), tensor->shape.end());
      error("output '" + p.name + "' " + npy::shape_text(shape) +
            " is larger than the 1 TiB that taskc run allocates per tensor");
      return;
    }
    tensor->bytes = static_cast<size_t>(bytes);
    tensor->storage.assign(tensor->bytes / sizeof(uint64_t) + 1, 0);
  }

  size_t errors_seen() const { return error_count_; }

  const abi::ManifestOrchestration& orchestration_;
  const BindingRequest& request_;
  Disk& disk_;
  std::ostream& err_;
  std::map<std::string, const NamedArg*> inputs_, outputs_, scalars_;
  std::map<std::string, DimValue> dims_;
  InputCollection collection_;
  bool collection_ok_ = false;
  int code_ = kExitOk;
  size_t error_count_ = 0;
};

template <typename T>
bool parse_integer(const std::string& text, uint64_t* raw, std::string* error,
                   const char* dtype) {
  T value{};
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size()) {
    *error = "not an integer in the " + std::string(dtype) + " range " +
             std::to_string(+std::numeric_limits<T>::min()) + ".." +
             std::to_string(+std::numeric_limits<T>::max());
    return false;
  }
  // As the generated code does: (uint64_t)(T)(value), so signed values are
  // sign-extended.
  *raw = static_cast<uint64_t>(value);
  return true;
}

}  // namespace

bool split_named_arg(const std::string& text, NamedArg* out) {
  const size_t eq = text.find('=');
  if (eq == std::string::npos || eq == 0) return false;
  out->name = text.substr(0, eq);
  out->value = text.substr(eq + 1);
  return true;
}

bool parse_scalar(const std::string& dtype, const std::string& text,
                  uint64_t* raw, std::string* error) {
  if (dtype == "BOOL") {
    if (text == "1" || text == "true" || text == "True") {
      *raw = 1;
    } else if (text == "0" || text == "false" || text == "False") {
      *raw = 0;
    } else {
      *error = "not a BOOL value (true, false, 1 or 0)";
      return false;
    }
    return true;
  }
  if (dtype == "INT8") return parse_integer<int8_t>(text, raw, error, "INT8");
  if (dtype == "INT16") return parse_integer<int16_t>(text, raw, error, "INT16");
  if (dtype == "INT32") return parse_integer<int32_t>(text, raw, error, "INT32");
  if (dtype == "INT64") return parse_integer<int64_t>(text, raw, error, "INT64");
  if (dtype == "UINT8") return parse_integer<uint8_t>(text, raw, error, "UINT8");
  if (dtype == "UINT16") return parse_integer<uint16_t>(text, raw, error, "UINT16");
  if (dtype == "UINT32") return parse_integer<uint32_t>(text, raw, error, "UINT32");
  if (dtype == "UINT64") return parse_integer<uint64_t>(text, raw, error, "UINT64");
  if (dtype == "FLOAT32") {
    // strtof accepts what Python prints for a float: 1.5, 1e-3, inf, nan.
    char* end = nullptr;
    const float value = std::strtof(text.c_str(), &end);
    if (text.empty() || std::isspace(static_cast<unsigned char>(text[0])) ||
        end != text.c_str() + text.size()) {
      *error = "not a FLOAT32 value";
      return false;
    }
    *raw = to_u64(value);
    return true;
  }
  *error = "scalars of dtype " + dtype + " cannot be given on the command line";
  return false;
}

int prepare_entry_arguments(const abi::ManifestOrchestration& orchestration,
                            const BindingRequest& request, Disk& disk,
                            std::ostream& err, EntryArguments* out) {
  *out = EntryArguments{};
  BindingChecker checker(orchestration, request, disk, err);
  return checker.run(out);
}

bool output_files(const EntryArguments& arguments, std::vector<PlannedOutput>* files,
                  std::string* error) {
  std::vector<std::pair<std::string, std::string>> members;
  for (const EntryTensor& tensor : arguments.tensors) {
    if (tensor.output_path.empty() && tensor.output_member.empty()) continue;
    std::vector<uint64_t> shape(tensor.shape.begin(), tensor.shape.end());
    std::string npy_file = npy::make_file(
        npy::descr_for_dtype(tensor.dtype), shape,
        std::string_view(reinterpret_cast<const char*>(tensor.storage.data()), tensor.bytes));
    if (!tensor.output_path.empty()) {
      files->push_back({tensor.output_path, std::move(npy_file)});
    } else {
      members.emplace_back(tensor.output_member, std::move(npy_file));
    }
  }
  if (arguments.output_archive.empty()) return true;
  auto archive = npz::write_archive(members, error);
  if (!archive) return false;
  files->push_back({arguments.output_archive, std::move(*archive)});
  return true;
}

}  // namespace taskc
