// ABI types: name conversions both ways and the guarantees of make_callable.
#include "abi.h"

#include <catch2/catch.hpp>
#include <functional>
#include <stdexcept>
#include <string>
#include <vector>

namespace {

using taskc::abi::ArgDirection;
using taskc::abi::CoreType;
using taskc::abi::Limits;
using taskc::abi::make_callable;

std::string thrown_message(const std::function<void()>& action) {
  try {
    action();
  } catch (const std::invalid_argument& error) {
    return error.what();
  }
  return "(nothing thrown)";
}

}  // namespace

TEST_CASE("direction names round-trip", "[abi]") {
  for (ArgDirection d : {ArgDirection::SCALAR, ArgDirection::IN,
                         ArgDirection::OUT, ArgDirection::INOUT}) {
    auto parsed = taskc::abi::parse_direction(taskc::abi::direction_name(d));
    REQUIRE(parsed.has_value());
    CHECK(*parsed == d);
  }
  CHECK(std::string(taskc::abi::direction_name(ArgDirection::INOUT)) ==
        "INOUT");
  CHECK(std::string(taskc::abi::direction_name(ArgDirection::SCALAR)) ==
        "SCALAR");
}

TEST_CASE("parse_direction is exact and case-sensitive", "[abi]") {
  for (const char* name : {"in", "Out", "INPUT", "", " IN", "IN ", "INOUT\n"}) {
    INFO(name);
    CHECK_FALSE(taskc::abi::parse_direction(name).has_value());
  }
}

TEST_CASE("direction_name of an out-of-range value is still a string",
          "[abi]") {
  CHECK(std::string(taskc::abi::direction_name(static_cast<ArgDirection>(7))) ==
        "INVALID");
}

TEST_CASE("core type names round-trip", "[abi]") {
  CHECK(std::string(taskc::abi::core_type_name(CoreType::AIC)) == "aic");
  CHECK(std::string(taskc::abi::core_type_name(CoreType::AIV)) == "aiv");
  CHECK(std::string(taskc::abi::core_type_name(CoreType::CHIP)) == "chip");
  for (CoreType t : {CoreType::AIC, CoreType::AIV, CoreType::CHIP}) {
    CHECK(taskc::abi::parse_core_type(taskc::abi::core_type_name(t)) == t);
  }
  CHECK_FALSE(taskc::abi::parse_core_type("AIC").has_value());
  CHECK_FALSE(taskc::abi::parse_core_type("vector").has_value());
  CHECK(std::string(taskc::abi::core_type_name(static_cast<CoreType>(9))) ==
        "invalid");
}

TEST_CASE("limits match the a2a3/a5 profile", "[abi]") {
  CHECK(Limits::kCoreMaxTensorArgs == 32);
  CHECK(Limits::kCoreMaxScalarArgs == 16);
  CHECK(Limits::kChipMaxTensorArgs == 256);
  CHECK(Limits::kChipMaxScalarArgs == 128);
  CHECK(Limits::kMaxTensorRank == 5);
  CHECK(Limits::kMaxChildCallables == 1024);
}

TEST_CASE("make_callable keeps the signature and its length", "[abi]") {
  auto callable = make_callable<Limits::kCoreMaxTensorArgs>(
      {ArgDirection::IN, ArgDirection::IN, ArgDirection::OUT}, 4, "kernel_add",
      CoreType::AIV, 2, true);
  CHECK(callable.sig_count() == 3);
  CHECK(callable.signature(0) == ArgDirection::IN);
  CHECK(callable.signature(2) == ArgDirection::OUT);
  CHECK(callable.func_id() == 4);
  CHECK(callable.name() == "kernel_add");
  CHECK(callable.core_type() == CoreType::AIV);
  CHECK(callable.scalar_count() == 2);
  CHECK(callable.dual_aiv());
  CHECK(callable.entry() == nullptr);
}

TEST_CASE("make_callable accepts an empty signature and exactly MaxSig",
          "[abi]") {
  CHECK(make_callable<4>({}, 0, "k", CoreType::AIC).sig_count() == 0);
  std::vector<ArgDirection> full(4, ArgDirection::INOUT);
  CHECK(make_callable<4>(full, 0, "k", CoreType::AIC).sig_count() == 4);
}

TEST_CASE("make_callable rejects a signature over MaxSig naming both counts",
          "[abi]") {
  std::vector<ArgDirection> too_long(Limits::kCoreMaxTensorArgs + 1,
                                     ArgDirection::IN);
  std::string message = thrown_message([&] {
    make_callable<Limits::kCoreMaxTensorArgs>(too_long, 0, "wide_kernel",
                                              CoreType::AIV);
  });
  CHECK_THAT(message, Catch::Contains("wide_kernel"));
  CHECK_THAT(message, Catch::Contains("33"));
  CHECK_THAT(message, Catch::Contains("32"));

  std::vector<ArgDirection> chip_too_long(Limits::kChipMaxTensorArgs + 4,
                                          ArgDirection::OUT);
  message = thrown_message([&] {
    make_callable<Limits::kChipMaxTensorArgs>(chip_too_long, -1, "orch",
                                              CoreType::CHIP);
  });
  CHECK_THAT(message, Catch::Contains("260"));
  CHECK_THAT(message, Catch::Contains("256"));
}

TEST_CASE("make_callable rejects SCALAR in a signature", "[abi]") {
  std::string message = thrown_message([] {
    make_callable<Limits::kCoreMaxTensorArgs>(
        {ArgDirection::IN, ArgDirection::SCALAR}, 0, "k", CoreType::AIV);
  });
  CHECK_THAT(message, Catch::Contains("entry 1"));
  CHECK_THAT(message, Catch::Contains("SCALAR"));
}

TEST_CASE("ChipCallable::child looks up by func_id and bounds-checks",
          "[abi]") {
  taskc::abi::ChipCallable chip;
  chip.children.push_back(make_callable<Limits::kCoreMaxTensorArgs>(
      {ArgDirection::IN}, 0, "a", CoreType::AIV));
  chip.children.push_back(make_callable<Limits::kCoreMaxTensorArgs>(
      {ArgDirection::OUT}, 1, "b", CoreType::AIC));
  REQUIRE(chip.child(1) != nullptr);
  CHECK(chip.child(1)->name() == "b");
  CHECK(chip.child(2) == nullptr);
  CHECK(chip.child(-1) == nullptr);
  CHECK(chip.orchestration.sig_count() == 0);
  CHECK(chip.orchestration.core_type() == CoreType::CHIP);
}
