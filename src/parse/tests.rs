use super::*;

fn ok(text: &str) -> Parsed {
    let outcome = parse(text.as_bytes(), &Limits::default());
    assert!(outcome.problems.is_empty(), "{:?}", outcome.problems);
    outcome.document.expect("a document")
}

fn problem(text: &[u8]) -> ParseProblem {
    let outcome = parse(text, &Limits::default());
    outcome.problems.into_iter().next().expect("a problem")
}

fn at(line: u32, column: u32) -> Position {
    Position::new(line, column)
}

#[test]
fn scalar_values_have_start_and_end() {
    let doc = ok("id: P-1\nstatus: aproved\n");
    let status = doc.spans.get("/status").unwrap();
    assert_eq!(status.key, Some(Span::new(at(2, 1), at(2, 7))));
    assert_eq!(status.value, Span::new(at(2, 9), at(2, 16)));
}

#[test]
fn nested_pointers_and_sequences() {
    let doc = ok("a:\n  b: [x, 'y']\n  c:\n    - d: 1\n");
    assert_eq!(doc.value["a"]["b"][1], "y");
    assert_eq!(doc.spans.get("/a/b/1").unwrap().value.start, at(2, 10));
    assert_eq!(doc.spans.get("/a/c/0/d").unwrap().value.start, at(4, 10));
    let (found, _) = doc.spans.nearest("/a/c/0/missing/deeper");
    assert_eq!(found, "/a/c/0");
}

#[test]
fn crlf_and_bom_report_the_same_positions_as_lf() {
    let lf = ok("a: 1\nstatus: x\n");
    let crlf = ok("\u{feff}a: 1\r\nstatus: x\r\n");
    assert_eq!(lf.spans.get("/status"), crlf.spans.get("/status"));
}

#[test]
fn columns_count_characters_not_bytes() {
    let doc = ok("title: \"🙂 é\"\nnext: v\n");
    assert_eq!(doc.spans.get("/title").unwrap().value, Span::new(at(1, 8), at(1, 13)));
    let doc = ok("x: [\"\t\", v]\n");
    assert_eq!(doc.spans.get("/x/1").unwrap().value.start, at(1, 10));
}

#[test]
fn key_at_end_of_file_without_newline() {
    let doc = ok("a: 1\nlast: value");
    assert_eq!(doc.spans.get("/last").unwrap().value, Span::new(at(2, 7), at(2, 12)));
}

#[test]
fn duplicate_key_points_at_second_and_keeps_first() {
    let outcome = parse(b"title: One\nstatus: draft\ntitle: Two\n", &Limits::default());
    assert_eq!(
        outcome.problems,
        vec![ParseProblem::DuplicateKey {
            key: "title".into(),
            span: Span::new(at(3, 1), at(3, 6)),
            first: Span::new(at(1, 1), at(1, 6)),
        }]
    );
    assert_eq!(outcome.document.unwrap().value["title"], "One");
}

#[test]
fn second_document_is_a_syntax_error() {
    let ParseProblem::Syntax { span, message, .. } = problem(b"a: 1\n---\nb: 2\n") else {
        panic!("expected a syntax error")
    };
    assert_eq!(span.start.line, 2, "{message}");
}

#[test]
fn broken_yaml_reports_the_parser_position() {
    let ParseProblem::Syntax { span, .. } = problem(b"a: [1, 2\nb: 3\n") else { panic!("expected a syntax error") };
    assert!(span.start.line >= 1);
}

#[test]
fn non_utf8_points_at_the_bad_byte() {
    let ParseProblem::Syntax { span, message, .. } = problem(b"a: 1\nb: \xff\n") else {
        panic!("expected a syntax error")
    };
    assert_eq!(span.start, at(2, 4));
    assert!(message.contains("UTF-8"));
}

#[test]
fn deep_nesting_stops_at_the_limit() {
    let text = "[".repeat(100_000);
    let ParseProblem::Syntax { message, span, .. } = problem(text.as_bytes()) else {
        panic!("expected a syntax error")
    };
    assert!(message.contains("128"), "{message}");
    assert_eq!(span.start.line, 1);
    assert!(span.start.column <= 257, "{span:?}");
}

