//! Slugs: section ids from heading text (Swedish letters kept, they read well in an address
//! bar), and ASCII path segments for addresses written to disk.

/// A URL fragment from heading text: lower case, å/ä/ö kept (they read well in an address
/// bar), `§` spelt out, everything else that is not a letter or digit becomes one hyphen.
pub fn slug(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut pending_hyphen = false;
    for c in text.chars() {
        let piece: Option<String> = if c == '§' {
            Some("paragraf".into())
        } else if c.is_alphanumeric() {
            Some(c.to_lowercase().collect())
        } else {
            None
        };
        match piece {
            Some(p) => {
                if pending_hyphen && !out.is_empty() {
                    out.push('-');
                }
                pending_hyphen = false;
                out.push_str(&p);
            }
            None => pending_hyphen = true,
        }
    }
    if out.is_empty() {
        "avsnitt".into()
    } else {
        out
    }
}

/// URL-safe folder name from a Swedish word: lower case ascii, å/ä → a, ö → o.
pub fn path_slug(text: &str) -> String {
    slug(text)
        .chars()
        .map(|c| match c {
            'å' | 'ä' | 'à' | 'á' => 'a',
            'ö' | 'ø' => 'o',
            'é' | 'è' => 'e',
            'ü' => 'u',
            c => c,
        })
        .filter(|c| c.is_ascii_alphanumeric() || *c == '-')
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn path_slugs_are_ascii() {
        assert_eq!(path_slug("Avsiktsförklaringar"), "avsiktsforklaringar");
        assert_eq!(
            path_slug("Verksamhetsbeskrivningar & rapporter"),
            "verksamhetsbeskrivningar-rapporter"
        );
    }
}
