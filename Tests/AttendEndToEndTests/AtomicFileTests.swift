import AttendDaemon
import AttendIO
import Foundation
import Glibc
import Testing

/// `AtomicFile.write` on the real file system, each test in its own fresh directory.
@Suite struct AtomicFileTests {
    let directory: String

    init() throws {
        directory = NSTemporaryDirectory() + "attendd-atomic-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: false)
    }

    private func contents(_ path: String) throws -> String {
        String(decoding: try Data(contentsOf: URL(fileURLWithPath: path)), as: UTF8.self)
    }

    private func mode(_ path: String) -> mode_t {
        var info = stat()
        #expect(stat(path, &info) == 0)
        return info.st_mode & 0o7777
    }

    private func removeDirectory() {
        try? FileManager.default.removeItem(atPath: directory)
    }

    @Test func writesANewFile() throws {
        defer { removeDirectory() }
        let path = directory + "/status.json"
        try AtomicFile.write(Data("{}\n".utf8), to: path)
        #expect(try contents(path) == "{}\n")
        #expect(mode(path) == 0o644)
    }

    @Test func replacesAnExistingFileAndLeavesNoTemporaryFiles() throws {
        defer { removeDirectory() }
        let path = directory + "/attendd.prom"
        try AtomicFile.write(Data("first, and longer than the second\n".utf8), to: path)
        let before = try #require(try FileManager.default.attributesOfItem(atPath: path)[.systemFileNumber] as? Int)
        try AtomicFile.write(Data("second\n".utf8), to: path)
        #expect(try contents(path) == "second\n")
        // A new inode: the file was renamed over, not rewritten in place.
        let after = try #require(try FileManager.default.attributesOfItem(atPath: path)[.systemFileNumber] as? Int)
        #expect(before != after)
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory) == ["attendd.prom"])
    }

    /// The status files' way: still a rename over the old file (readers never see half of
    /// one), only without the fsyncs.
    @Test func aWriteThatIsNotDurableStillReplacesByRename() throws {
        defer { removeDirectory() }
        let path = directory + "/status.json"
        try AtomicFile.write(Data("{\"state\":\"starting\"}\n".utf8), to: path, durable: false)
        let before = try #require(try FileManager.default.attributesOfItem(atPath: path)[.systemFileNumber] as? Int)
        try AtomicFile.write(Data("{}\n".utf8), to: path, mode: 0o640, durable: false)
        #expect(try contents(path) == "{}\n")
        #expect(mode(path) == 0o640)
        let after = try #require(try FileManager.default.attributesOfItem(atPath: path)[.systemFileNumber] as? Int)
        #expect(before != after)
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory) == ["status.json"])
    }

    @Test func writesLargeAndEmptyData() throws {
        defer { removeDirectory() }
        let path = directory + "/big"
        let big = Data((0..<3_000_000).map { UInt8(truncatingIfNeeded: $0 &* 31) })
        try AtomicFile.write(big, to: path)
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == big)
        try AtomicFile.write(Data(), to: path)
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)).isEmpty)
    }

    @Test func honoursTheModeWhateverTheUmask() throws {
        defer { removeDirectory() }
        try AtomicFile.write(Data("secret\n".utf8), to: directory + "/private", mode: 0o600)
        #expect(mode(directory + "/private") == 0o600)
        // 0o664 would become 0o644 under the usual umask 022 if only open's mode were used.
        try AtomicFile.write(Data("shared\n".utf8), to: directory + "/group", mode: 0o664)
        #expect(mode(directory + "/group") == 0o664)
        // Replacing changes the mode too: the new file carries it.
        try AtomicFile.write(Data("now shared\n".utf8), to: directory + "/private", mode: 0o640)
        #expect(mode(directory + "/private") == 0o640)
    }

    @Test func failsWithAClearErrorInAMissingDirectory() throws {
        defer { removeDirectory() }
        let path = directory + "/missing/status.json"
        let error = try #require(throws: AtomicFileError.self) {
            try AtomicFile.write(Data("x".utf8), to: path)
        }
        #expect(error.path == path)
        #expect(error.step == .createTemporary)
        #expect(error.code == ENOENT)
        #expect(error.message == "No such file or directory")
        #expect(error.description == "cannot write \(path): create temporary file: No such file or directory")
    }

    @Test func failsAtRenameOntoADirectoryAndRemovesTheTemporaryFile() throws {
        defer { removeDirectory() }
        let path = directory + "/occupied"
        try FileManager.default.createDirectory(atPath: path + "/inside", withIntermediateDirectories: true)
        let error = try #require(throws: AtomicFileError.self) {
            try AtomicFile.write(Data("x".utf8), to: path)
        }
        #expect(error.step == .rename)
        #expect(error.code == EISDIR)
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory) == ["occupied"])
    }
}
