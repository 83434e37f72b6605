//! Integration tests: the real `styrdok` binary over small fictional fixture sites in
//! `tests/fixtures/` (one folder per behaviour), and over the bundled MiniMaria site.

mod agreements;
mod build;
mod bundled;
mod cascades;
mod check_errors;
mod conditions;
mod consistency;
mod design;
mod diff_view;
mod external;
mod external_links;
mod figures;
mod incremental;
mod leak;
mod leak_gen;
mod legal_force;
mod links;
mod lookup;
mod open_data;
mod output;
mod output_paths;
mod progress;
mod sanitize;
mod scaffold;
mod serve;
mod snapshots;
mod statement;
mod statuses;
mod symlinks;
mod theme_strings;
mod topic_feeds;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// A fixture copied into a temporary folder, so tests can change it and build into it.
pub struct Site {
    pub dir: tempfile::TempDir,
}

impl Site {
    /// Copies `tests/fixtures/<name>` into a fresh temporary folder.
    #[track_caller]
    pub fn fixture(name: &str) -> Site {
        let src = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures")
            .join(name);
        assert!(src.is_dir(), "no fixture {}", src.display());
        let dir = tempfile::tempdir().unwrap();
        copy_tree(&src, dir.path());
        Site { dir }
    }

    /// Copies the bundled site's sources (not its build output) into a fresh temporary folder.
    pub fn bundled() -> Site {
        let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
        let dir = tempfile::tempdir().unwrap();
        for d in ["content", "agreements", "data", "themes"] {
            copy_tree(&repo.join(d), &dir.path().join(d));
        }
        std::fs::copy(repo.join("styrdok.yaml"), dir.path().join("styrdok.yaml")).unwrap();
        Site { dir }
    }

    pub fn root(&self) -> &Path {
        self.dir.path()
    }

    pub fn path(&self, rel: &str) -> PathBuf {
        self.dir.path().join(rel)
    }

    pub fn write(&self, rel: &str, text: &str) {
        let p = self.path(rel);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, text).unwrap();
    }

    pub fn read(&self, rel: &str) -> String {
        std::fs::read_to_string(self.path(rel)).unwrap_or_else(|e| panic!("read {rel}: {e}"))
    }

    /// Replaces `from` with `to` in the file `rel`; `from` must stand in it, so a fixture
    /// that changes under a test fails the test instead of leaving the edit undone.
    #[track_caller]
    pub fn edit(&self, rel: &str, from: &str, to: &str) {
        let text = self.read(rel);
        assert!(text.contains(from), "{rel} has no {from:?}");
        self.write(rel, &text.replacen(from, to, 1));
    }

    /// Runs `styrdok <args>` with the site as working directory.
    pub fn run(&self, args: &[&str]) -> Run {
        self.run_with(args, &[])
    }

    /// [`Site::run`] with more environment variables.
    pub fn run_with(&self, args: &[&str], env: &[(&str, &str)]) -> Run {
        let output = Command::new(env!("CARGO_BIN_EXE_styrdok"))
            .args(args)
            .envs(env.iter().copied())
            .current_dir(self.root())
            .env("NO_COLOR", "1")
            // The build date every footer shows, fixed so pages compare across days.
            .env("SOURCE_DATE_EPOCH", "1735689600")
            .output()
            .expect("run styrdok");
        Run::new(output, self.root())
    }
}

/// The outcome of one run, with the temporary path redacted from its output.
pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl Run {
    pub fn new(o: Output, root: &Path) -> Run {
        let redact =
            |b: &[u8]| String::from_utf8_lossy(b).replace(&root.display().to_string(), "[ROOT]");
        Run {
            code: o.status.code().unwrap_or(-1),
            stdout: redact(&o.stdout),
            stderr: redact(&o.stderr),
        }
    }

    #[track_caller]
    pub fn success(&self) -> &Self {
        assert_eq!(self.code, 0, "expected success, stderr:\n{}", self.stderr);
        self
    }

    /// Asserts a diagnostic line `path:line:col: severity: …message…` is in stderr.
    #[track_caller]
    pub fn has_diag(&self, path_line_col: &str, severity: &str, message: &str) -> &Self {
        let prefix = format!("{path_line_col}: {severity}: ");
        let found = self
            .stderr
            .lines()
            .any(|l| l.starts_with(&prefix) && l.contains(message));
        assert!(
            found,
            "no `{prefix}…{message}…` in stderr:\n{}",
            self.stderr
        );
        self
    }
}

fn copy_tree(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from) {
        let entry = entry.unwrap();
        let rel = entry.path().strip_prefix(from).unwrap();
        let dest = to.join(rel);
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&dest).unwrap();
        } else {
            std::fs::copy(entry.path(), &dest).unwrap();
        }
    }
}

/// Every file under `dir`, relative path → bytes.
pub fn read_tree(dir: &Path) -> std::collections::BTreeMap<String, Vec<u8>> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .map(|e| e.unwrap())
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let rel = e.path().strip_prefix(dir).unwrap().display().to_string();
            (rel, std::fs::read(e.path()).unwrap())
        })
        .collect()
}

/// Everything a Pagefind index folder holds, with its gzip-compressed files decompressed, as
/// one string: what a reader of the published index could get out of it.
pub fn read_search_index(dir: &Path) -> String {
    use std::io::Read;
    let mut out = String::new();
    for (path, bytes) in read_tree(dir) {
        let mut decoded = Vec::new();
        let text = if flate2::read::GzDecoder::new(&bytes[..])
            .read_to_end(&mut decoded)
            .is_ok()
        {
            decoded
        } else {
            bytes
        };
        out.push_str(&path);
        out.push('\n');
        out.push_str(&String::from_utf8_lossy(&text));
        out.push('\n');
    }
    out
}

/// A small xorshift generator for the generated tests: reproducible from its seed, no
/// dependency.
pub struct Rng(pub u64);

impl Rng {
    pub fn next_u64(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    pub fn below(&mut self, n: usize) -> usize {
        (self.next_u64() % n as u64) as usize
    }
    pub fn chance(&mut self, percent: usize) -> bool {
        self.below(100) < percent
    }
    pub fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len())]
    }
}
