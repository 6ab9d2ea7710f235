//! Compiled CEL expressions and `{expr}` message templates, and what their
//! evaluation means for a rule (docs/policies.md).

use cel::common::ast::{EntryExpr, Expr as Node, IdedExpr};
use cel::{Context, Env, ExecutionError, ParseErrors, Program, Value};
use std::fmt::Write as _;

/// What a custom policy's expressions may cost; the built-in pack is
/// trusted and compiled without bounds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Bounds {
    /// Longest expression, in bytes (`limits.max_expression_bytes`).
    pub max_bytes: usize,
    /// Deepest nesting of comprehensions (`limits.max_comprehension_depth`).
    pub max_depth: usize,
}

/// How deeply comprehensions nest in an expression, and where (1-based line
/// and column in the expression) the innermost one of the deepest chain is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Nesting {
    pub depth: usize,
    pub line: usize,
    pub column: usize,
}

/// One CEL expression, compiled once per run.
#[derive(Debug)]
pub(super) struct Expr {
    /// The expression as written, for messages about it.
    pub source: String,
    program: Program,
}

/// Why an expression does not compile: CEL's message and where in the
/// expression (1-based line and column) it went wrong.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct CompileError {
    pub message: String,
    pub line: usize,
    pub column: usize,
}

impl Expr {
    pub fn compile(env: &Env, source: &str) -> Result<Expr, CompileError> {
        match env.compile(source) {
            Ok(program) => Ok(Expr { source: source.to_owned(), program }),
            Err(errors) => Err(first_error(&errors)),
        }
    }

    /// The compiled syntax tree, for working out what the expression reads.
    pub fn ast(&self) -> &IdedExpr {
        self.program.expression()
    }

    /// How deeply comprehensions nest. `cel` has no execution limit, and a
    /// comprehension inside another's body runs once per outer element, so
    /// nesting is what turns a short expression into billions of steps
    /// (`l.map(a, l.map(b, l.map(c, …)))`); a comprehension over another's
    /// result (`l.filter(…).map(…)`) only adds.
    pub fn nesting(&self) -> Nesting {
        let (depth, innermost) = nesting(self.program.expression());
        let info = self.program.source_info();
        let offset = innermost.and_then(|id| info.offset_for(id)).map_or(0, |(start, _)| start as usize);
        let (line, column) = line_and_column(&self.source, offset);
        Nesting { depth, line, column }
    }

    /// Evaluates a condition. "Counts as false" is decided here: a missing
    /// field anywhere in the expression makes the whole condition
    /// [`Verdict::Missing`], which `when` and `require` both read as false.
    pub fn verdict(&self, context: &Context<'_, '_>) -> Verdict {
        match self.program.execute(context) {
            Ok(Value::Bool(true)) => Verdict::True,
            Ok(Value::Bool(false)) => Verdict::False,
            Ok(other) => Verdict::NotBool(describe(&other)),
            Err(ExecutionError::NoSuchKey(_)) => Verdict::Missing,
            Err(error) => Verdict::Error(error.to_string()),
        }
    }

    /// The expression's value as message text; `?` when it cannot be evaluated.
    fn render(&self, context: &Context<'_, '_>, out: &mut String) {
        match self.program.execute(context) {
            Ok(value) => write_value(&value, out),
            Err(_) => out.push('?'),
        }
    }
}

