// taskc manifest validate FILE... / taskc manifest schema: the runtime
// loader's validation and the manifest's JSON Schema, from the command line.
#include <ostream>

#include "command.h"
#include "manifest_loader.h"
#include "manifest_schema.h"

namespace taskc {

void register_manifest(CLI::App& app, CommandRunner* selected) {
  auto* cmd = app.add_subcommand("manifest", "work with kernel manifests");
  cmd->require_subcommand(1);
  auto* validate = cmd->add_subcommand(
      "validate", "validate manifests exactly as the runtime loader does");
  auto files = std::make_shared<std::vector<std::string>>();
  validate->add_option("files", *files, "manifest JSON files")->required();
  validate->callback([=] {
    *selected = [=](CommandEnv& env) {
      int worst = kExitOk;
      for (const std::string& path : *files) {
        std::string text, error;
        abi::LoadLimits limits;
        Disk::ReadStatus status =
            env.disk.read_file(path, limits.max_input_bytes, &text, &error);
        if (status != Disk::ReadStatus::kOk) {
          env.err << "taskc: error: " << printable(error) << "\n";
          worst = std::max(worst, status == Disk::ReadStatus::kTooLarge
                                      ? int(kExitInputErrors)
                                      : int(kExitIo));
          continue;
        }
        abi::LoadResult result = abi::load_manifest_text(text, path, limits);
        if (result.ok()) continue;
        env.err << result.error_report();
        worst = std::max(worst, int(kExitInputErrors));
      }
      return worst;
    };
  });
  auto* schema = cmd->add_subcommand("schema", "print the manifest JSON Schema");
  schema->callback([=] {
    *selected = [](CommandEnv& env) {
      env.out << abi::manifest_schema_json();
      return int(kExitOk);
    };
  });
}

}  // namespace taskc
