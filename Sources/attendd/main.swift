import AttendCore
import AttendIO
import AttendDaemon
import Foundation

// Signals are blocked before any thread starts, so only the event loop's signalfd sees them.
let signalFD = Daemon.blockSignals()
let environment = ProcessInfo.processInfo.environment

/// Says why attendd will not start, at error priority under journald, and exits.
func fail(_ message: String, status: Int32) -> Never {
    Logger(level: .error, environment: environment).startupFailure(message)
    exit(status)
}

let options: DaemonOptions
switch Result(catching: { try DaemonOptions.parse(Array(CommandLine.arguments.dropFirst()), environment: environment) }) {
case .success(.version):
    print("attendd \(attenddVersion)")
    exit(0)
case .success(.help):
    print(DaemonOptions.usage)
    exit(0)
case .success(.run(let parsed)):
    options = parsed
    // Tests only: the wall clock starts where ATTENDD_TEST_CLOCK_START says, before any thread.
    parsed.startTestClock(logger: Logger(level: .warning, environment: environment))
case .failure(let error):
    fail("attendd: \(error)\n\(DaemonOptions.usage)", status: 2)
}

let config: Config
do {
    config = try options.loadConfig()
} catch {
    fail(error.description, status: 1)
}
if options.checkOnly {
    print("\(options.configPath): configuration OK")
    exit(0)
}

do {
    let daemon = try Daemon(options: options, config: config, signalFD: signalFD)
    exit(daemon.run())
} catch {
    fail("attendd: \(error)", status: 1)
}
