//! Reading one file into a `SourceFile`: UTF-8 check, BOM kept in place.
//!
//! Byte offsets everywhere else are offsets into `SourceFile::text`, which is
//! exactly the bytes on disk, so a finding's `byte_start..byte_end` can be
//! cut from the file as it is.

use std::io::Read;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::error::Error;
use crate::position::LineIndex;

/// One Markdown file as read.
#[derive(Debug, Clone)]
pub struct SourceFile {
    /// Path on disk (None for stdin).
    pub path: Option<PathBuf>,
    /// The name shown in reports: relative, forward slashes, no `./`.
    pub name: String,
    /// The file's bytes as text, including any BOM.
    pub text: Arc<str>,
}

impl SourceFile {
    pub fn from_text(name: impl Into<String>, text: impl Into<Arc<str>>) -> Self {
        Self {
            path: None,
            name: name.into(),
            text: text.into(),
        }
    }

    /// Reads `path`, naming it `name` in reports.
    pub fn read(path: &Path, name: String) -> Result<Self, Error> {
        let bytes = std::fs::read(path).map_err(|e| io_error(&name, &e))?;
        let text = decode(bytes, &name)?;
        Ok(Self {
            path: Some(path.to_path_buf()),
            name,
            text: text.into(),
        })
    }

    /// Reads standard input, naming it `name` in reports.
    pub fn read_stdin(name: String) -> Result<Self, Error> {
        let mut bytes = Vec::new();
        std::io::stdin()
            .lock()
            .read_to_end(&mut bytes)
            .map_err(|e| io_error(&name, &e))?;
        let text = decode(bytes, &name)?;
        Ok(Self {
            path: None,
            name,
            text: text.into(),
        })
    }
}

pub fn io_error(name: &str, e: &std::io::Error) -> Error {
    let message = match e.kind() {
        std::io::ErrorKind::NotFound => "no such file or directory".to_string(),
        std::io::ErrorKind::PermissionDenied => "permission denied".to_string(),
        std::io::ErrorKind::IsADirectory => "is a directory".to_string(),
        _ => e.to_string(),
    };
    Error::Io {
        path: name.to_string(),
        message,
    }
}

fn decode(bytes: Vec<u8>, name: &str) -> Result<String, Error> {
    String::from_utf8(bytes).map_err(|e| {
        let valid = e.utf8_error().valid_up_to();
        let bytes = e.into_bytes();
        // The prefix up to the bad byte is valid UTF-8, so we can place it.
        let prefix = String::from_utf8_lossy(&bytes[..valid]);
        let pos = LineIndex::new(&prefix).line_col(&prefix, prefix.len());
        Error::NotUtf8 {
            path: name.to_string(),
            line: pos.line,
            column: pos.column,
        }
    })
}

/// The display name of a path: forward slashes, no leading `./`.
pub fn display_name(path: &Path) -> String {
    let s = path.to_string_lossy().replace('\\', "/");
    let mut s = s.as_str();
    while let Some(rest) = s.strip_prefix("./") {
        s = rest;
    }
    s.to_string()
}
