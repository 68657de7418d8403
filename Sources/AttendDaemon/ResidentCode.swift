import AttendIO
import Glibc

/// Hands back the code pages start-up left resident, once attendd serves.
///
/// Start-up runs code that never runs again (the config parser, migrations, ld.so's relocation
/// of 1.9 MB of `.rela.dyn`), and every fault on a file-backed page maps the 16 pages around it
/// too (the kernel's fault-around), so the static build's idle daemon held about 6 MB of code
/// it would not execute again. `MADV_DONTNEED` on a private, read-only mapping of a file only
/// drops this process's page-table entries: the pages stay in the page cache, and the code that
/// runs next faults its pages back in (a minor fault, no disk read). Idle, about 100 such
/// faults bring back what the loop, the writer and the timers use.
enum ResidentCode {
    /// Entry bits of /proc/self/pagemap: 63 is "present", 61 "file page or shared".
    private static let present: UInt64 = 1 << 63
    private static let filePage: UInt64 = 1 << 61

    /// Drops the resident pages of every private `r-xp` file mapping (attendd, libc,
    /// libstdc++, SQLite, ld.so; the Swift libraries too when linked dynamically) and returns
    /// how many bytes of them were resident. A mapping with a page of its own (a private copy:
    /// a debugger's breakpoint, a text relocation) is left alone, since dropping it would lose
    /// the change. Never fails: what cannot be read is skipped.
    @discardableResult
    static func release() -> Int {
        let pageSize = Int(sysconf(Int32(_SC_PAGESIZE)))
        let pagemap = open("/proc/self/pagemap", O_RDONLY | O_CLOEXEC)
        guard pagemap >= 0 else { return 0 }
        defer { close(pagemap) }
        var released = 0
        for mapping in codeMappings() {
            let pages = (mapping.end - mapping.start) / pageSize
            var entries = [UInt64](repeating: 0, count: pages)
            let wanted = pages * MemoryLayout<UInt64>.size
            let read = entries.withUnsafeMutableBytes { pread(pagemap, $0.baseAddress, wanted, off_t(mapping.start / pageSize * 8)) }
            guard read == wanted else { continue }
            let resident = entries.filter { $0 & present != 0 }
            guard !resident.isEmpty, resident.allSatisfy({ $0 & filePage != 0 }) else { continue }
            if madvise(UnsafeMutableRawPointer(bitPattern: mapping.start), mapping.end - mapping.start, MADV_DONTNEED) == 0 {
                released += resident.count * pageSize
            }
        }
        return released
    }

    /// The address ranges of /proc/self/maps lines like
    /// `55820fe35000-55821159a000 r-xp 00000000 fe:00 5317705 /usr/sbin/attendd`.
    private static func codeMappings() -> [(start: Int, end: Int)] {
        ProcFile.read("/proc/self/maps").split(separator: "\n").compactMap { line in
            let fields = line.split(separator: " ", omittingEmptySubsequences: true)
            guard fields.count >= 6, fields[1] == "r-xp", fields[5].hasPrefix("/") else { return nil }
            let bounds = fields[0].split(separator: "-")
            guard bounds.count == 2, let start = Int(bounds[0], radix: 16), let end = Int(bounds[1], radix: 16), end > start
            else { return nil }
            return (start, end)
        }
    }
}