/// The deepest chain of comprehensions, each in the previous one's loop
/// body, and the id of the innermost one (or of the node CEL recorded a
/// position for, nearest to it).
fn nesting(node: &IdedExpr) -> (usize, Option<u64>) {
    let deepest = |nodes: &mut dyn Iterator<Item = &IdedExpr>| -> (usize, Option<u64>) {
        nodes.map(nesting).max_by_key(|(depth, _)| *depth).unwrap_or((0, None))
    };
    match &node.expr {
        Node::Comprehension(c) => {
            let (body, inner) = deepest(&mut [&c.loop_cond, &c.loop_step].into_iter());
            let this = (body + 1, if body > 0 { inner } else { Some(c.iter_range.id) });
            // The range, the initial value and the result are evaluated
            // once, outside the loop.
            let outside = deepest(&mut [&c.iter_range, &c.accu_init, &c.result].into_iter());
            if outside.0 > this.0 { outside } else { this }
        }
        Node::Call(call) => deepest(&mut call.target.as_deref().into_iter().chain(&call.args)),
        Node::List(list) => deepest(&mut list.elements.iter()),
        Node::Map(map) => deepest(&mut map.entries.iter().flat_map(entry_children)),
        Node::Struct(strukt) => deepest(&mut strukt.entries.iter().flat_map(entry_children)),
        Node::Select(select) => nesting(&select.operand),
        Node::Ident(_) | Node::Literal(_) | Node::Unspecified => (0, None),
    }
}

/// The expressions inside a map or struct literal's entry.
pub(super) fn entry_children(entry: &cel::common::ast::IdedEntryExpr) -> Vec<&IdedExpr> {
    match &entry.expr {
        EntryExpr::StructField(field) => vec![&field.value],
        EntryExpr::MapEntry(entry) => vec![&entry.key, &entry.value],
    }
}

/// The 1-based line and column of the character at `offset` (counted in
/// characters, as CEL records positions).
fn line_and_column(text: &str, offset: usize) -> (usize, usize) {
    let mut line = 1;
    let mut column = 1;
    for c in text.chars().take(offset) {
        if c == '\n' {
            line += 1;
            column = 1;
        } else {
            column += 1;
        }
    }
    (line, column)
}

fn first_error(errors: &ParseErrors) -> CompileError {
    match errors.errors.first() {
        Some(error) => CompileError {
            message: error.msg.clone(),
            line: usize::try_from(error.pos.0).unwrap_or(1).max(1),
            column: usize::try_from(error.pos.1).unwrap_or(1).max(1),
        },
        None => CompileError { message: "the expression does not parse".to_owned(), line: 1, column: 1 },
    }
}

/// What evaluating a condition gave.
#[derive(Debug, Clone, PartialEq)]
pub(super) enum Verdict {
    True,
    False,
    /// A field the expression reads is missing: counts as false.
    Missing,
    /// Any other evaluation error, with CEL's message.
    Error(String),
    /// The expression gave a value that is not a boolean (described).
    NotBool(String),
}

/// A message or help text with `{expr}` segments; `{{` and `}}` are literal
/// braces (so an expression that starts with a map literal needs a space:
/// `{ {'a': 1}.a }`).
#[derive(Debug)]
pub(super) struct Template {
    segments: Vec<Segment>,
}

#[derive(Debug)]
enum Segment {
    Text(String),
    Expr(Expr),
}

/// Why a template does not compile.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum TemplateError {
    /// A `{` without its `}`, at this byte offset of the template.
    Unclosed(usize),
    /// The expression inside `{…}` is empty.
    Empty,
    /// The expression inside `{…}` is longer than the limit.
    TooLong { expression: String, bytes: usize },
    /// The expression inside `{…}` nests comprehensions too deeply.
    TooDeep { expression: String, nesting: Nesting },
    /// The expression inside `{…}` does not compile.
    Expression { expression: String, error: CompileError },
}

impl Template {
    /// Splits a template into text and expressions and compiles each
    /// expression, held to `bounds` when given.
    pub fn compile(env: &Env, text: &str, bounds: Option<Bounds>) -> Result<Template, TemplateError> {
        let mut segments = Vec::new();
        let mut literal = String::new();
        let mut rest = text;
        while let Some(at) = rest.find(['{', '}']) {
            literal.push_str(&rest[..at]);
            let tail = &rest[at..];
            rest = if let Some(after) = tail.strip_prefix("{{") {
                literal.push('{');
                after
            } else if let Some(after) = tail.strip_prefix('}') {
                // `}}`, or a lone `}`, is plain text.
                literal.push('}');
                after.strip_prefix('}').unwrap_or(after)
            } else {
                let len = closing_brace(tail).ok_or(TemplateError::Unclosed(text.len() - tail.len()))?;
                let expr = Template::expression(env, &tail[1..len], bounds)?;
                if !literal.is_empty() {
                    segments.push(Segment::Text(std::mem::take(&mut literal)));
                }
                segments.push(Segment::Expr(expr));
                &tail[len + 1..]
            };
        }
        literal.push_str(rest);
        if !literal.is_empty() {
            segments.push(Segment::Text(literal));
        }
        Ok(Template { segments })
    }

