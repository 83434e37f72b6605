//! A document body as the site holds it between loading and rendering: on a large site,
//! deflated.
//!
//! A site holds the body of every version from the moment it is loaded until its pages are
//! rendered, and the bodies are most of a large site's memory (at 100 000 documents of
//! 1 000 words, 840 MB of the 2 GB the build held at its peak). Markdown prose deflates to a
//! third of its size at the fastest level: each reader unpacks the body when it reads it
//! ([`PackedText::unpack`]) and drops the text when done. The text unpacked is the text
//! packed, byte for byte (deflate is lossless, and the length is checked).
//!
//! Packing and unpacking cost time (a body is read three times: analysed, checked,
//! rendered), about a tenth of a build without search index, so the bodies are packed only
//! when the site's document files are large enough for their memory to matter
//! ([`worth_packing`]: [`PACK_ABOVE`] bytes; 15 000 documents of 1 000 words).

use flate2::{Compress, Compression, Decompress, FlushCompress, FlushDecompress, Status};

/// The size of a site's document files above which their bodies are packed.
pub const PACK_ABOVE: u64 = 128 << 20;

/// The environment variable that overrides [`worth_packing`]: `1` packs every body, `0`
/// none (for tests of the packed site on small fixtures, and for measuring).
pub const PACK_BODIES: &str = "STYRDOK_PACK_BODIES";

/// Whether the bodies of the document files at `paths` are to be packed: whether the files
/// total more than [`PACK_ABOVE`] bytes (or as [`PACK_BODIES`] says).
pub fn worth_packing(paths: &[std::path::PathBuf]) -> bool {
    use rayon::prelude::*;
    match std::env::var(PACK_BODIES).as_deref() {
        Ok("1") => return true,
        Ok("0") => return false,
        _ => {}
    }
    let total: u64 = paths
        .par_iter()
        .map(|p| std::fs::metadata(p).map_or(0, |m| m.len()))
        .sum();
    total > PACK_ABOVE
}

/// The deflate level: 2, the fastest with Huffman codes made for the text (level 1 uses
/// fixed codes, and holds prose in a fifth more memory).
const LEVEL: Compression = Compression::new(2);

/// A text below this many bytes is held as it is: deflate would save little.
const SMALL: usize = 256;

thread_local! {
    /// Each thread's deflate and inflate state, made once: making one allocates and clears
    /// a few hundred kilobytes, more work than packing a page of text.
    static DEFLATE: std::cell::RefCell<Compress> =
        std::cell::RefCell::new(Compress::new(LEVEL, false));
    static INFLATE: std::cell::RefCell<Decompress> =
        std::cell::RefCell::new(Decompress::new(false));
}

/// A text held deflated (or, when short or when deflate does not shrink it, as it is).
#[derive(Clone, PartialEq, Eq)]
pub struct PackedText(Repr);

#[derive(Clone, PartialEq, Eq)]
enum Repr {
    Plain(Box<str>),
    /// Raw deflate of the text, and the text's length in bytes.
    Deflated(Box<[u8]>, usize),
}

impl PackedText {
    /// Packs `text`.
    pub fn pack(text: &str) -> PackedText {
        if text.len() < SMALL {
            return PackedText(Repr::Plain(text.into()));
        }
        // Deflated into a buffer of the text's size: what does not fit there is not worth
        // packing.
        let mut deflated = Vec::with_capacity(text.len());
        let status = DEFLATE.with_borrow_mut(|deflate| {
            deflate.reset();
            deflate.compress_vec(text.as_bytes(), &mut deflated, FlushCompress::Finish)
        });
        match status {
            Ok(Status::StreamEnd) if deflated.len() < text.len() => {
                PackedText(Repr::Deflated(deflated.into_boxed_slice(), text.len()))
            }
            _ => PackedText(Repr::Plain(text.into())),
        }
    }

    /// `text`, held as it is.
    pub fn plain(text: &str) -> PackedText {
        PackedText(Repr::Plain(text.into()))
    }

    /// The text, as packed.
    pub fn unpack(&self) -> String {
        match &self.0 {
            Repr::Plain(text) => text.to_string(),
            Repr::Deflated(bytes, len) => {
                // Inflated in one call into a buffer of the text's length, and a byte more:
                // with no room left, inflate could stop before the end of the stream.
                let mut text = Vec::with_capacity(*len + 1);
                let status = INFLATE
                    .with_borrow_mut(|inflate| {
                        inflate.reset(false);
                        inflate.decompress_vec(bytes, &mut text, FlushDecompress::Finish)
                    })
                    .expect("what was deflated from a text inflates");
                assert!(
                    status == Status::StreamEnd && text.len() == *len,
                    "a packed text inflates to its length"
                );
                String::from_utf8(text).expect("a packed text inflates to the text packed")
            }
        }
    }

    /// The length of the text in bytes.
    pub fn len(&self) -> usize {
        match &self.0 {
            Repr::Plain(text) => text.len(),
            Repr::Deflated(_, len) => *len,
        }
    }

    /// Whether the text is empty.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

impl From<&str> for PackedText {
    fn from(text: &str) -> PackedText {
        PackedText::pack(text)
    }
}

impl std::fmt::Debug for PackedText {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        std::fmt::Debug::fmt(&self.unpack(), f)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_text_unpacks_to_itself_byte_for_byte() {
        let prose = "## 1. Syfte\n\nParterna ska samverka kring vård för unga med \
                     riskbruk. Åtgärder följs upp varje år.\n\n"
            .repeat(40);
        let mixed: String = (0..5000u32)
            .map(|i| char::from_u32(0x20 + (i * 7919) % 0x2000).unwrap_or('ö'))
            .collect();
        for text in ["", "kort", "\r\n\u{feff}", prose.as_str(), mixed.as_str()] {
            let packed = PackedText::pack(text);
            assert_eq!(packed.unpack(), text);
            assert_eq!(packed.len(), text.len());
            assert_eq!(format!("{packed:?}"), format!("{text:?}"));
        }
        // Prose is held in much less than its length.
        match &PackedText::pack(&prose).0 {
            Repr::Deflated(bytes, _) => assert!(bytes.len() * 4 < prose.len()),
            Repr::Plain(_) => panic!("prose is deflated"),
        }
    }
}
