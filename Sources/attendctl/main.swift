import AttendClient
import AttendCore
import AttendIO
import Foundation

// The version, from the one in AttendCore (as `attendd --version`), before anything is read.
if CommandLine.arguments.dropFirst().first == "--version" {
    print("attendctl \(attenddVersion)")
    exit(0)
}

// Tests only: the same wall clock as the daemon under test (ATTENDD_TEST_CLOCK_START), before any
// thread; a malformed value is a usage error, as for attendd.
do {
    if let start = try Clock.testStart(in: ProcessInfo.processInfo.environment) { Clock.startWallClock(at: start) }
} catch {
    FileHandle.standardError.write(Data("attendctl: \(error)\n".utf8))
    print(ControlTool.usage)
    exit(2)
}

let tool: ControlTool
do {
    tool = try ControlTool(arguments: Array(CommandLine.arguments.dropFirst()), environment: ProcessInfo.processInfo.environment)
} catch let error as UsageError {
    if !error.description.isEmpty { FileHandle.standardError.write(Data("attendctl: \(error)\n".utf8)) }
    print(ControlTool.usage)
    exit(error.description.isEmpty ? 0 : 2)
} catch {
    FileHandle.standardError.write(Data("attendctl: \(error)\n".utf8))
    exit(1)
}
exit(tool.run())
