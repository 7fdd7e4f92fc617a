#include "ast_dump.h"

#include <charconv>

namespace taskc {

namespace {

// Every byte outside printable ASCII as \xHH, so a dump shows exact bytes.
std::string quoted(std::string_view bytes) {
  static const char* kHex = "0123456789abcdef";
  std::string out = "\"";
  for (char ch : bytes) {
    auto c = static_cast<unsigned char>(ch);
    if (c < 0x20 || c >= 0x7f || c == '"' || c == '\\') {
      out += "\\x";
      out += kHex[c >> 4];
      out += kHex[c & 15];
    } else {
      out += ch;
    }
  }
  return out + "\"";
}

// The shortest text that reads back as exactly this double.
std::string exact_double(double value) {
  char buf[64];
  auto result = std::to_chars(buf, buf + sizeof buf, value);
  return std::string(buf, result.ptr);
}

// "in ", "out ", "inout ", or "" when no direction was written.
std::string direction_prefix(Direction d) {
  std::string keyword = direction_keyword(d);
  return keyword.empty() ? keyword : keyword + " ";
}

std::string dump_args(ArenaSpan<Arg> args) {
  std::string out;
  for (const Arg& a : args) {
    out += " ";
    if (!a.keyword.empty()) out += "(kw " + std::string(a.keyword) + " ";
    if (a.dump) out += "(dump ";
    if (a.direction != Direction::kNone) out += std::string("(") + direction_keyword(a.direction) + " ";
    if (a.nodep) out += "(nodep ";
    out += dump_expr(*a.value);
    if (a.nodep) out += ")";
    if (a.direction != Direction::kNone) out += ")";
    if (a.dump) out += ")";
    if (!a.keyword.empty()) out += ")";
  }
  return out;
}

std::string dump_type(const TypeExpr& t) {
  switch (t.kind) {
    case TypeKind::kScalar:
      return std::string("(Scalar ") + dtype_info(t.dtype).name + ")";
    case TypeKind::kAlias:
      return "(alias " + std::string(t.alias) + ")";
    case TypeKind::kTaskId:
      return t.array_size ? "(TaskId " + dump_expr(*t.array_size) + ")" : "(TaskId)";
    case TypeKind::kTensor: {
      std::string out = "(Tensor (";
      for (size_t i = 0; i < t.shape.size(); ++i) {
        if (i > 0) out += " ";
        out += t.shape[i].any ? "?" : dump_expr(*t.shape[i].expr);
      }
      return out + ") " + dtype_info(t.dtype).name + ")";
    }
  }
  return "(?type)";
}

std::string dump_params(const std::vector<Param>& params) {
  std::string out = "(";
  for (size_t i = 0; i < params.size(); ++i) {
    if (i > 0) out += " ";
    out += "(" + direction_prefix(params[i].direction) +
           std::string(params[i].name) + " " + dump_type(params[i].type) + ")";
  }
  return out + ")";
}

std::string dump_annotations(ArenaSpan<Annotation> annotations) {
  std::string out;
  for (const Annotation& a : annotations) {
    out += "(@" + std::string(a.name);
    if (a.has_parens) {
      std::string args = dump_args(a.args);  // " x y"
      out += " (" + (args.empty() ? args : args.substr(1)) + ")";
    }
    out += ") ";
  }
  return out;
}

std::string dump_call(const TaskCall& c) {
  return "(call " + std::string(c.kernel) + dump_args(c.args) + ")";
}

void dump_block(const Block& b, int indent, std::string& out);

void dump_stmt(const Stmt& s, int indent, std::string& out) {
  out += std::string(indent, ' ') + dump_annotations(s.annotations);
  std::string type = s.type ? " " + dump_type(*s.type) : "";
  switch (s.kind) {
    case StmtKind::kLet:
    case StmtKind::kVar:
      out += (s.kind == StmtKind::kLet ? "(let " : "(var ") + std::string(s.name) + type +
             " " + (s.call ? dump_call(*s.call) : dump_expr(*s.value)) + ")\n";
      return;
    case StmtKind::kAssign:
      out += "(set " + std::string(s.name) + (s.index ? " (at " + dump_expr(*s.index) + ")" : "") + " " +
             (s.call ? dump_call(*s.call) : dump_expr(*s.value)) + ")\n";
      return;
    case StmtKind::kCall:
      out += dump_call(*s.call) + "\n";
      return;
    case StmtKind::kOp:
      out += "(op " + dump_expr(*s.value) + ")\n";
      return;
    case StmtKind::kFor: {
      out += "(for " + std::string(s.name) + " (range";
      for (const ExprPtr& e : s.range_args) out += " " + dump_expr(*e);
      out += ")\n";
      dump_block(s.body, indent + 2, out);
      out += std::string(indent, ' ') + ")\n";
      return;
    }
    case StmtKind::kIf:
      out += "(if\n";
      for (size_t i = 0; i < s.conds.size(); ++i) {
        out += std::string(indent + 2, ' ') + "(branch " +
               dump_expr(*s.conds[i]) + "\n";
        dump_block(s.blocks[i], indent + 4, out);
        out += std::string(indent + 2, ' ') + ")\n";
      }
      if (s.else_block) {
        out += std::string(indent + 2, ' ') + "(else\n";
        dump_block(*s.else_block, indent + 4, out);
        out += std::string(indent + 2, ' ') + ")\n";
      }
      out += std::string(indent, ' ') + ")\n";
      return;
    case StmtKind::kScope:
      out += s.manual ? "(scope manual\n" : "(scope\n";
      dump_block(s.body, indent + 2, out);
      out += std::string(indent, ' ') + ")\n";
      return;
  }
}

void dump_block(const Block& b, int indent, std::string& out) {
  for (const StmtPtr& s : b.stmts) dump_stmt(*s, indent, out);
}

void dump_decl(const Decl& d, std::string& out) {
  out += dump_annotations(d.annotations);
  switch (d.kind) {
    case DeclKind::kDim:
      out += "(dim";
      for (std::string_view n : d.names) out += " " + std::string(n);
      out += ")\n";
      return;
    case DeclKind::kConst:
      out += "(const " + std::string(d.name) + (d.type ? " " + dump_type(*d.type) : "") +
             " " + dump_expr(*d.value) + ")\n";
      return;
    case DeclKind::kType:
      out += "(type " + std::string(d.name) + " " + dump_type(*d.type) + ")\n";
      return;
    case DeclKind::kKernel:
      out += std::string("(kernel ") + (d.is_aic ? "aic " : "aiv ") + std::string(d.name) +
             " " + dump_params(d.params) + ")\n";
      return;
    case DeclKind::kGroup:
      out += "(group " + std::string(d.name) + " " + dump_params(d.params);
      for (const GroupMember& m : d.members) {
        out += std::string(m.is_aic ? " (aic " : " (aiv ") + std::string(m.name) + ")";
      }
      out += ")\n";
      return;
    case DeclKind::kOrchestration:
      out += "(orchestration " + std::string(d.name) + " " + dump_params(d.params) + "\n";
      dump_block(d.body, 2, out);
      out += ")\n";
      return;
  }
}

}  // namespace

std::string dump_expr(const Expr& e) {
  switch (e.kind) {
    case ExprKind::kInt: return std::to_string(e.int_value);
    case ExprKind::kFloat: return "(float " + exact_double(e.float_value) + ")";
    case ExprKind::kString: return quoted(e.text);
    case ExprKind::kBool: return e.bool_value ? "true" : "false";
    case ExprKind::kDType: return dtype_info(e.dtype).name;
    case ExprKind::kName: return std::string(e.text);
    case ExprKind::kList: {
      std::string out = "(list";
      for (const ExprPtr& item : e.items) out += " " + dump_expr(*item);
      return out + ")";
    }
    case ExprKind::kNeg: return "(neg " + dump_expr(*e.lhs) + ")";
    case ExprKind::kNot: return "(not " + dump_expr(*e.lhs) + ")";
    case ExprKind::kBinary:
      return "(" + std::string(binary_op_spelling(e.op)) + " " +
             dump_expr(*e.lhs) + " " + dump_expr(*e.rhs) + ")";
    case ExprKind::kCall: return "(" + std::string(e.text) + dump_args(e.args) + ")";
    case ExprKind::kTensorOp:
      return "(tensor." + std::string(e.text) + dump_args(e.args) + ")";
    case ExprKind::kNone: return "none";
    case ExprKind::kIndex: return "(index " + dump_expr(*e.lhs) + " " + dump_expr(*e.rhs) + ")";
  }
  return "(?expr)";
}

std::string dump_module(const Module& module) {
  std::string out = "(module " + std::string(module.name);
  for (const ModuleKwarg& kw : module.kwargs) {
    out += " (" + std::string(kw.name) + " " + dump_expr(*kw.value) + ")";
  }
  out += ")\n";
  for (const Decl& d : module.decls) dump_decl(d, out);
  return out;
}

}  // namespace taskc
