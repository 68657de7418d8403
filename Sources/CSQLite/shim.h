#include <sqlite3.h>

/// `sqlite3_config` is variadic, which Swift cannot call. With the memory statistics off,
/// SQLite's allocator no longer takes its global mutex around every malloc and free: 4-5% of
/// the writer thread's samples under load (issue 23). attendd never reads the statistics.
/// Returns SQLITE_MISUSE when SQLite is already initialized (the setting then stays as it is).
/// SwiftPM does not rebuild its users when only this header changes: touch Database.swift too.
static inline int attend_sqlite3_disable_memory_statistics(void) {
    return sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
}
