// The out-of-line half of pto_orchestration_api.h: every call is routed to
// the calling thread's current HostSession. Without one (the API used
// outside HostRuntime::run, or from inside a kernel) problems go to stderr
// and calls return empty results.
#include <cstdarg>
#include <cstdio>
#include <string>

#include "host_session.h"
#include "pto_orchestration_api.h"
#include "tensor_layout.h"

namespace taskc::host {

namespace {

thread_local HostSession* tls_current_session = nullptr;

struct KernelInvocation {
  int64_t block_idx = -1;
  int64_t block_num = 0;
  int32_t lane = -1;
};
thread_local KernelInvocation tls_kernel_invocation;

void report_without_session(const std::string& message) {
  std::fprintf(stderr, "taskc host runtime: %s (no orchestration is running "
               "on this thread)\n", message.c_str());
}

void report(const std::string& message) {
  if (HostSession* session = current_session()) {
    session->report_error(message);
  } else {
    report_without_session(message);
  }
}

std::string vformat(const char* fmt, va_list args) {
  if (fmt == nullptr) return "(no message)";
  va_list measure;
  va_copy(measure, args);
  const int length = std::vsnprintf(nullptr, 0, fmt, measure);
  va_end(measure);
  if (length < 0) return std::string("(unformattable message: ") + fmt + ")";
  std::string text(static_cast<size_t>(length) + 1, '\0');
  std::vsnprintf(text.data(), text.size(), fmt, args);
  text.resize(static_cast<size_t>(length));
  return text;
}

// "PTO2_ERROR_INVALID_ARGS", or "error code 42".
std::string error_code_name(int32_t code) {
  switch (code) {
    case PTO2_ERROR_SCOPE_DEADLOCK: return "PTO2_ERROR_SCOPE_DEADLOCK";
    case PTO2_ERROR_HEAP_RING_DEADLOCK: return "PTO2_ERROR_HEAP_RING_DEADLOCK";
    case PTO2_ERROR_FLOW_CONTROL_DEADLOCK: return "PTO2_ERROR_FLOW_CONTROL_DEADLOCK";
    case PTO2_ERROR_DEP_POOL_OVERFLOW: return "PTO2_ERROR_DEP_POOL_OVERFLOW";
    case PTO2_ERROR_INVALID_ARGS: return "PTO2_ERROR_INVALID_ARGS";
    case PTO2_ERROR_REQUIRE_SYNC_START_INVALID:
      return "PTO2_ERROR_REQUIRE_SYNC_START_INVALID";
    case PTO2_ERROR_TENSOR_WAIT_TIMEOUT: return "PTO2_ERROR_TENSOR_WAIT_TIMEOUT";
    case PTO2_ERROR_EXPLICIT_ORCH_FATAL: return "PTO2_ERROR_EXPLICIT_ORCH_FATAL";
    default: return "error code " + std::to_string(code);
  }
}

}  // namespace

HostSession* current_session() { return tls_current_session; }

CurrentSessionScope::CurrentSessionScope(HostSession* session)
    : previous_(tls_current_session) {
  tls_current_session = session;
}

CurrentSessionScope::~CurrentSessionScope() {
  tls_current_session = previous_;
}

KernelInvocationScope::KernelInvocationScope(uint32_t block_idx,
                                             uint32_t block_num, Lane lane) {
  tls_kernel_invocation = KernelInvocation{block_idx, block_num,
                                           static_cast<int32_t>(lane)};
}

KernelInvocationScope::~KernelInvocationScope() {
  tls_kernel_invocation = KernelInvocation{};
}

namespace detail {

// A view or reshape the orchestration made is invalid: with call sites,
// say which call's arguments it belongs to. Of the views out of bounds,
// only the first per call site is listed (a loop repeats them).
void report_layout_error(const std::string& error, bool view) {
  HostSession* session = current_session();
  if (session == nullptr) return report_without_session(error);
  const std::string place = session->orchestration_place();
  std::string message = place.empty() ? error : place + ": " + error;
  if (view) {
    session->report_first(ErrorKind::kViewBounds, session->current_site(),
                          std::move(message));
  } else {
    session->report_error(std::move(message));
  }
}

ChipTensor make_view(const ChipTensor& source, const uint32_t shapes[],
                     const uint32_t offsets[], bool manual_dep) {
  std::string error;
  ChipTensor view = checked_view(source, shapes, offsets, error, manual_dep);
  if (!error.empty()) report_layout_error(error, true);
  return view;
}

ChipTensor make_reshape(const ChipTensor& source, const uint32_t shapes[],
                        uint32_t ndims, bool manual_dep) {
  std::string error;
  ChipTensor reshaped = checked_reshape(source, shapes, ndims, error, manual_dep);
  if (!error.empty()) report_layout_error(error, false);
  return reshaped;
}

TaskOutputTensors alloc_tensors(const CoreTaskArgs& args) {
  if (HostSession* session = current_session()) {
    return session->alloc_tensors(args);
  }
  report_without_session("alloc_tensors called");
  return TaskOutputTensors{};
}

uint64_t read_tensor_element(const ChipTensor& tensor, uint32_t ndims,
                             const uint32_t indices[], size_t value_size) {
  if (HostSession* session = current_session()) {
    return session->read_element(tensor, ndims, indices, value_size);
  }
  report_without_session("get_tensor_data called");
  return 0;
}

void write_tensor_element(const ChipTensor& tensor, uint32_t ndims,
                          const uint32_t indices[], uint64_t raw,
                          size_t value_size) {
  if (HostSession* session = current_session()) {
    session->write_element(tensor, ndims, indices, raw, value_size);
    return;
  }
  report_without_session("set_tensor_data called");
}

TaskOutputTensors submit(const MixedKernels& kernels,
                         const CoreTaskArgs& args) {
  if (HostSession* session = current_session()) {
    return session->submit(kernels, args);
  }
  report_without_session("task submitted");
  return TaskOutputTensors{};
}

TaskOutputTensors submit_dummy(const CoreTaskArgs& args) {
  if (HostSession* session = current_session()) {
    return session->submit_dummy(args);
  }
  report_without_session("dummy task submitted");
  return TaskOutputTensors{};
}

void scope_begin(PTO2ScopeMode mode, const char* file, int line) {
  if (HostSession* session = current_session()) {
    session->scope_begin(mode, file, line);
  }
}

void scope_end() {
  if (HostSession* session = current_session()) session->scope_end();
}

bool is_fatal() {
  HostSession* session = current_session();
  return session != nullptr && session->fatal();
}

int32_t available_cluster_count() {
  HostSession* session = current_session();
  return session != nullptr ? session->cluster_count() : 0;
}

int32_t available_aiv_count() {
  HostSession* session = current_session();
  return session != nullptr ? session->aiv_count() : 0;
}

void report_error(const char* message) { report(message); }

void report_index_error(const char* what, uint32_t index, uint32_t count) {
  report(std::string(what) + "(" + std::to_string(index) +
         "): index out of range; there are " + std::to_string(count));
}

void log_message(LogLevel level, const char* file, int line, const char* fmt,
                 ...) {
  va_list args;
  va_start(args, fmt);
  const char* prefix = level == LogLevel::kError   ? ""
                       : level == LogLevel::kWarn  ? "warning: "
                       : level == LogLevel::kInfo  ? "info: "
                       : level == LogLevel::kDebug ? "debug: "
                                                   : "timing: ";
  const std::string text = std::string(file) + ":" + std::to_string(line) +
                           ": " + prefix + vformat(fmt, args);
  va_end(args);
  if (level == LogLevel::kError || level == LogLevel::kWarn) {
    std::fprintf(stderr, "%s\n", text.c_str());
  }
  if (HostSession* session = current_session()) session->log(text);
}

}  // namespace detail
}  // namespace taskc::host

void rt_report_fatal(int32_t error_code, const char* fmt, ...) {
  va_list args;
  va_start(args, fmt);
  const std::string code_text = taskc::host::error_code_name(error_code);
  const std::string text = "orchestration reported a fatal error (" +
                           code_text + "): " +
                           taskc::host::vformat(fmt, args);
  va_end(args);
  if (taskc::host::HostSession* session = taskc::host::current_session()) {
    session->report_fatal(text);
  } else {
    taskc::host::report_without_session(text);
  }
}

extern "C" int64_t taskc_host_block_idx(void) {
  return taskc::host::tls_kernel_invocation.block_idx;
}

extern "C" int64_t taskc_host_block_num(void) {
  return taskc::host::tls_kernel_invocation.block_num;
}

extern "C" int32_t taskc_host_lane(void) {
  return taskc::host::tls_kernel_invocation.lane;
}
