//! Type errors from the YAML reader said in words: "`copies` must be a whole number of copies;
//! found `många`" rather than "invalid u32". The field is read from the YAML line the error
//! points at; known fields get their own words, others the words for their type.

/// Words for what a field holds, by field name.
const FIELD_WORDS: &[(&str, &str)] = &[
    ("copies", "a whole number of copies"),
    ("count", "a whole number of inhabitants"),
    ("population", "a whole number of inhabitants"),
    ("total_population", "a whole number of inhabitants"),
    ("point", "the number of a decision point (a whole number)"),
    ("step", "the number of a step (a whole number)"),
    ("cost", "an amount in whole kronor"),
    ("amount", "an amount in whole kronor"),
    ("total", "an amount in whole kronor"),
    ("total_cost", "an amount in whole kronor"),
    ("numbered", "`true` or `false`"),
    ("requires_all_parties", "`true` or `false`"),
    ("in_text", "`true` or `false`"),
    ("unsafe_html", "`true` or `false`"),
    ("search", "`true` or `false`"),
    ("parties", "a list of party ids (`[norrby, sodervik]`)"),
    ("absent", "a list of section ids"),
    ("points", "a list of decision points"),
    ("concerns", "a list of references (`[\"@avtal/v2\"]`)"),
    ("cites", "a list of references (`[\"@avtal/v2\"]`)"),
];

/// Words for a type, by the reader's name for it.
fn type_words(message: &str) -> Option<&'static str> {
    let m = message.to_ascii_lowercase();
    let has = |w: &str| {
        m.split(|c: char| !c.is_ascii_alphanumeric())
            .any(|t| t == w)
    };
    if ["u8", "u16", "u32", "u64", "usize"].iter().any(|w| has(w)) {
        Some("a whole number (0 or more)")
    } else if ["i8", "i16", "i32", "i64", "isize", "integer"]
        .iter()
        .any(|w| has(w))
    {
        Some("a whole number")
    } else if has("f32") || has("f64") || has("float") {
        Some("a number (with `.` for decimals)")
    } else if has("bool") || has("boolean") {
        Some("`true` or `false`")
    } else if m.contains("sequence") {
        Some("a list (`[a, b]`, or lines starting with `- `)")
    } else if m.contains("expected mapping") || m.contains("expected a map") {
        Some("a set of fields (`name: value` lines)")
    } else {
        None
    }
}

/// The message for a type error at (1-based) `line`, `col` of `yaml`, when the reader's
/// `message` is one: what the field must be, and what was found.
pub fn in_words(message: &str, yaml: &str, line: usize, col: usize) -> Option<String> {
    let generic = type_words(message)?;
    let text = yaml.lines().nth(line.checked_sub(1)?)?;
    let at = text
        .char_indices()
        .nth(col.saturating_sub(1))
        .map_or(text.len(), |(i, _)| i);
    let (before, after) = text.split_at(at);
    let field = field_before(before);
    let words = field
        .and_then(|f| FIELD_WORDS.iter().find(|(n, _)| *n == f).map(|(_, w)| *w))
        .unwrap_or(generic);
    let found = after
        .split([',', '}', ']', '#'])
        .next()
        .unwrap_or("")
        .trim();
    let subject = field.map_or_else(|| "the value".to_string(), |f| format!("`{f}`"));
    Some(if found.is_empty() {
        format!("{subject} must be {words}")
    } else {
        format!("{subject} must be {words}; found `{found}`")
    })
}

/// The last `name:` before the value ("  - { date: 2024-12-31, count: " → "count").
fn field_before(before: &str) -> Option<&str> {
    let colon = before.trim_end().strip_suffix(':')?;
    let start = colon
        .rfind(|c: char| !(c.is_alphanumeric() || c == '_' || c == '-'))
        .map_or(0, |i| i + 1);
    let name = &colon[start..];
    (!name.is_empty()).then_some(name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_type_error_names_the_field_and_what_it_holds() {
        let yaml = "id: a\ncopies: många\n";
        assert_eq!(
            in_words("invalid u32", yaml, 2, 9).as_deref(),
            Some("`copies` must be a whole number of copies; found `många`")
        );
        let yaml = "  - { date: 2024-12-31, count: tusen }\n";
        assert_eq!(
            in_words("invalid u64", yaml, 1, 32).as_deref(),
            Some("`count` must be a whole number of inhabitants; found `tusen`")
        );
        let yaml = "share: mycket\n";
        assert_eq!(
            in_words("invalid f64", yaml, 1, 8).as_deref(),
            Some("`share` must be a number (with `.` for decimals); found `mycket`")
        );
        assert_eq!(in_words("unclosed quote", yaml, 1, 8), None);
    }
}
