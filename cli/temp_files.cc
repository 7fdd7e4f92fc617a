#include "temp_files.h"

#include <dirent.h>
#include <signal.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <vector>

namespace taskc {

namespace {

constexpr size_t kRandomLength = 6;    // mkstemp's XXXXXX
constexpr size_t kMaxPidDigits = 10;   // the name length must not depend on it

// `base` cut to at most `limit` bytes, never inside a UTF-8 sequence.
std::string shortened(const std::string& base, size_t limit) {
  if (base.size() <= limit) return base;
  size_t cut = limit;
  while (cut > 0 && (static_cast<unsigned char>(base[cut]) & 0xC0) == 0x80) --cut;
  return base.substr(0, cut);
}

std::string kept_part(const std::string& base, size_t name_max) {
  const size_t fixed = 1 + std::strlen(kTempMarker) + kMaxPidDigits + 1 + kRandomLength;
  return shortened(base, name_max > fixed ? name_max - fixed : 1);
}

bool all_of(const std::string& text, size_t from, size_t to, bool (*ok)(char)) {
  if (from >= to) return false;
  for (size_t i = from; i < to; ++i) {
    if (!ok(text[i])) return false;
  }
  return true;
}

bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_random_char(char c) {
  return is_digit(c) || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

// The part after ".NAME.taskc-tmp-": "PID-XXXXXX" (pid > 0) or "XXXXXX".
bool parse_suffix(const std::string& suffix, long* pid) {
  if (suffix.size() == kRandomLength) {
    *pid = 0;
    return all_of(suffix, 0, suffix.size(), is_random_char);
  }
  const size_t dash = suffix.find('-');
  if (dash == std::string::npos || dash > kMaxPidDigits ||
      suffix.size() != dash + 1 + kRandomLength ||
      !all_of(suffix, 0, dash, is_digit) ||
      !all_of(suffix, dash + 1, suffix.size(), is_random_char)) {
    return false;
  }
  *pid = std::stol(suffix.substr(0, dash));
  return *pid > 0;
}

bool process_is_gone(long pid) {
  return ::kill(static_cast<pid_t>(pid), 0) != 0 && errno == ESRCH;
}

}  // namespace

std::string temp_name_template(const std::string& base, size_t name_max,
                               long pid) {
  return "." + kept_part(base, name_max) + kTempMarker + std::to_string(pid) +
         "-" + std::string(kRandomLength, 'X');
}

bool is_temp_name_of(const std::string& entry, const std::string& base,
                     size_t name_max, long* pid) {
  // The current form (NAME shortened to fit) and the old one (NAME whole).
  for (const std::string& kept : {kept_part(base, name_max), base}) {
    const std::string prefix = "." + kept + kTempMarker;
    if (entry.size() > prefix.size() && entry.compare(0, prefix.size(), prefix) == 0 &&
        parse_suffix(entry.substr(prefix.size()), pid)) {
      return true;
    }
  }
  return false;
}

int StaleTemporaries::remove(const std::string& directory, const std::string& base,
                             size_t name_max, std::time_t now) {
  auto [listing, fresh] = listings_.try_emplace(directory);
  if (fresh) {
    DIR* dir = ::opendir(directory.c_str());
    if (dir == nullptr) return 0;
    while (const struct dirent* entry = ::readdir(dir)) {
      if (std::strstr(entry->d_name, kTempMarker) != nullptr) {
        listing->second.push_back(entry->d_name);
      }
    }
    ::closedir(dir);
  }
  int removed = 0;
  for (const std::string& name : listing->second) {
    long pid = 0;
    if (!is_temp_name_of(name, base, name_max, &pid)) continue;
    const std::string path = directory + "/" + name;
    struct stat st;
    if (::lstat(path.c_str(), &st) != 0 || !S_ISREG(st.st_mode) ||
        st.st_uid != ::geteuid() ||
        now - st.st_mtime < std::time_t{kStaleMinutes} * 60 ||
        (pid != 0 && !process_is_gone(pid))) {
      continue;
    }
    if (::unlink(path.c_str()) == 0) ++removed;
  }
  return removed;
}

}  // namespace taskc