    /// Compiles the text between one pair of braces.
    fn expression(env: &Env, text: &str, bounds: Option<Bounds>) -> Result<Expr, TemplateError> {
        let expression = text.trim();
        if expression.is_empty() {
            return Err(TemplateError::Empty);
        }
        if bounds.is_some_and(|b| expression.len() > b.max_bytes) {
            return Err(TemplateError::TooLong { expression: expression.to_owned(), bytes: expression.len() });
        }
        let expr = Expr::compile(env, expression)
            .map_err(|error| TemplateError::Expression { expression: expression.to_owned(), error })?;
        let nesting = expr.nesting();
        if bounds.is_some_and(|b| nesting.depth > b.max_depth) {
            return Err(TemplateError::TooDeep { expression: expression.to_owned(), nesting });
        }
        Ok(expr)
    }

    /// The `{expr}` expressions, in order.
    pub fn expressions(&self) -> impl Iterator<Item = &Expr> {
        self.segments.iter().filter_map(|segment| match segment {
            Segment::Text(_) => None,
            Segment::Expr(expr) => Some(expr),
        })
    }

    pub fn render(&self, context: &Context<'_, '_>) -> String {
        let mut out = String::new();
        for segment in &self.segments {
            match segment {
                Segment::Text(text) => out.push_str(text),
                Segment::Expr(expr) => expr.render(context, &mut out),
            }
        }
        out
    }
}

/// The byte offset of the `}` that closes the `{` at the start of `text`,
/// skipping braces nested inside the expression (map literals) and inside
/// quoted strings.
fn closing_brace(text: &str) -> Option<usize> {
    let mut depth = 0usize;
    let mut quote: Option<char> = None;
    let mut escaped = false;
    for (i, c) in text.char_indices() {
        if let Some(q) = quote {
            match c {
                _ if escaped => escaped = false,
                '\\' => escaped = true,
                _ if c == q => quote = None,
                _ => {}
            }
            continue;
        }
        match c {
            '\'' | '"' => quote = Some(c),
            '{' => depth += 1,
            '}' => {
                depth -= 1;
                if depth == 0 {
                    return Some(i);
                }
            }
            _ => {}
        }
    }
    None
}

/// Writes a value as a person reads it: text without quotes, whole numbers
/// without a decimal point (document numbers are doubles), lists in brackets.
fn write_value(value: &Value, out: &mut String) {
    match value {
        Value::String(s) => out.push_str(s),
        Value::Float(f) => write_number(*f, out),
        Value::Int(i) => {
            let _ = write!(out, "{i}");
        }
        Value::UInt(u) => {
            let _ = write!(out, "{u}");
        }
        Value::Bool(b) => {
            let _ = write!(out, "{b}");
        }
        Value::Null => out.push_str("null"),
        Value::List(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                write_value(item, out);
            }
            out.push(']');
        }
        Value::Map(map) => {
            let mut entries: Vec<(String, String)> = map
                .map
                .iter()
                .map(|(key, value)| {
                    let mut k = String::new();
                    write_value(&Value::from(key), &mut k);
                    let mut v = String::new();
                    write_value(value, &mut v);
                    (k, v)
                })
                .collect();
            entries.sort();
            let body: Vec<String> = entries.into_iter().map(|(k, v)| format!("{k}: {v}")).collect();
            let _ = write!(out, "{{{}}}", body.join(", "));
        }
        _ => out.push('?'),
    }
}

