#include "token.h"

namespace taskc {

namespace {

constexpr TokenKind kFirstKeyword = TokenKind::kKwModule;
constexpr TokenKind kFirstPunctuator = TokenKind::kEqEq;

constexpr std::string_view kSpellings[] = {
    "identifier", "dtype", "integer", "float", "string", "end of file",
#define TASKC_TOKEN_SPELLING(kind, spelling) spelling,
    TASKC_KEYWORDS(TASKC_TOKEN_SPELLING)
    TASKC_PUNCTUATORS(TASKC_TOKEN_SPELLING)
#undef TASKC_TOKEN_SPELLING
};

}  // namespace

bool is_keyword(TokenKind k) { return k >= kFirstKeyword && k < kFirstPunctuator; }

bool is_punctuator(TokenKind k) { return k >= kFirstPunctuator; }

std::string_view token_spelling(TokenKind k) {
  return kSpellings[static_cast<size_t>(k)];
}

}  // namespace taskc
