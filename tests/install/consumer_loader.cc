// A program outside this repository that uses the installed libtaskc_abi:
// loads a manifest, binds its kernels from a host-kernel library, and runs
// the vector example's orchestration on the host runtime.
//
//   consumer_loader MANIFEST KERNELS.so ORCHESTRATION.so
//
// Exit 0 when f = (a + b + 1) * (a + b + 2) + (a + b) for every element.
#include <taskc/host_kernels.h>
#include <taskc/host_runtime.h>
#include <taskc/manifest_loader.h>

#include <iostream>
#include <vector>

int main(int argc, char** argv) {
  if (argc != 4) {
    std::cerr << "usage: consumer_loader MANIFEST KERNELS.so ORCHESTRATION.so\n";
    return 2;
  }
  taskc::abi::LoadResult loaded = taskc::abi::load_manifest_file(argv[1]);
  if (!loaded.ok()) {
    std::cerr << loaded.error_report();
    return 1;
  }
  taskc::host::HostKernelLibrary kernels(argv[2]);
  if (!kernels.ok()) {
    std::cerr << kernels.error() << "\n";
    return 1;
  }
  taskc::abi::ChipCallable chip = taskc::abi::build_callables(
      *loaded.manifest,
      [&](const taskc::abi::ManifestKernel& k) { return kernels.entry(k.name); });
  std::cout << "loaded " << chip.children.size() << " kernels:";
  for (const taskc::abi::CoreCallable& kernel : chip.children) {
    std::cout << " " << kernel.name() << (kernel.entry() ? "" : "(unbound)");
  }
  std::cout << "\n";

  const uint32_t n = 8;
  std::vector<float> a(n), b(n), f(n, 0.0f);
  for (uint32_t i = 0; i < n; ++i) {
    a[i] = 0.5f * static_cast<float>(i);
    b[i] = 2.0f - static_cast<float>(i);
  }
  taskc::host::HostRuntime runtime(chip);
  runtime.bind_tensor(a, DataType::FLOAT32, {n});
  runtime.bind_tensor(b, DataType::FLOAT32, {n});
  runtime.bind_tensor(f, DataType::FLOAT32, {n});
  taskc::host::RunResult result = runtime.run_library(argv[3]);
  if (!result.ok()) {
    std::cerr << result.error_text();
    return 1;
  }
  for (uint32_t i = 0; i < n; ++i) {
    // Step by step, as the tasks compute it.
    const float c = a[i] + b[i];
    const float d = c + 1.0f;
    const float e = c + 2.0f;
    const float g = d * e;
    const float expected = g + c;
    if (f[i] != expected) {
      std::cerr << "f[" << i << "] = " << f[i] << ", expected " << expected << "\n";
      return 1;
    }
  }
  std::cout << "ran " << result.kernel_tasks << " tasks; f is right\n";
  return 0;
}
