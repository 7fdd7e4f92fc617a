// The entry arguments of `taskc run`: the --input/--output/--scalar/--dim
// bindings (and the --inputs/--outputs collections) checked against the
// manifest's orchestration parameters, the input .npy files read into host
// buffers, and the output buffers allocated.
#ifndef TASKC_CLI_RUN_BINDINGS_H
#define TASKC_CLI_RUN_BINDINGS_H

#include <cstdint>
#include <iosfwd>
#include <string>
#include <vector>

#include "disk.h"
#include "manifest_loader.h"
#include "output_writer.h"
#include "pto_orchestration_api.h"

namespace taskc {

// A NAME=VALUE argument as given on the command line.
struct NamedArg {
  std::string name;
  std::string value;
};

struct BindingRequest {
  std::vector<NamedArg> inputs;   // NAME=FILE.npy
  std::vector<NamedArg> outputs;  // NAME=FILE.npy
  std::vector<NamedArg> scalars;  // NAME=VALUE
  std::vector<NamedArg> dims;     // NAME=EXTENT, for dims no input fixes
  // --inputs / --outputs: a directory or a .npz archive (entry_collections.h)
  // for the tensors that no --input / --output names; empty when not given.
  std::string inputs_from;
  std::string outputs_to;
  size_t max_input_size = 0;      // bytes per input file
};

// One entry tensor: a dense row-major host buffer the runtime writes into.
struct EntryTensor {
  std::string name;
  abi::ArgDirection direction = abi::ArgDirection::IN;
  std::string dtype;  // runtime dtype name
  DataType runtime_dtype = DataType::FLOAT32;
  std::vector<uint32_t> shape;
  // 8-byte words so that every element type is aligned; at least one word so
  // that an empty tensor still has an address.
  std::vector<uint64_t> storage;
  size_t bytes = 0;
  std::string output_path;    // a .npy file, or
  std::string output_member;  // a member of the output archive; both empty
                              // when the tensor is not written back

  void* data() { return storage.data(); }
};

struct EntryArguments {
  std::vector<EntryTensor> tensors;  // in the orchestration's tensor order
  std::vector<uint64_t> scalars;     // raw payload words, in scalar order
  std::string output_archive;        // --outputs X.npz, for output_member
};

// "NAME=VALUE" split at the first '='; false when there is no '=' or the name
// is empty.
bool split_named_arg(const std::string& text, NamedArg* out);

// Checks every binding against `orchestration` and reads the inputs. Every
// problem is printed as "taskc: error: ..." on `err`; returns the exit code:
// 0, 1 (a binding contradicts the manifest, is missing or extra, or an input
// is malformed) or 3 (an input cannot be read, or an output's directory
// does not exist).
int prepare_entry_arguments(const abi::ManifestOrchestration& orchestration,
                            const BindingRequest& request, Disk& disk,
                            std::ostream& err, EntryArguments* out);

// The .npy files of the tensors that have an output path, and the output
// archive of those that have a member; false (with `error`) if the archive
// cannot be made.
bool output_files(const EntryArguments& arguments, std::vector<PlannedOutput>* files,
                  std::string* error);

// The raw payload word of a scalar of runtime dtype `dtype` written as
// `text`, encoded as generated code does (to_u64 / sign extension); false
// with `error` set when the text does not fit the dtype.
bool parse_scalar(const std::string& dtype, const std::string& text,
                  uint64_t* raw, std::string* error);

}  // namespace taskc

#endif  // TASKC_CLI_RUN_BINDINGS_H
