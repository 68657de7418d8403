import AttendIO
import AttendStore
import Foundation
import Glibc

/// The machine the figures were measured on.
struct MachineInfo: Codable, Sendable {
    var cpus: Int
    var cpuModel: String
    var memoryMB: Int
    var kernel: String
    var os: String
    var swift: String?
    var sqlite: String
    /// The filesystem holding the benchmark's databases: fsync costs depend on it.
    var filesystem: String
    var directory: String

    static func describe(directory: String) -> MachineInfo {
        var name = utsname()
        uname(&name)
        let kernel = withUnsafeBytes(of: &name.release) { String(decoding: $0.prefix(while: { $0 != 0 }), as: UTF8.self) }
        let cpuinfo = read("/proc/cpuinfo")
        let model = cpuinfo.split(separator: "\n").first { $0.hasPrefix("model name") }
            .map { $0.split(separator: ":", maxSplits: 1).last.map { $0.trimmingCharacters(in: .whitespaces) } ?? "" } ?? "unknown"
        let memoryKB = read("/proc/meminfo").split(separator: "\n").first { $0.hasPrefix("MemTotal:") }
            .flatMap { Int($0.split(separator: " ", omittingEmptySubsequences: true).dropFirst().first ?? "") } ?? 0
        let os = read("/etc/os-release").split(separator: "\n").first { $0.hasPrefix("PRETTY_NAME=") }
            .map { $0.dropFirst("PRETTY_NAME=".count).trimmingCharacters(in: CharacterSet(charactersIn: "\"")) } ?? "Linux"
        let sqlite = (try? Database(path: ":memory:").prepare("SELECT sqlite_version()").rows { $0.text(0) }.first) ?? "unknown"
        return MachineInfo(
            cpus: ProcessInfo.processInfo.activeProcessorCount, cpuModel: model, memoryMB: memoryKB / 1024, kernel: kernel,
            os: os, swift: swiftVersion(), sqlite: sqlite, filesystem: filesystem(of: directory), directory: directory)
    }

    var summary: String {
        """
        machine: \(cpus) CPUs (\(cpuModel)), \(memoryMB) MB, \(os), kernel \(kernel)
        software: \(swift ?? "swift ?"), SQLite \(sqlite); databases in \(directory) (\(filesystem))
        """
    }

    private static func read(_ path: String) -> String {
        ProcFile.read(path)
    }

    /// The filesystem type and device of the mount holding `path`, from /proc/mounts.
    private static func filesystem(of path: String) -> String {
        let resolved = URL(fileURLWithPath: path).resolvingSymlinksInPath().path
        var best: (point: String, text: String) = ("", "unknown")
        for line in read("/proc/mounts").split(separator: "\n") {
            let fields = line.split(separator: " ")
            guard fields.count >= 3 else { continue }
            let point = String(fields[1])
            let inside = point == "/" || resolved == point || resolved.hasPrefix(point + "/")
            if inside && point.count >= best.point.count { best = (point, "\(fields[2]) on \(fields[0])") }
        }
        return best.text
    }

    /// The first line of `swift --version`, if a toolchain is on the PATH (2 s at most).
    private static func swiftVersion() -> String? {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["swift", "--version"]
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        guard (try? process.run()) != nil else { return nil }
        let deadline = Date().addingTimeInterval(2)
        while process.isRunning && Date() < deadline { usleep(10_000) }
        if process.isRunning {
            process.terminate()
            return nil
        }
        let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        return text.split(separator: "\n").first.map { String($0) }
    }
}