fn write_number(f: f64, out: &mut String) {
    // Whole doubles print as integers; beyond 2^53 they are not exact anyway.
    if f.is_finite() && f.fract() == 0.0 && f.abs() < 9.007_199_254_740_992e15 {
        let _ = write!(out, "{}", f as i64);
    } else {
        let _ = write!(out, "{f}");
    }
}

/// "12 (a double)": a non-boolean result, for the diagnostic that reports it.
fn describe(value: &Value) -> String {
    let mut text = String::new();
    write_value(value, &mut text);
    // CEL calls its floating-point type `double`, as policy authors write it.
    let kind = match value {
        Value::Float(_) => "double".to_owned(),
        other => other.type_of().to_string(),
    };
    format!("`{text}` (a {kind})")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn env() -> Env {
        Env::stdlib()
    }

    #[test]
    fn templates_render_expressions_and_escaped_braces() {
        let template = Template::compile(&env(), "{{x}} {'a' + 'b'} { {'k': 1}['k']} }", None).expect("compiles");
        assert_eq!(template.render(&Context::default()), "{x} ab 1 }");
    }

    #[test]
    fn a_failing_template_expression_renders_as_a_question_mark() {
        let template = Template::compile(&env(), "value: {missing.field}", None).expect("compiles");
        assert_eq!(template.render(&Context::default()), "value: ?");
    }

    #[test]
    fn template_errors_say_what_is_wrong() {
        assert_eq!(Template::compile(&env(), "a {b", None).err(), Some(TemplateError::Unclosed(2)));
        assert_eq!(Template::compile(&env(), "a {  }", None).err(), Some(TemplateError::Empty));
        assert!(matches!(Template::compile(&env(), "{1 +}", None), Err(TemplateError::Expression { .. })));
        let bounds = |max_bytes, max_depth| Some(Bounds { max_bytes, max_depth });
        assert!(matches!(
            Template::compile(&env(), "{proposal.id}", bounds(4, 2)),
            Err(TemplateError::TooLong { bytes: 11, .. })
        ));
        let deep = Template::compile(&env(), "{[1].map(a, [2].map(b, b))}", bounds(99, 1));
        assert!(
            matches!(deep, Err(TemplateError::TooDeep { nesting: Nesting { depth: 2, line: 1, column: 12 }, .. })),
            "{deep:?}"
        );
    }

    #[test]
    fn nesting_counts_comprehensions_inside_loop_bodies_only() {
        let depth = |source: &str| Expr::compile(&env(), source).expect("compiles").nesting();
        assert_eq!(depth("proposal.id == 'x'").depth, 0);
        assert_eq!(depth("l.all(x, x > 1)").depth, 1);
        // A chain runs one loop after the other: it adds, it does not multiply.
        assert_eq!(depth("l.filter(x, x > 1).map(x, x * 2).exists(x, x == 4)").depth, 1);
        assert_eq!(depth("a.all(x, b.exists(y, x == y)) && c.all(z, z)").depth, 2);
        // The innermost comprehension of the deepest chain is pointed at.
        let deep = depth("[1].map(a, [2].map(b,\n  [3].map(c, c)))");
        assert_eq!(deep, Nesting { depth: 3, line: 2, column: 3 });
        assert_eq!(depth("{'k': l.map(x, l.map(y, y))}").depth, 2);
    }

    #[test]
    fn numbers_read_like_the_document() {
        let mut out = String::new();
        write_value(&Value::List(vec![Value::Float(4.0), Value::Float(0.25)].into()), &mut out);
        assert_eq!(out, "[4, 0.25]");
    }

    #[test]
    fn verdicts_tell_missing_fields_from_other_errors() {
        let context = Context::default();
        let verdict = |source: &str| Expr::compile(&env(), source).expect("compiles").verdict(&context);
        assert_eq!(verdict("1 < 2"), Verdict::True);
        assert_eq!(verdict("!({'a': 1}.b > 1)"), Verdict::Missing);
        assert!(matches!(verdict("1 / 0 == 1"), Verdict::Error(_)));
        assert_eq!(verdict("12.0"), Verdict::NotBool("`12` (a double)".to_owned()));
    }
}
