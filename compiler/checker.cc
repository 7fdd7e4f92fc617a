#include "checker.h"

#include <algorithm>
#include <stdexcept>
#include <string_view>

#include "checker_impl.h"
#include "cxx_names.h"
#include "edit_distance.h"

namespace taskc {

Program check(Module module, DiagnosticSink& sink) {
  Program program;
  program.module = std::move(module);
  Checker(program, sink).run();
  return program;
}

// ---- names ----

// Whether a symbol is the one this declaration made (not a duplicate's).
static bool same_place(Span a, Span b) {
  return a.begin.line == b.begin.line && a.begin.column == b.begin.column;
}

SymbolId Checker::declare(SymbolKind kind, std::string_view name, Span span, bool emitted) {
  auto& innermost = scopes_.back();
  auto found = innermost.find(name);
  SymbolId outer = found == innermost.end() ? lookup(name) : kNoSymbol;
  if (found != innermost.end()) {
    std::string quoted = "'" + std::string(name) + "'";
    sink_.error(ErrorCode::E0202, span, "duplicate name " + quoted,
                {DiagnosticNote{sym(found->second).span, quoted + " first declared here"}});
  } else if (outer != kNoSymbol) {
    std::string quoted = "'" + std::string(name) + "'";
    sink_.error(ErrorCode::E0203, span, quoted + " shadows an outer declaration",
                {DiagnosticNote{sym(outer).span, quoted + " declared here"}});
  } else if (emitted) {
    if (auto why = cxx_reserved_reason(name)) {
      sink_.error(ErrorCode::E0205, span,
                  "name '" + std::string(name) + "' " + *why + " and cannot be used here");
    }
  }
  auto id = static_cast<SymbolId>(prog_.symbols.size());
  Symbol symbol;
  symbol.kind = kind;
  symbol.name = std::string(name);
  symbol.span = span;
  prog_.symbols.push_back(std::move(symbol));
  alias_types_.push_back(nullptr);
  if (found == innermost.end()) innermost[name] = id;
  return id;
}

SymbolId Checker::lookup(std::string_view name) const {
  for (auto it = scopes_.rbegin(); it != scopes_.rend(); ++it) {
    auto found = it->find(name);
    if (found != it->end()) return found->second;
  }
  return kNoSymbol;
}

// Whether a symbol of `kind` can stand where report_undefined's `what` was
// expected, so that a suggestion is never the wrong kind of name.
static bool suggestable(const char* what, SymbolKind kind) {
  std::string_view expected = what;
  bool callable = kind == SymbolKind::kKernel || kind == SymbolKind::kGroup;
  if (expected == "type") return kind == SymbolKind::kType;
  if (expected == "kernel") return callable;
  if (expected == "variable") return kind == SymbolKind::kVar;
  return !callable && kind != SymbolKind::kType && kind != SymbolKind::kOrchestration;
}

void Checker::end_scope(Pos end, bool loop) {
  for (auto& entry : scopes_.back()) {
    ended_[entry.first] = EndedName{entry.second, end, loop};
  }
  pop_scope();
}

void Checker::report_undefined(std::string_view name_view, Span span, const char* what) {
  const std::string name(name_view);  // errors only
  std::string message = std::string("undefined ") + what + " '" + name + "'";
  auto ended = ended_.find(name_view);
  std::string_view kind = what;
  if (ended != ended_.end() && (kind == "name" || kind == "variable")) {
    const EndedName& e = ended->second;
    sink_.error(ErrorCode::E0201, span,
                message + ": '" + name + "' belongs to the " + (e.loop ? "loop" : "block") +
                    " that ended at line " + std::to_string(e.scope_end.line),
                {DiagnosticNote{sym(e.symbol).span, "'" + name + "' declared here"}});
    return;
  }
  // A suggestion compares the name with every visible one; only the first
  // few get one, so that many undefined names cost linear time, not
  // quadratic (later errors are rarely shown: --max-errors).
  if (suggestions_left_ == 0) {
    sink_.error(ErrorCode::E0201, span, message);
    return;
  }
  --suggestions_left_;
  std::vector<std::string_view> visible;
  for (const auto& scope : scopes_) {
    for (const auto& entry : scope) {
      if (suggestable(what, sym(entry.second).kind)) visible.push_back(entry.first);
    }
  }
  std::sort(visible.begin(), visible.end());
  std::string suggestion = closest_name(name, visible);
  if (!suggestion.empty()) message += "; did you mean '" + suggestion + "'?";
  sink_.error(ErrorCode::E0201, span, message);
}

// ---- module ----

void Checker::run() {
  // Reserved, not filled: records are written as expressions are checked.
  prog_.expr_records.reserve(prog_.module.expr_count);
  prog_.stmt_symbol.assign(prog_.module.stmt_count, kNoSymbol);
  // At most one symbol per statement, declared name and entry parameter:
  // reserved (not touched) so the vector is not copied as it grows.
  size_t most_symbols = prog_.module.stmt_count;
  for (const Decl& d : prog_.module.decls) {
    most_symbols += 1 + d.names.size() + (d.kind == DeclKind::kOrchestration ? d.params.size() : 0);
  }
  prog_.symbols.reserve(most_symbols);
  alias_types_.reserve(most_symbols);
  prog_.calls.resize(prog_.module.call_count);
  scopes_.emplace_back();
  check_module_options();
  declare_callables();
  // The orchestration body is checked last, so it may call kernels and
  // groups declared after it.
  for (const Decl& d : prog_.module.decls) {
    if (d.kind != DeclKind::kOrchestration) check_decl(d);
  }
  for (const Decl& d : prog_.module.decls) {
    if (d.kind == DeclKind::kOrchestration) check_decl(d);
  }
  for (const Decl& d : prog_.module.decls) {
    if (d.kind != DeclKind::kGroup) continue;
    SymbolId s = lookup(d.name);
    if (s != kNoSymbol && sym(s).kind == SymbolKind::kGroup &&
        same_place(sym(s).span, d.name_span)) {
      check_group_members(d, prog_.groups[sym(s).index]);
    }
  }
  if (!prog_.orchestration) {
    sink_.error(ErrorCode::E0207, prog_.module.name_span,
                "module '" + std::string(prog_.module.name) +
                    "' has no orchestration; exactly one is required");
  }
  report_unused_and_limits();
  // On a program without errors only: after an error the tasks' facts are
  // partial, and hazards between them would be noise.
  if (!sink_.has_errors()) report_manual_hazards(hazards_, sink_);
}

void Checker::check_module_options() {
  prog_.target = default_target_profile().target;
  prog_.runtime = kDefaultRuntime;
  prog_.profile = &default_target_profile();
  if (auto why = cxx_reserved_reason(prog_.module.name)) {
    sink_.error(ErrorCode::E0205, prog_.module.name_span,
                "module name '" + std::string(prog_.module.name) + "' " + *why);
  }
  std::vector<std::string> seen;
  for (const ModuleKwarg& kw : prog_.module.kwargs) {
    if (std::find(seen.begin(), seen.end(), kw.name) != seen.end()) {
      sink_.error(ErrorCode::E0801, kw.span, "module option '" + std::string(kw.name) + "' is given twice");
      continue;
    }
    seen.push_back(std::string(kw.name));
    bool is_string = kw.value && kw.value->kind == ExprKind::kString;
    if (kw.name == "target") {
      const TargetProfile* p =
          is_string ? find_target_profile(kw.value->text) : nullptr;
      if (!p) {
        sink_.error(ErrorCode::E0801, kw.value->span,
                    "unknown target; expected \"a2a3\" or \"a5\"");
        continue;
      }
      prog_.profile = p;
      prog_.target = p->target;
    } else if (kw.name == "runtime") {
      if (!is_string || !is_known_runtime(kw.value->text)) {
        sink_.error(ErrorCode::E0801, kw.value->span,
                    "unknown runtime; expected \"tensormap_and_ringbuffer\"");
        continue;
      }
      prog_.runtime = kw.value->text;
    } else {
      std::string message = "unknown module option '" + std::string(kw.name) + "'";
      std::string suggestion = closest_name(kw.name, {"target", "runtime"});
      if (!suggestion.empty()) message += "; did you mean '" + suggestion + "'?";
      sink_.error(ErrorCode::E0801, kw.span, message);
    }
  }
}

// Kernels and groups may be named before their declaration (group members,
// calls); dims, consts and types must be declared before use. A duplicate
// (reported here) gets no KernelInfo or GroupInfo, so it is not also reported
// as never called; check_decl still checks its parameters.
void Checker::declare_callables() {
  for (const Decl& d : prog_.module.decls) {
    bool kernel = d.kind == DeclKind::kKernel;
    if (!kernel && d.kind != DeclKind::kGroup) continue;
    bool duplicate = lookup(d.name) != kNoSymbol;
    SymbolId s = declare(kernel ? SymbolKind::kKernel : SymbolKind::kGroup, d.name,
                         d.name_span, true);
    if (duplicate) continue;
    if (kernel) {
      sym(s).index = static_cast<int>(prog_.kernels.size());
      prog_.kernels.push_back(KernelInfo{std::string(d.name), d.name_span, d.is_aic, false, "", {}, {}, 0, 0});
    } else {
      sym(s).index = static_cast<int>(prog_.groups.size());
      prog_.groups.push_back(GroupInfo{std::string(d.name), d.name_span, -1, -1, -1, {}, {}, 0, 0});
    }
  }
}

void Checker::check_decl(const Decl& d) {
  bool annotatable = d.kind == DeclKind::kKernel;
  if (!annotatable) {
    for (const Annotation& a : d.annotations) {
      sink_.error(ErrorCode::E0208, a.span,
                  "annotation '@" + std::string(a.name) + "' is not allowed here; only "
                  "kernels take annotations");
    }
  }
  switch (d.kind) {
    case DeclKind::kDim:
      for (size_t i = 0; i < d.names.size(); ++i) {
        SymbolId s = declare(SymbolKind::kDim, d.names[i], d.name_spans[i], true);
        sym(s).type.kind = ValueKind::kScalar;
        sym(s).type.dtype = DType::kIndex;
        sym(s).symbolic = SymInt::atom(std::string(d.names[i]), s);
        sym(s).range = extent_range();  // bound from a uint32_t extent
        // A duplicate (reported) binds nothing: the first declaration does.
        if (lookup(d.names[i]) != s) continue;
        prog_.dims.push_back(DimBinding{std::string(d.names[i]), d.name_spans[i], s, -1, 0});
      }
      break;
    case DeclKind::kConst:
      check_const(d);
      break;
    case DeclKind::kType: {
      const TypeExpr* resolved = resolve_type(*d.type);
      if (resolved) check_extents(*resolved, true, nullptr);
      SymbolId s = declare(SymbolKind::kType, d.name, d.name_span, false);
      alias_types_[static_cast<size_t>(s)] = resolved;
      break;
    }
    case DeclKind::kKernel: {
      SymbolId s = lookup(d.name);
      int index = s != kNoSymbol && sym(s).kind == SymbolKind::kKernel ? sym(s).index : -1;
      if (index >= 0 && same_place(prog_.kernels[index].span, d.name_span)) {
        check_kernel(d, prog_.kernels[index]);
      } else {
        KernelInfo scratch;  // a duplicate: still check its body
        check_kernel(d, scratch);
      }
      break;
    }
    case DeclKind::kGroup: {
      SymbolId s = lookup(d.name);
      if (s != kNoSymbol && sym(s).kind == SymbolKind::kGroup &&
          same_place(sym(s).span, d.name_span)) {
        check_group(d, prog_.groups[sym(s).index]);
      }
      break;
    }
    case DeclKind::kOrchestration:
      if (prog_.orchestration) {
        sink_.error(ErrorCode::E0207, d.name_span,
                    "second orchestration '" + std::string(d.name) +
                        "'; a module has exactly one",
                    {DiagnosticNote{prog_.orchestration->name_span,
                                    "first orchestration declared here"}});
        return;
      }
      prog_.orchestration = &d;
      check_orchestration(d);
      break;
  }
}

void Checker::check_const(const Decl& d) {
  const ExprInfo& value = check_expr(*d.value);
  SymbolId id = declare(SymbolKind::kConst, d.name, d.name_span, false);
  Symbol* s = &sym(id);
  s->type = value.type;
  s->symbolic = value.symbolic;
  if (!value.constant) {
    if (value.type.kind != ValueKind::kError) {
      sink_.error(ErrorCode::E0309, d.value->span,
                  "the value of const '" + std::string(d.name) +
                      "' is not a compile-time constant");
    }
    s->type.kind = ValueKind::kError;
    return;
  }
  s->constant = value.constant;
  if (d.type) {
    const TypeExpr* resolved = resolve_type(*d.type);
    if (!resolved) return;
    // After an error the const is unusable, so that its uses are not
    // reported again (one error per mistake).
    auto unusable = [&] {
      s->type.kind = ValueKind::kError;
      s->constant.reset();
    };
    if (resolved->kind != TypeKind::kScalar) {
      sink_.error(ErrorCode::E0307, d.type->span, "a const must have a Scalar type");
      unusable();
      return;
    }
    if (check_scalar_conversion(*d.value, value, resolved->dtype,
                                "const '" + std::string(d.name) + "'")) {
      s->type.dtype = resolved->dtype;
      s->type.adaptable = false;
    } else {
      unusable();
    }
  }
}

const TypeExpr* Checker::resolve_type(const TypeExpr& t) {
  if (t.kind != TypeKind::kAlias) return &t;
  SymbolId s = lookup(t.alias);
  if (s == kNoSymbol) {
    report_undefined(t.alias, t.span, "type");
    return nullptr;
  }
  if (sym(s).kind != SymbolKind::kType) {
    sink_.error(ErrorCode::E0204, t.span, "'" + std::string(t.alias) + "' is not a type");
    return nullptr;
  }
  return alias_types_[static_cast<size_t>(s)];  // resolved when declared
}

}  // namespace taskc
