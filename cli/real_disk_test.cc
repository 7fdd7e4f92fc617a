// RealDisk on a scratch directory: file identity through other spellings
// and links, temporary names that fit wherever the output name fits, the
// clean-up of stale temporary files, and rewrite_in_place keeping links,
// mode, owner and inode.
#include <catch2/catch.hpp>
#include <fcntl.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <unistd.h>

#include <cstdlib>
#include <ctime>
#include <fstream>
#include <sstream>

#include "disk.h"
#include "temp_files.h"

namespace taskc {
namespace {

struct ScratchDir {
  std::string path;
  ScratchDir() {
    const char* tmp = std::getenv("TMPDIR");
    std::string pattern = std::string(tmp && *tmp ? tmp : "/tmp") + "/taskc-disk-XXXXXX";
    REQUIRE(::mkdtemp(pattern.data()) != nullptr);
    path = pattern;
  }
  ~ScratchDir() { std::system(("rm -rf '" + path + "'").c_str()); }
  std::string operator/(const std::string& name) const { return path + "/" + name; }
};

void write(const std::string& path, const std::string& text) {
  std::ofstream(path, std::ios::binary) << text;
}

std::string read(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

struct stat stat_of(const std::string& path) {
  struct stat st;
  REQUIRE(::lstat(path.c_str(), &st) == 0);
  return st;
}

void age(const std::string& path, int minutes) {
  struct timeval times[2];
  times[0].tv_sec = times[1].tv_sec = std::time(nullptr) - minutes * 60;
  times[0].tv_usec = times[1].tv_usec = 0;
  REQUIRE(::utimes(path.c_str(), times) == 0);
}

bool exists(const std::string& path) {
  struct stat st;
  return ::lstat(path.c_str(), &st) == 0;
}

TEST_CASE("file identity: other spellings and links of one file are equal", "[disk]") {
  ScratchDir dir;
  RealDisk disk;
  write(dir / "a.kir", "x");
  write(dir / "b.kir", "x");
  REQUIRE(::mkdir((dir / "sub").c_str(), 0755) == 0);
  REQUIRE(::symlink("a.kir", (dir / "link.kir").c_str()) == 0);
  REQUIRE(::link((dir / "a.kir").c_str(), (dir / "hard.kir").c_str()) == 0);
  const std::string a = disk.file_identity(dir / "a.kir");
  CHECK(disk.file_identity(dir.path + "/./a.kir") == a);
  CHECK(disk.file_identity(dir.path + "/sub/../a.kir") == a);
  CHECK(disk.file_identity(dir.path + "//a.kir") == a);
  CHECK(disk.file_identity(dir / "link.kir") == a);
  CHECK(disk.file_identity(dir / "hard.kir") == a);
  CHECK(disk.file_identity(dir / "b.kir") != a);
  // Not yet created: the same directory entry under two spellings.
  CHECK(disk.file_identity(dir / "new.cpp") == disk.file_identity(dir.path + "/sub/../new.cpp"));
  CHECK(disk.file_identity(dir / "new.cpp") != disk.file_identity(dir / "new.json"));
  // Nor is the directory: the normalized path.
  CHECK(disk.file_identity(dir.path + "/no/x") == disk.file_identity(dir.path + "/./no//x"));
}

TEST_CASE("stat_path and read_range", "[disk]") {
  ScratchDir dir;
  RealDisk disk;
  write(dir / "f", "0123456789");
  CHECK(disk.stat_path(dir / "f").kind == Disk::PathKind::kFile);
  CHECK(disk.stat_path(dir / "f").size == 10);
  CHECK(disk.stat_path(dir.path).kind == Disk::PathKind::kDirectory);
  CHECK(disk.stat_path(dir / "none").kind == Disk::PathKind::kMissing);
  CHECK(disk.stat_path(dir / "f/x").kind == Disk::PathKind::kMissing);
  CHECK(disk.stat_path("/dev/null").kind == Disk::PathKind::kOther);
  std::string bytes, error;
  REQUIRE(disk.read_range(dir / "f", 3, 4, &bytes, &error));
  CHECK(bytes == "3456");
  CHECK_FALSE(disk.read_range(dir / "f", 8, 3, &bytes, &error));
  CHECK(error.find("10 bytes") != std::string::npos);
}

TEST_CASE("a temporary name fits wherever the output name fits", "[disk]") {
  for (size_t length = 1; length <= 255; ++length) {
    const std::string name = temp_name_template(std::string(length, 'm'), 255, 4194304);
    CHECK(name.size() <= 255);
    long pid = 0;
    std::string sample = name;
    sample.replace(sample.size() - 6, 6, "a1B2c3");
    CHECK(is_temp_name_of(sample, std::string(length, 'm'), 255, &pid));
    CHECK(pid == 4194304);
  }
  // Shortened names are never cut inside a UTF-8 character.
  std::string alphas;
  for (int i = 0; i < 120; ++i) alphas += "\xce\xb1";  // 'α' 120 times
  const std::string cut = temp_name_template(alphas, 255, 1);
  const size_t kept = cut.find(kTempMarker) - 1;
  CHECK(kept % 2 == 0);

  // The case: 228 to 241 byte module names, whose outputs fit.
  ScratchDir dir;
  RealDisk disk;
  for (size_t length : {228, 235, 241}) {
    const std::string path = dir / (std::string(length, 'm') + ".manifest.json");
    std::string staged, error;
    REQUIRE(disk.stage(path, "{}", &staged, &error));
    CHECK(base_name(staged).size() <= 255);
    REQUIRE(disk.commit(staged, path, &error));
    CHECK(read(path) == "{}");
  }
}

TEST_CASE("stale temporary files of an output are removed, nothing else", "[disk]") {
  ScratchDir dir;
  RealDisk disk;
  const std::string own = std::to_string(::getpid());
  // 99999999 is above any pid_max, so no process has it.
  const std::string dead_old = dir / ".out.cpp.taskc-tmp-99999999-abc123";
  const std::string legacy_old = dir / ".out.cpp.taskc-tmp-Xy12Zw";
  const std::string dead_young = dir / ".out.cpp.taskc-tmp-99999999-def456";
  const std::string alive_old = dir / (".out.cpp.taskc-tmp-" + own + "-ghi789");
  const std::string other_output = dir / ".other.cpp.taskc-tmp-99999999-abc123";
  const std::string not_ours = dir / ".out.cpp.taskc-tmp-99999999-abc12";  // 5 chars
  const std::string link = dir / ".out.cpp.taskc-tmp-99999999-lnk123";
  for (const std::string& path : {dead_old, legacy_old, dead_young, alive_old,
                                  other_output, not_ours}) {
    write(path, "partial");
  }
  REQUIRE(::symlink("out.cpp", link.c_str()) == 0);
  for (const std::string& path : {dead_old, legacy_old, alive_old, other_output, not_ours}) {
    age(path, kStaleMinutes + 5);
  }
  std::string staged, error;
  REQUIRE(disk.stage(dir / "out.cpp", "new", &staged, &error));
  REQUIRE(disk.commit(staged, dir / "out.cpp", &error));
  CHECK_FALSE(exists(dead_old));
  CHECK_FALSE(exists(legacy_old));
  CHECK(exists(dead_young));
  CHECK(exists(alive_old));
  CHECK(exists(other_output));
  CHECK(exists(not_ours));
  CHECK(exists(link));
}

TEST_CASE("rewrite_in_place keeps the symlink, mode, owner and hard links", "[disk]") {
  ScratchDir dir;
  RealDisk disk;
  std::string error;

  SECTION("through a symbolic link") {
    write(dir / "real.kir", "old");
    REQUIRE(::symlink("real.kir", (dir / "link.kir").c_str()) == 0);
    REQUIRE(disk.rewrite_in_place(dir / "link.kir", "new", &error));
    CHECK(S_ISLNK(stat_of(dir / "link.kir").st_mode));
    CHECK(read(dir / "real.kir") == "new");
  }
  SECTION("mode 0600 stays 0600") {
    write(dir / "private.kir", "old");
    REQUIRE(::chmod((dir / "private.kir").c_str(), 0600) == 0);
    REQUIRE(disk.rewrite_in_place(dir / "private.kir", "new", &error));
    CHECK((stat_of(dir / "private.kir").st_mode & 07777) == 0600);
    CHECK(read(dir / "private.kir") == "new");
  }
  SECTION("hard links keep sharing one inode") {
    write(dir / "a.kir", "old old old");
    REQUIRE(::link((dir / "a.kir").c_str(), (dir / "b.kir").c_str()) == 0);
    const ino_t inode = stat_of(dir / "a.kir").st_ino;
    REQUIRE(disk.rewrite_in_place(dir / "a.kir", "new", &error));
    CHECK(stat_of(dir / "a.kir").st_ino == inode);
    CHECK(stat_of(dir / "b.kir").st_nlink == 2);
    CHECK(read(dir / "b.kir") == "new");  // shorter: truncated
    // No backup left behind.
    CHECK(std::system(("ls -A '" + dir.path + "' | grep -q taskc-").c_str()) != 0);
  }
  SECTION("the owner stays (when we may give files away)") {
    write(dir / "theirs.kir", "old");
    if (::geteuid() == 0) {
      REQUIRE(::chown((dir / "theirs.kir").c_str(), 1234, 4321) == 0);
      REQUIRE(disk.rewrite_in_place(dir / "theirs.kir", "new", &error));
      CHECK(stat_of(dir / "theirs.kir").st_uid == 1234);
      CHECK(stat_of(dir / "theirs.kir").st_gid == 4321);
    } else {
      // Not root: a read-only file is refused rather than replaced.
      REQUIRE(::chmod((dir / "theirs.kir").c_str(), 0444) == 0);
      CHECK_FALSE(disk.rewrite_in_place(dir / "theirs.kir", "new", &error));
      CHECK(read(dir / "theirs.kir") == "old");
    }
    CHECK(read(dir / "theirs.kir") == (::geteuid() == 0 ? "new" : "old"));
  }
  SECTION("a directory we may not write to: written into the inode") {
    if (::geteuid() == 0) {
      WARN("running as root, who may write to any directory: not tested");
      return;
    }
    REQUIRE(::mkdir((dir / "ro").c_str(), 0755) == 0);
    write(dir / "ro/x.kir", "old");
    REQUIRE(::chmod((dir / "ro").c_str(), 0555) == 0);
    const ino_t inode = stat_of(dir / "ro/x.kir").st_ino;
    REQUIRE(disk.rewrite_in_place(dir / "ro/x.kir", "new", &error));
    CHECK(stat_of(dir / "ro/x.kir").st_ino == inode);
    CHECK(read(dir / "ro/x.kir") == "new");
    ::chmod((dir / "ro").c_str(), 0755);
  }
}

}  // namespace
}  // namespace taskc
