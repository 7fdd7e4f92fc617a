// Opening the shared libraries of a host run safely: only a regular file is
// handed to dlopen (a FIFO or a device would block or worse), and a symbol
// is taken only from the library itself. dlsym(handle, name) also searches
// the library's dependencies, so a kernel named `system` or `_exit` that the
// library lacks would resolve to libc's and be called; a symbol that is not
// a function (`environ`) would be called as one.
#ifndef TASKC_RUNTIME_ABI_SHARED_LIBRARY_H
#define TASKC_RUNTIME_ABI_SHARED_LIBRARY_H

#include <cstddef>
#include <string>

namespace taskc::host {

// dlopen(path, RTLD_NOW | RTLD_LOCAL) after checking that `path` names a
// regular file (following symbolic links). nullptr with `error` set on
// failure; `what` names the library in the message ("host kernel library").
void* open_shared_library(const std::string& path, const std::string& what,
                          std::string& error);

// The address of function `name` defined in the library of `handle` itself;
// nullptr when the library does not define it (`error` says whether it is
// missing, found only in a dependency, or not a function).
void* own_function(void* handle, const std::string& name, std::string& error);

// The address and size (ELF st_size, in bytes) of variable `name` defined
// in the library of `handle` itself; nullptr as for own_function.
void* own_variable(void* handle, const std::string& name, size_t* size,
                   std::string& error);

}  // namespace taskc::host

#endif  // TASKC_RUNTIME_ABI_SHARED_LIBRARY_H
