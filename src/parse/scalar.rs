//! Scalar resolution: YAML 1.2's core schema, made stricter.
//!
//! Only plain (unquoted) scalars are resolved; quoted and block scalars are
//! always strings. YAML 1.1's `yes`/`no`/`on`/`off` stay strings, and so do
//! numbers with leading zeros (`010`) or underscores (`1_000`), which YAML
//! 1.1 would read as octal or as thousands — surprises a reviewer would miss.

use saphyr_parser::{ScalarStyle, Tag};
use serde_json::{Number, Value};

/// The JSON value of a scalar.
pub fn resolve(text: &str, style: ScalarStyle, tag: Option<&Tag>) -> Value {
    if let Some(tag) = tag {
        if tag.handle == "!!" || tag.handle == "tag:yaml.org,2002:" {
            match tag.suffix.as_str() {
                "str" => return Value::String(text.to_owned()),
                "null" => return Value::Null,
                "bool" | "int" | "float" => {
                    let value = resolve_plain(text);
                    if !value.is_string() {
                        return value;
                    }
                }
                _ => {}
            }
        }
        return Value::String(text.to_owned());
    }
    match style {
        ScalarStyle::Plain => resolve_plain(text),
        _ => Value::String(text.to_owned()),
    }
}

fn resolve_plain(text: &str) -> Value {
    match text {
        "" | "~" | "null" | "Null" | "NULL" => return Value::Null,
        "true" | "True" | "TRUE" => return Value::Bool(true),
        "false" | "False" | "FALSE" => return Value::Bool(false),
        _ => {}
    }
    number(text).unwrap_or_else(|| Value::String(text.to_owned()))
}

fn number(text: &str) -> Option<Value> {
    let unsigned = text.strip_prefix(['-', '+']).unwrap_or(text);
    let first = unsigned.bytes().next()?;
    if !(first.is_ascii_digit() || first == b'.') {
        return None;
    }
    if let Some(hex) = unsigned.strip_prefix("0x") {
        let magnitude = i64::from_str_radix(hex, 16).ok()?;
        return Some(Value::from(if text.starts_with('-') { -magnitude } else { magnitude }));
    }
    // Leading zeros ("010", "007") are not numbers here: YAML 1.1 reads them as octal.
    let integer_part = unsigned.split(['.', 'e', 'E']).next().unwrap_or("");
    if integer_part.len() > 1 && integer_part.starts_with('0') {
        return None;
    }
    if unsigned.bytes().all(|b| b.is_ascii_digit()) {
        return match text.parse::<i64>() {
            Ok(n) => Some(Value::from(n)),
            Err(_) => text.parse::<f64>().ok().and_then(Number::from_f64).map(Value::Number),
        };
    }
    if !is_float_syntax(unsigned) {
        return None;
    }
    text.parse::<f64>().ok().and_then(Number::from_f64).map(Value::Number)
}

/// `[0-9]*(\.[0-9]*)?([eE][-+]?[0-9]+)?` with at least one digit before the exponent.
fn is_float_syntax(s: &str) -> bool {
    let (mantissa, exponent) = match s.find(['e', 'E']) {
        Some(i) => (&s[..i], Some(&s[i + 1..])),
        None => (s, None),
    };
    let mut parts = mantissa.splitn(2, '.');
    let whole = parts.next().unwrap_or("");
    let fraction = parts.next().unwrap_or("");
    let digits = |p: &str| p.bytes().all(|b| b.is_ascii_digit());
    if !(digits(whole) && digits(fraction)) || whole.len() + fraction.len() == 0 {
        return false;
    }
    match exponent {
        None => true,
        Some(e) => {
            let e = e.strip_prefix(['-', '+']).unwrap_or(e);
            !e.is_empty() && digits(e)
        }
    }
}

/// The text of a mapping key. Keys are kept as written (see `Builder`), so this
/// only renders the rare non-string key made through a tag.
pub fn key_text(value: Value) -> String {
    match value {
        Value::String(s) => s,
        Value::Null => String::new(),
        other => other.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn plain(text: &str) -> Value {
        resolve(text, ScalarStyle::Plain, None)
    }

    #[test]
    fn yaml_1_1_booleans_stay_strings() {
        for word in ["yes", "no", "NO", "on", "Off", "y", "n"] {
            assert_eq!(plain(word), Value::String(word.into()), "{word}");
        }
        assert_eq!(plain("true"), Value::Bool(true));
        assert_eq!(plain("FALSE"), Value::Bool(false));
    }

    #[test]
    fn leading_zeros_and_underscores_stay_strings() {
        for text in ["010", "007", "1_000", "00.5", "0x", "1.2.3", "2026-10-01", "2027-Q1", "1e", ".", "-"] {
            assert_eq!(plain(text), Value::String(text.into()), "{text}");
        }
    }

    #[test]
    fn numbers_resolve() {
        assert_eq!(plain("0"), Value::from(0));
        assert_eq!(plain("-12"), Value::from(-12));
        assert_eq!(plain("0.25"), Value::from(0.25));
        assert_eq!(plain(".5"), Value::from(0.5));
        assert_eq!(plain("1e3"), Value::from(1000.0));
        assert_eq!(plain("0x1F"), Value::from(31));
    }

    #[test]
    fn quoted_scalars_are_strings() {
        assert_eq!(resolve("12", ScalarStyle::DoubleQuoted, None), Value::String("12".into()));
        assert_eq!(resolve("null", ScalarStyle::SingleQuoted, None), Value::String("null".into()));
    }
}
