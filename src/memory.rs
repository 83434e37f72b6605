//! What happens to memory once freed (Linux, where the binary's allocator is jemalloc;
//! elsewhere nothing).
//!
//! `build` hands what loading and checking freed back before it renders
//! ([`release_freed_memory`]), so its peak is the live data, however fast the machine ran.
//!
//! The preview keeps it: a rebuild of a large site frees and allocates again much the same
//! hundreds of megabytes every time. jemalloc's default hands freed pages back to the
//! operating system within seconds, so each rebuild of a 10 000-document site page-faulted its
//! memory back in: about a third of its processor time. The server keeps freed memory for the
//! next rebuild ([`keep_freed_memory`]) and hands it back only after the large one-off jobs,
//! the first build, a rebuild of every page and a search index, so its resident size stays at
//! what one rebuild needs.

/// From now on, memory freed is kept for reuse instead of being handed back over time.
pub fn keep_freed_memory() {
    #[cfg(target_os = "linux")]
    for name in [
        // The arenas that exist, and those made later (each thread may get its own).
        c"arena.4096.dirty_decay_ms",
        c"arena.4096.muzzy_decay_ms",
        c"arenas.dirty_decay_ms",
        c"arenas.muzzy_decay_ms",
    ] {
        let mut never: isize = -1;
        // SAFETY: `name` is a NUL-terminated jemalloc control of type ssize_t, and `never`
        // is an ssize_t that lives across the call; no old value is asked for.
        let code = unsafe {
            tikv_jemalloc_sys::mallctl(
                name.as_ptr(),
                std::ptr::null_mut(),
                std::ptr::null_mut(),
                (&raw mut never).cast(),
                std::mem::size_of::<isize>(),
            )
        };
        debug_assert_eq!(code, 0, "{name:?}");
    }
}

/// Hands the memory freed so far back to the operating system (every arena's).
pub fn release_freed_memory() {
    #[cfg(target_os = "linux")]
    // SAFETY: `arena.4096.purge` (4096: every arena) takes no value and returns none.
    unsafe {
        tikv_jemalloc_sys::mallctl(
            c"arena.4096.purge".as_ptr(),
            std::ptr::null_mut(),
            std::ptr::null_mut(),
            std::ptr::null_mut(),
            0,
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_allocator_takes_both_settings() {
        // Fails (in a debug build) if jemalloc refuses a control name or its type.
        keep_freed_memory();
        let big = vec![1u8; 64 << 20];
        drop(big);
        release_freed_memory();
    }
}
