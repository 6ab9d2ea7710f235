//! Document text inside markdown (the job summary, the markdown report):
//! data, shown as written. It cannot form HTML, links, images, code spans
//! or emphasis, end a table cell or row, mention anyone, or carry control
//! characters.

/// `text` as literal markdown that stays inside one table cell.
pub fn literal(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '\\' | '`' | '*' | '_' | '[' | ']' | '(' | ')' | '!' | '|' | '~' | '#' => {
                out.push('\\');
                out.push(c);
            }
            // GitHub links bare addresses and mentions by themselves: a
            // zero-width space keeps `https://`, `www.` and `@name` text.
            ':' if chars.peek() == Some(&'/') => out.push_str(":\u{200b}"),
            '@' => out.push_str("@\u{200b}"),
            '.' if out.ends_with("www") || out.ends_with("WWW") => out.push_str("\u{200b}."),
            '\r' | '\n' => out.push(' '),
            c if c.is_control() => out.push_str(&format!("\\\\u{{{:x}}}", u32::from(c))),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::literal;

    #[test]
    fn document_text_cannot_become_markup() {
        assert_eq!(literal("a | b\n<img> *x* `y`"), "a \\| b &lt;img&gt; \\*x\\* \\`y\\`");
        assert_eq!(literal("![i](http://e.x/p.png)"), "\\!\\[i\\]\\(http:\u{200b}//e.x/p.png\\)");
        assert_eq!(literal("see www.e.x or @team"), "see www\u{200b}.e.x or @\u{200b}team");
        assert_eq!(literal("a\u{1b}[2Jb"), "a\\\\u{1b}\\[2Jb");
    }
}
