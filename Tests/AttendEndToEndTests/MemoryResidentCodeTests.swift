import Foundation
import Glibc
import Testing

@testable import AttendDaemon

/// `ResidentCode.release()`: clean code mappings lose their resident pages, a mapping with a
/// private copy of a page keeps it, and the process goes on running.
@Suite("Memory: resident code")
struct MemoryResidentCodeTests {
    /// A two-page file mapped `r-xp` (private, read and execute) at a fresh address, both
    /// pages read (so resident); with `patch`, page 0 is written first (a private copy, as a
    /// debugger's breakpoint makes).
    private static func mapCode(patch: Bool) throws -> (base: UnsafeMutableRawPointer, path: String) {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("resident-\(UUID().uuidString)").path
        try Data(repeating: 0x90, count: 8192).write(to: URL(fileURLWithPath: path))
        let fd = open(path, O_RDONLY)
        #expect(fd >= 0)
        defer { close(fd) }
        let base = try #require(mmap(nil, 8192, PROT_READ | PROT_WRITE, MAP_PRIVATE, fd, 0))
        #expect(base != MAP_FAILED)
        if patch { base.storeBytes(of: 0xCC, as: UInt8.self) }
        #expect(mprotect(base, 8192, PROT_READ | PROT_EXEC) == 0)
        _ = base.load(as: UInt8.self) &+ base.load(fromByteOffset: 4096, as: UInt8.self)
        return (base, path)
    }

    /// Whether the page at `address` is mapped in this process (/proc/self/pagemap bit 63).
    private static func isResident(_ address: UnsafeRawPointer) -> Bool {
        let fd = open("/proc/self/pagemap", O_RDONLY)
        defer { close(fd) }
        var entry: UInt64 = 0
        let read = pread(fd, &entry, 8, off_t(UInt(bitPattern: address) / 4096 * 8))
        return read == 8 && entry & (1 << 63) != 0
    }

    @Test func aCleanCodeMappingLosesItsResidentPages() throws {
        let (base, path) = try Self.mapCode(patch: false)
        defer { munmap(base, 8192); unlink(path) }
        #expect(Self.isResident(base) && Self.isResident(base + 4096))
        #expect(ResidentCode.release() > 0)
        #expect(!Self.isResident(base) && !Self.isResident(base + 4096))
        // The pages come back from the file when read again.
        #expect(base.load(as: UInt8.self) == 0x90)
    }

    @Test func aMappingWithAPrivateCopyIsLeftAlone() throws {
        let (base, path) = try Self.mapCode(patch: true)
        defer { munmap(base, 8192); unlink(path) }
        ResidentCode.release()
        #expect(base.load(as: UInt8.self) == 0xCC)
        #expect(Self.isResident(base + 4096))
    }
}
