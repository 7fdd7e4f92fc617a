#include "edit_distance.h"

#include <catch2/catch.hpp>
#include <string>
#include <vector>

namespace taskc {
namespace {

using Names = std::vector<std::string>;

TEST_CASE("edit_distance is the Levenshtein distance", "[edit_distance]") {
  CHECK(edit_distance("", "", 5) == 0);
  CHECK(edit_distance("abc", "abc", 5) == 0);
  CHECK(edit_distance("", "abc", 5) == 3);
  CHECK(edit_distance("abc", "", 5) == 3);
  CHECK(edit_distance("kitten", "sitting", 5) == 3);
  CHECK(edit_distance("vec_ad", "vec_add", 5) == 1);   // insertion
  CHECK(edit_distance("vec_addd", "vec_add", 5) == 1);  // deletion
  CHECK(edit_distance("vec_adb", "vec_add", 5) == 1);   // substitution
  CHECK(edit_distance("ab", "ba", 5) == 2);  // no transpositions
  CHECK(edit_distance("flaw", "lawn", 5) == 2);
}

TEST_CASE("edit_distance gives up at max + 1", "[edit_distance]") {
  CHECK(edit_distance("kitten", "sitting", 3) == 3);
  CHECK(edit_distance("kitten", "sitting", 2) == 3);
  CHECK(edit_distance("kitten", "sitting", 1) == 2);
  CHECK(edit_distance("abc", "xyz", 1) == 2);
  CHECK(edit_distance("a", "abcdefgh", 2) == 3);  // the length gap alone
  CHECK(edit_distance("a", "b", 0) == 1);
  CHECK(edit_distance("same", "same", 0) == 0);
}

TEST_CASE("closest_name suggests close candidates", "[edit_distance]") {
  CHECK(closest_name("bb", {"a", "b", "c"}) == "b");
  CHECK(closest_name("vec_ad", {"N", "a", "vec_add", "vec_mul"}) == "vec_add");
  CHECK(closest_name("targt", {"target", "runtime"}) == "target");
  CHECK(closest_name("block", {"blocks", "sync_start", "deps"}) == "blocks");
  CHECK(closest_name("mn", {"min", "max", "select", "cast"}) == "min");
  // The closest wins, whatever the order.
  CHECK(closest_name("vec_adx", {"vec_a", "vec_add"}) == "vec_add");
  // Ties go to the first candidate.
  CHECK(closest_name("ab", {"aa", "bb"}) == "aa");
  CHECK(closest_name("ab", {"bb", "aa"}) == "bb");
  // An exact match is its own suggestion.
  CHECK(closest_name("N", {"M", "N"}) == "N");
}

TEST_CASE("closest_name thresholds scale with the name's length",
          "[edit_distance]") {
  // One letter: no one-letter name is a typo of another.
  CHECK(closest_name("x", {"N"}).empty());
  CHECK(closest_name("x", {"xy"}).empty());
  // Up to 5 letters: one edit.
  CHECK(closest_name("abcde", {"abxde"}) == "abxde");
  CHECK(closest_name("abcde", {"axcxe"}).empty());
  // 6 letters: two edits.
  CHECK(closest_name("abcdef", {"axcxef"}) == "axcxef");
  CHECK(closest_name("abcdef", {"axxxef"}).empty());
  // 9 letters: three edits.
  CHECK(closest_name("abcdefghi", {"axcxexghi"}) == "axcxexghi");
  CHECK(closest_name("abcdefghi", {"axxxxfghi"}).empty());
}

TEST_CASE("closest_name with nothing to suggest", "[edit_distance]") {
  CHECK(closest_name("anything", {}).empty());
  CHECK(closest_name("", {"a", "b"}).empty());
  CHECK(closest_name("weights", {"a", "b", "out", "vec_add"}).empty());
  CHECK(closest_name("zz", {"ab"}).empty());
}

}  // namespace
}  // namespace taskc
