// attendbench: measures a release attendd against this machine's own limits (issue 3).
//
//     swift build -c release && .build/release/attendbench [--quick] [--json FILE]
//
// Everything it starts (daemons, rsyslogd, threads) stops by itself; only loopback is used.
import Foundation

switch BenchOptions.parse(Array(CommandLine.arguments.dropFirst())) {
case .success(let options):
    exit(Bench(options: options).run())
case .failure(let error):
    FileHandle.standardError.write(Data("attendbench: \(error.description)\n\(BenchOptions.usage)\n".utf8))
    exit(2)
}
