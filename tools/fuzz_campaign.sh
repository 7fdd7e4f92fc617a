#!/usr/bin/env bash
# A long fuzz campaign: builds the libFuzzer targets with clang, ASan and UBSan
# (the same configuration as CI's fuzz-smoke), then runs each target for the
# given number of minutes, keeping the corpus between campaigns.
#
#   tools/fuzz_campaign.sh [MINUTES_PER_TARGET] [TARGET...]
#
# MINUTES_PER_TARGET defaults to 60; TARGET is kir and/or manifest (default
# both). Environment: FUZZ_BUILD_DIR (default build-fuzz), FUZZ_CORPUS_DIR
# (default fuzz-corpus; one subdirectory per target, not committed).
#
# A finding stops the run of that target and is printed; copy it into
# testdata/fuzz-regressions/<target>/ with a name that says what it found,
# fix the bug, and record both in docs/RELIABILITY.md.
set -euo pipefail
cd "$(dirname "$0")/.."
minutes=${1:-60}
shift || true
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(kir manifest)
build=${FUZZ_BUILD_DIR:-build-fuzz}
corpus_root=${FUZZ_CORPUS_DIR:-fuzz-corpus}

if [ ! -f "$build/build.ninja" ]; then
  CXX=clang++ meson setup "$build" -Dfuzzing=true \
    -Db_sanitize=address,undefined -Db_lundef=false
fi
status=0
for target in "${targets[@]}"; do
  ninja -C "$build" "tests/fuzz/${target}_fuzzer"
  case $target in
    kir) seeds=(--seeds testdata/valid testdata/invalid --suffix .kir) ;;
    manifest) seeds=(--seeds testdata/manifests testdata/valid --suffix .json) ;;
    *) echo "unknown target '$target' (kir or manifest)" >&2; exit 2 ;;
  esac
  mkdir -p "$corpus_root/$target"
  echo "== $target: $minutes minute(s), corpus $corpus_root/$target"
  if ! python3 tests/fuzz/fuzz_smoke.py --fuzzer "$build/tests/fuzz/${target}_fuzzer" \
      --dict "tests/fuzz/$target.dict" \
      --regressions "testdata/fuzz-regressions/$target" \
      --corpus "$corpus_root/$target" --seconds $((minutes * 60)) "${seeds[@]}"; then
    status=1
  fi
done
exit $status