#[test]
fn alias_bomb_stops_at_the_node_budget() {
    let mut text = String::from("a0: &a0 [x, x, x, x, x, x, x, x, x]\n");
    for i in 1..10 {
        let p = i - 1;
        text.push_str(&format!("a{i}: &a{i} [*a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}]\n"));
    }
    let ParseProblem::Syntax { message, .. } = problem(text.as_bytes()) else { panic!("expected a syntax error") };
    assert!(message.contains("100000"), "{message}");
}

#[test]
fn aliases_expand_and_point_at_their_use() {
    let doc = ok("base: &b {x: 1}\ncopy: *b\n");
    assert_eq!(doc.value["copy"]["x"], 1);
    assert_eq!(doc.spans.nearest("/copy/x").0, "/copy");
}

#[test]
fn empty_file_has_no_document_and_no_problem() {
    let outcome = parse(b"# only a comment\n", &Limits::default());
    assert!(outcome.document.is_none());
    assert!(outcome.problems.is_empty());
}

#[test]
fn complex_keys_are_refused() {
    assert!(matches!(problem(b"? [a, b]\n: 1\n"), ParseProblem::Syntax { .. }));
}

fn problem_with(text: &str, limits: &Limits) -> String {
    let outcome = parse(text.as_bytes(), limits);
    match outcome.problems.into_iter().next() {
        Some(ParseProblem::Syntax { message, .. }) => message,
        other => panic!("expected a syntax error, got {other:?}"),
    }
}

#[test]
fn aliases_of_long_text_stop_at_the_expanded_size_budget() {
    // Few nodes, but each alias copies 900 bytes: 20 copies of a file of
    // 1000 bytes is over 16 times its size.
    let limits = Limits { max_file_bytes: 1000, ..Limits::default() };
    let text = format!("s: &a {}\nl: [{}]\n", "b".repeat(900), ["*a"; 20].join(", "));
    let message = problem_with(&text, &limits);
    assert_eq!(message, "aliases expand the document to more than 16000 bytes of text");
    // Fewer copies fit.
    let text = format!("s: &a {}\nl: [{}]\n", "b".repeat(900), ["*a"; 10].join(", "));
    assert!(parse(text.as_bytes(), &limits).problems.is_empty());
}

#[test]
fn long_keys_nested_deeply_stop_at_the_pointer_budget() {
    // Every leaf's span is filed under its whole path of keys: 5 keys of 100
    // bytes over 100 leaves is 50 kB of paths from a 1 kB file.
    let limits = Limits { max_file_bytes: 1000, ..Limits::default() };
    let key = "k".repeat(100);
    let text = format!("{key}1: {{{key}2: {{{key}3: {{{key}4: {{{key}5: [{}]}}}}}}}}\n", ["a"; 100].join(", "));
    let message = problem_with(&text, &limits);
    assert!(
        message.starts_with("the paths of keys to this document's values add up to more than 32000 bytes"),
        "{message}"
    );
    assert!(parse(text.as_bytes(), &Limits::default()).problems.is_empty());
}

#[test]
fn positions_are_roadlint_lines_not_the_scanners() {
    // saphyr starts one more line at the end of the stream, and ends a line
    // at a lone `\r`; positions come from its character index instead.
    let doc = ok("k: [a, b]");
    assert_eq!(doc.spans.get("").unwrap().value.end, at(1, 10));
    let doc = ok("a: 1\rb: 2");
    assert_eq!(doc.spans.get("/b").unwrap().key, Some(Span::new(at(1, 6), at(1, 7))));
    let ParseProblem::Syntax { span, .. } = problem(b"a: [x\n") else { panic!("expected a syntax error") };
    assert_eq!(span, Span::point(at(2, 1)));
}

#[test]
fn span_maps_compare_by_content() {
    assert_eq!(ok("a: 1\nb: [x]\n").spans, ok("a: 1\nb: [x]\n").spans);
    assert_eq!(ok("b: 1\na: 2\n").spans, parse_reference(b"b: 1\na: 2\n", &Limits::default()).document.unwrap().spans);
    assert_ne!(ok("a: 1\n").spans, ok("a:  1\n").spans, "same pointers, another span");
    assert_ne!(ok("a: 1\n").spans, ok("b: 1\n").spans, "another pointer");
    assert_ne!(ok("a: [1]\n").spans, ok("a: [1, 2]\n").spans, "one node more");
}
