//! How large a file the readers that hold a whole file in memory take (GeoJSON, workbooks,
//! the CSV layouts other than China Customs, which is streamed): a stated limit, lowered to a
//! share of the memory free now, so that a file too large for this machine is refused with a
//! message instead of exhausting memory.

/// A reader's limit: at most `stated` bytes, and at most the free memory divided by
/// `expansion` (how many bytes of memory the reader needs per byte of file, measured in
/// RELIABILITY.md). `free` is the memory free now, if known.
pub fn whole_read_limit(stated: u64, expansion: u64, free: Option<u64>) -> u64 {
    free.map_or(stated, |f| stated.min(f / expansion.max(1)))
}

/// [`whole_read_limit`] with the memory this machine has free now.
pub fn whole_read_limit_now(stated: u64, expansion: u64) -> u64 {
    whole_read_limit(stated, expansion, memory_available())
}

/// The memory available to new allocations (Linux: `MemAvailable` in `/proc/meminfo`);
/// `None` where it cannot be told (then only the stated limits apply).
pub fn memory_available() -> Option<u64> {
    let text = std::fs::read_to_string("/proc/meminfo").ok()?;
    mem_available_of(&text)
}

/// `MemAvailable` of a `/proc/meminfo` text, in bytes.
fn mem_available_of(meminfo: &str) -> Option<u64> {
    let line = meminfo.lines().find(|l| l.starts_with("MemAvailable:"))?;
    let kb: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    kb.checked_mul(1024)
}

/// A size in MB (10⁶ bytes) for messages.
pub fn megabytes(bytes: u64) -> f64 {
    bytes as f64 / 1e6
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_limit_is_the_stated_one_or_a_share_of_free_memory_whichever_is_less() {
        assert_eq!(whole_read_limit(256, 4, None), 256);
        assert_eq!(whole_read_limit(256, 4, Some(4096)), 256);
        assert_eq!(whole_read_limit(256, 4, Some(400)), 100);
    }

    #[test]
    fn mem_available_is_read_in_kilobytes() {
        let text = "MemTotal:       16318864 kB\nMemFree:  1 kB\nMemAvailable:   2048 kB\n";
        assert_eq!(mem_available_of(text), Some(2048 * 1024));
        assert_eq!(mem_available_of("MemTotal: 5 kB\n"), None);
    }
}
