//! CSV as Swedish Excel opens it: UTF-8 with a byte-order mark (so å, ä, ö show), fields
//! separated by semicolons, lines ended by CRLF, fields quoted when they hold a semicolon, a
//! quote, a line break or surrounding space. Text that a spreadsheet would run as a formula
//! (starting with `=`, `+`, `@`, `-` not followed by a digit, a tab or a carriage return) is
//! prefixed with an apostrophe.

/// A CSV document: a header row, then rows of the same width.
pub struct Csv {
    out: String,
    width: usize,
}

/// One cell: text (guarded against formulas) or a number as written.
pub enum Field<'a> {
    Text(&'a str),
    Number(String),
}

impl Csv {
    pub fn new(columns: &[&str]) -> Csv {
        let mut c = Csv {
            out: String::from("\u{feff}"),
            width: columns.len(),
        };
        c.raw_row(columns.iter().map(|s| quote(s)));
        c
    }

    pub fn row(&mut self, fields: Vec<Field>) {
        assert_eq!(fields.len(), self.width, "a CSV row as wide as its header");
        self.raw_row(fields.into_iter().map(|f| match f {
            Field::Text(s) => quote(&guard(s)),
            Field::Number(n) => quote(&n),
        }));
    }

    fn raw_row(&mut self, fields: impl Iterator<Item = String>) {
        let fields: Vec<String> = fields.collect();
        self.out.push_str(&fields.join(";"));
        self.out.push_str("\r\n");
    }

    pub fn into_bytes(self) -> Vec<u8> {
        self.out.into_bytes()
    }
}

/// A decimal number with a decimal comma, as Swedish Excel reads it ("11,36").
pub fn decimal(value: f64, places: usize) -> String {
    format!("{value:.places$}").replace('.', ",")
}

fn guard(s: &str) -> String {
    let mut chars = s.chars();
    let risky = match chars.next() {
        Some('=' | '+' | '@' | '\t' | '\r') => true,
        Some('-') => !chars.next().is_some_and(|c| c.is_ascii_digit()),
        _ => false,
    };
    if risky {
        format!("'{s}")
    } else {
        s.to_string()
    }
}

fn quote(s: &str) -> String {
    let needs = s.contains([';', '"', '\n', '\r']) || s.trim() != s;
    if needs {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quotes_what_needs_quoting_and_guards_formulas() {
        let mut c = Csv::new(&["a", "b"]);
        c.row(vec![Field::Text("x;y \"z\""), Field::Text("rad\nbryt")]);
        c.row(vec![Field::Text("=SUM(A1)"), Field::Number("-3".into())]);
        let s = String::from_utf8(c.into_bytes()).unwrap();
        assert_eq!(
            s,
            "\u{feff}a;b\r\n\"x;y \"\"z\"\"\";\"rad\nbryt\"\r\n'=SUM(A1);-3\r\n"
        );
        assert_eq!(decimal(11.36, 2), "11,36");
    }
}
