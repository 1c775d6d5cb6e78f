//! Watching an import from another thread: how far it has read and a way to stop it.
//!
//! The window imports on a background thread. A [`Watch`] is shared between that thread and
//! the window: the importer's reads go through a [`Watched`] reader, which counts the bytes
//! read (the window draws a progress bar from them) and, once [`Watch::cancel`] has been
//! called, fails its next read, so every importer stops at its next chunk without knowing
//! about cancelling. [`super::import_file_watched`] turns that failure into
//! [`super::ImportError::Cancelled`].

use std::io::{Read, Seek, SeekFrom};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, AtomicUsize, Ordering};

/// Progress and the cancel flag of one import run (one or several files); cheap to clone,
/// every clone sees the same counters.
#[derive(Debug, Clone, Default)]
pub struct Watch {
    inner: Arc<Inner>,
}

#[derive(Debug, Default)]
struct Inner {
    cancelled: AtomicBool,
    /// Index of the file being read (0-based).
    file: AtomicUsize,
    /// Its size in bytes.
    size: AtomicU64,
    /// Where the importer is in it.
    position: AtomicU64,
}

/// What a [`Watch`] shows at one moment.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Progress {
    /// The file being read (0-based).
    pub file: usize,
    /// How far into it, 0–1 (`None` before its size is known).
    pub fraction: Option<f32>,
}

impl Watch {
    /// Asks the import to stop; it stops at its next read.
    pub fn cancel(&self) {
        self.inner.cancelled.store(true, Ordering::Relaxed);
    }

    /// Whether [`Self::cancel`] has been called.
    pub fn is_cancelled(&self) -> bool {
        self.inner.cancelled.load(Ordering::Relaxed)
    }

    /// The file being read and how far.
    pub fn progress(&self) -> Progress {
        let size = self.inner.size.load(Ordering::Relaxed);
        let position = self.inner.position.load(Ordering::Relaxed);
        let fraction = (size > 0).then(|| (position as f64 / size as f64).min(1.0) as f32);
        Progress {
            file: self.inner.file.load(Ordering::Relaxed),
            fraction,
        }
    }

    /// Starts counting file `index` of `size` bytes.
    pub fn start_file(&self, index: usize, size: u64) {
        self.inner.file.store(index, Ordering::Relaxed);
        self.inner.position.store(0, Ordering::Relaxed);
        self.inner.size.store(size, Ordering::Relaxed);
    }

    /// Wraps a reader so that its reads are counted and stop once cancelled.
    pub fn reader<R>(&self, src: R) -> Watched<R> {
        Watched {
            src,
            watch: self.clone(),
            position: 0,
        }
    }
}

/// A reader counted by a [`Watch`]; see the module docs.
#[derive(Debug)]
pub struct Watched<R> {
    src: R,
    watch: Watch,
    position: u64,
}

impl<R> Watched<R> {
    fn moved_to(&mut self, position: u64) {
        self.position = position;
        self.watch.inner.position.store(position, Ordering::Relaxed);
    }
}

/// The error a read gives once the import is cancelled.
fn cancelled() -> std::io::Error {
    std::io::Error::other("import cancelled")
}

impl<R: Read> Read for Watched<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        if self.watch.is_cancelled() {
            return Err(cancelled());
        }
        let n = self.src.read(buf)?;
        self.moved_to(self.position + n as u64);
        Ok(n)
    }
}

impl<R: Seek> Seek for Watched<R> {
    fn seek(&mut self, pos: SeekFrom) -> std::io::Result<u64> {
        if self.watch.is_cancelled() {
            return Err(cancelled());
        }
        let at = self.src.seek(pos)?;
        self.moved_to(at);
        Ok(at)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_are_counted_against_the_file_size() {
        let watch = Watch::default();
        watch.start_file(1, 10);
        let mut r = watch.reader(std::io::Cursor::new(vec![7u8; 10]));
        let mut buf = [0u8; 4];
        assert_eq!(r.read(&mut buf).ok(), Some(4));
        assert_eq!(
            watch.progress(),
            Progress {
                file: 1,
                fraction: Some(0.4)
            }
        );
        assert!(r.rewind().is_ok());
        assert_eq!(watch.progress().fraction, Some(0.0));
    }

    #[test]
    fn a_cancelled_watch_fails_the_next_read() {
        let watch = Watch::default();
        let mut r = watch.reader(std::io::Cursor::new(vec![7u8; 10]));
        watch.clone().cancel();
        let mut buf = [0u8; 4];
        assert!(r.read(&mut buf).is_err());
        assert!(r.rewind().is_err());
    }
}
