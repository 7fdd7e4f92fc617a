#include "shared_library.h"

#include <dlfcn.h>
#include <elf.h>
#include <link.h>
#include <sys/stat.h>

#include <cerrno>
#include <cstring>

namespace taskc::host {

void* open_shared_library(const std::string& path, const std::string& what,
                          std::string& error) {
  struct stat info {};
  if (::stat(path.c_str(), &info) != 0) {
    error = "cannot load " + what + " '" + path + "': " + std::strerror(errno);
    return nullptr;
  }
  if (!S_ISREG(info.st_mode)) {
    error = "cannot load " + what + " '" + path + "': not a regular file";
    return nullptr;
  }
  void* handle = ::dlopen(path.c_str(), RTLD_NOW | RTLD_LOCAL);
  if (handle == nullptr) {
    const char* reason = ::dlerror();
    error = "cannot load " + what + " '" + path +
            "': " + (reason != nullptr ? reason : "unknown reason");
  }
  return handle;
}

namespace {

// `name` defined by the library of `handle` itself, with ELF symbol type
// `function` or data; nullptr with `error` set otherwise.
void* own_symbol(void* handle, const std::string& name, bool function,
                 std::string& error) {
  ::dlerror();
  void* symbol = ::dlsym(handle, name.c_str());
  if (symbol == nullptr) {
    error = "has no symbol '" + name + "'";
    return nullptr;
  }
  struct link_map* library = nullptr;
  if (::dlinfo(handle, RTLD_DI_LINKMAP, &library) != 0 || library == nullptr) {
    error = "cannot tell which object defines '" + name + "'";
    return nullptr;
  }
  Dl_info where {};
  struct link_map* owner = nullptr;
  void* entry_address = nullptr;
  if (::dladdr1(symbol, &where, reinterpret_cast<void**>(&owner),
                RTLD_DL_LINKMAP) == 0 ||
      owner != library) {
    error = "does not define '" + name + "' itself (it comes from " +
            (where.dli_fname != nullptr && where.dli_fname[0] != '\0'
                 ? std::string("'") + where.dli_fname + "'"
                 : std::string("a dependency")) +
            ")";
    return nullptr;
  }
  const bool found =
      ::dladdr1(symbol, &where, &entry_address, RTLD_DL_SYMENT) != 0 &&
      entry_address != nullptr;
  const auto* entry = static_cast<const ElfW(Sym)*>(entry_address);
  const unsigned type = found ? ELF64_ST_TYPE(entry->st_info) : STT_NOTYPE;
  if (function && type != STT_FUNC && type != STT_GNU_IFUNC) {
    error = "defines '" + name + "' but not as a function";
    return nullptr;
  }
  if (!function && type != STT_OBJECT) {
    error = "defines '" + name + "' but not as a variable";
    return nullptr;
  }
  return symbol;
}

}  // namespace

void* own_function(void* handle, const std::string& name, std::string& error) {
  return own_symbol(handle, name, true, error);
}

void* own_variable(void* handle, const std::string& name, size_t* size,
                   std::string& error) {
  void* symbol = own_symbol(handle, name, false, error);
  if (symbol == nullptr) return nullptr;
  Dl_info where {};
  void* entry_address = nullptr;
  if (::dladdr1(symbol, &where, &entry_address, RTLD_DL_SYMENT) == 0 ||
      entry_address == nullptr) {
    error = "cannot tell the size of '" + name + "'";
    return nullptr;
  }
  *size = static_cast<const ElfW(Sym)*>(entry_address)->st_size;
  return symbol;
}

}  // namespace taskc::host
